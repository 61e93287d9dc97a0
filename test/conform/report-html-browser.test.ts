// The HTML report as a person sees it: the suite run against a broken target from the catalogue (and
// against the twin) with `html` set, each file opened in headless Chromium with JavaScript on and the
// network off. Any request other than the file itself is aborted and counted: there must be none.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { startBroken } from '../../fixtures/broken/index.js';
import { runConformance, type ConformOptions, type RunResult } from '../../conformance/index.js';
import { toHtmlReport, verdictText } from '../../conformance/report/html-page.js';
import { browserUnavailable, launchChromium } from '../helpers/browser.js';

const why = browserUnavailable();
if (why) console.warn(`HTML report browser tests skipped: ${why}`);

/** a finished job read as active again: the timeline shows it leave "completed" */
const BROKEN = 'alchemyst-finished-reopens';
const API = 'alchemyst';
const OPTIONS = {
  token: 'tenant-a',
  otherToken: 'tenant-b',
  seed: 1,
  runs: 5,
  maxWaitMs: 8000,
  requestTimeoutMs: 3000,
  timeLimitMs: 90_000,
} satisfies Partial<ConformOptions>;
/** Set to a path (e.g. docs/images/conform-report.png) to keep the screenshot of the failing report. */
const SCREENSHOT = process.env.JOBTWIN_REPORT_SCREENSHOT;

type Browser = Awaited<ReturnType<typeof launchChromium>>;

/** Opens a report file offline; returns the page and every request that was not the file itself. */
async function open(browser: Browser, file: string) {
  const url = pathToFileURL(file).href;
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const attempted: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (target === url) return route.continue();
    attempted.push(target);
    return route.abort();
  });
  page.on('request', (request) => {
    if (request.url() !== url && !attempted.includes(request.url())) attempted.push(request.url());
  });
  // a CSP violation (the inline style or script refused) or a script error shows here
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { page, attempted, problems };
}

describe.skipIf(why !== undefined)('the HTML report in a browser', () => {
  let dir: string;
  let browser: Browser;
  let failing: RunResult;
  let passing: RunResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jobtwin-html-'));
    const running = await startBroken(BROKEN);
    try {
      failing = await runConformance({ ...OPTIONS, api: running.api, target: running.target, html: join(dir, 'failing.html') });
    } finally {
      await running.close();
    }
    const twin = await startMock({ apis: [API], port: 0, seed: 1, speed: 200, clock: 'system' });
    try {
      passing = await runConformance({ ...OPTIONS, api: API, target: twin.urls[API], html: join(dir, 'passing.html') });
    } finally {
      await twin.close();
    }
    browser = await launchChromium();
    await browser.context.setOffline(true);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a failing run: the count, the failing job on a timeline with its observation marked, curl and replay lines', async () => {
    expect(failing.exitCode).toBe(1);
    const index = failing.failures.findIndex((f) => f.check === 'lifecycle_transitions');
    expect(index, failing.failures.map((f) => f.check).join(', ')).toBeGreaterThanOrEqual(0);
    const failure = failing.failures[index];
    const { page, attempted, problems } = await open(browser, join(dir, 'failing.html'));
    try {
      await expect.poll(() => page.locator('#verdict').innerText()).toBe('FAILED');
      expect(await page.locator('#counts').innerText()).toBe(verdictText(failing));
      expect(await page.locator('#counts').innerText()).toMatch(/^FAILED: \d+ failures? in \d+ checks?$/);
      // the script ran under the page's CSP (it marks the page), and nothing was refused
      expect(await page.evaluate(() => document.documentElement.classList.contains('js'))).toBe(true);

      const section = page.locator(`#failure-${index + 1}`);
      if (!(await section.evaluate((d) => (d as HTMLDetailsElement).open))) await section.locator('summary').click();
      const timeline = section.locator('svg.timeline');
      await expect.poll(() => timeline.isVisible()).toBe(true);
      const marked = timeline.locator('g.obs.failing');
      expect(await marked.count()).toBe(1);
      expect(await marked.isVisible()).toBe(true);
      // the marked point is the observation read from the exchange the failure is about
      expect(await marked.getAttribute('data-seq')).toBe(String(failure.exchanges.at(-1)!.seq));
      expect(await timeline.locator('g.lane').count()).toBeGreaterThanOrEqual(2);
      expect(await timeline.locator('g.lane[data-state="completed"]').count()).toBe(1);
      // the list under the chart names the failing read: the job active again after completing
      expect(await section.locator('ol.observations li.failing').innerText()).toMatch(/^\+\d+ ms\s+active\b.*failing$/);

      const curl = section.locator(`#failure-${index + 1}-curl`);
      expect(await curl.isVisible()).toBe(true);
      expect(await curl.innerText()).toBe(failure.curl);
      expect(failure.curl).toMatch(/^curl /);
      const replay = section.locator(`#failure-${index + 1}-replay`);
      expect(await replay.isVisible()).toBe(true);
      expect(await replay.innerText()).toBe(failure.replayCommand);
      expect(failure.replayCommand).toContain('--replay');

      const copy = section.locator(`button[data-copy="failure-${index + 1}-replay"]`);
      await copy.click();
      await expect.poll(() => copy.innerText()).not.toBe('Copy');

      if (SCREENSHOT) {
        // the top of the page down to the failing job's timeline: what the README shows
        const box = await section.locator('ol.observations').boundingBox();
        const height = Math.ceil(box!.y + box!.height + 16 + (await page.evaluate(() => window.scrollY)));
        await writeFile(resolve(SCREENSHOT), await page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width: 1280, height } }));
      }
      const png = await page.screenshot({ fullPage: true });
      if (process.env.JOBTWIN_REPORT_FULL) await writeFile(process.env.JOBTWIN_REPORT_FULL, png);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(attempted).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a passing run shows PASSED and no failure sections', async () => {
    expect(passing.failures, passing.failures.map((f) => `${f.check}: ${f.message}`).join('\n')).toEqual([]);
    const { page, attempted, problems } = await open(browser, join(dir, 'passing.html'));
    try {
      expect(await page.locator('#verdict').innerText()).toBe('PASSED');
      expect(await page.locator('#counts').innerText()).toBe('PASSED');
      expect(await page.locator('details.failure').count()).toBe(0);
      expect(await page.locator('svg.timeline').count()).toBe(0);
      expect(await page.getByText('No failures').isVisible()).toBe(true);
      expect(await page.locator('table.matrix td.cell.pass').count()).toBeGreaterThan(0);
      expect(attempted).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('printed: every failure expanded, no buttons', async () => {
    const { page } = await open(browser, join(dir, 'failing.html'));
    try {
      await page.locator('#collapse-all').click();
      expect(await page.locator('details.failure[open]').count()).toBe(0);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('button').first().isVisible()).toBe(false);
      // what the script does when the browser prints
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      expect(await page.locator('details.failure[open]').count()).toBe(failing.failures.length);
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      expect(await page.locator('details.failure[open]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it("a hostile target's text stays text: no script runs, no element is injected", async () => {
    const attack = '</style><script>window.pwned=1</script><img src=x onerror="window.pwned=2">\' onmouseover=\'window.pwned=3\' "><svg onload=window.pwned=4>';
    const f = failing.failures.find((x) => x.check === 'lifecycle_transitions')!;
    const hostile: RunResult = {
      ...failing,
      api: attack,
      failures: [
        {
          ...f,
          message: attack,
          received: attack,
          exchanges: f.exchanges.map((x) => ({ ...x, url: `${x.url}?${attack}`, responseBody: attack, responseHeaders: { [attack]: attack } })),
          timeline: f.timeline!.map((o, i) => (i === 0 ? { ...o, status: attack } : o)),
          curl: `${f.curl} ${attack}`,
        },
      ],
    };
    const file = join(dir, 'hostile.html');
    await writeFile(file, toHtmlReport(hostile));
    const { page, attempted, problems } = await open(browser, file);
    try {
      await page.locator('#failure-1 pre.message').waitFor();
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('style').count()).toBe(1);
      expect(await page.locator('svg').count()).toBe(1);
      expect(await page.locator('[onmouseover], [onerror], [onload]').count()).toBe(0);
      expect(await page.locator('#failure-1 pre.message').innerText()).toBe(attack);
      expect(await page.locator('#failure-1-curl').innerText()).toBe(`${f.curl} ${attack}`);
      expect(await page.locator('#failure-1 svg.timeline g.lane').first().getAttribute('data-state')).toBe(attack);
      await page.locator('#failure-1 .body').first().hover();
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(attempted).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the file is the same run the JSON report holds', async () => {
    const html = await readFile(join(dir, 'failing.html'), 'utf8');
    expect(html).toContain(`seed ${failing.seed}`);
    for (const f of failing.failures) expect(html).toContain(`data-copy="failure-${failing.failures.indexOf(f) + 1}-curl"`);
  });
});
