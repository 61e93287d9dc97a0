// The web view in headless Chromium: it lists a job created through an API, follows it as the clock
// moves (from its own clock controls and from the control interface), changes it with an action
// button, shows its timeline and the journal's bodies, links the specs, and asks for the control token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTwin, type Harness } from '../helpers/twin.js';
import { browserUnavailable, launchChromium } from '../helpers/browser.js';
import { startMock, type RunningMock } from '../../src/index.js';

const why = browserUnavailable();
if (why) console.warn(`web view tests skipped: ${why}`);

const WAIT = { timeout: 30_000 };
const CREATE = '/alchemyst/api/v1/context/add-async';
const createBody = { documents: [{ content: 'from the app' }], source: 'app', context_type: 'resource', scope: 'internal' };

/** Every console error and uncaught exception of a page: a CSP refusal shows up here. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    // A page without an icon (a spec's JSON opened in the tab) makes Chromium ask for /favicon.ico.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

const row = (page: Page, api: string, id: string, state?: string) =>
  page.locator(`#jobs-body tr[data-key="${api}/${id}"]${state ? `[data-state="${state}"]` : ''}`);

describe.skipIf(why !== undefined)('the web view in a browser', () => {
  let t: Harness;
  let guarded: RunningMock;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    t = await startTwin({ clock: 'frozen' });
    guarded = await startMock({ apis: ['jobs'], controlToken: 'ui-t0ken', clock: 'frozen', seed: 3 });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await guarded?.close();
  });

  it('lists a job created through the API and follows it as the clock moves', async () => {
    const page = await browser.context.newPage();
    const problems = watch(page);
    await page.goto(`${t.url}/__jobtwin/ui/`);
    const created = await t.call('POST', CREATE, { body: createBody, headers: { 'x-jobtwin-job': 'outcome=succeed; failures=0; queue=10s; run=10s' } });
    expect(created.status).toBe(201);
    const id = created.body.jobId as string;
    // Listed by the page's own polling, no reload.
    await row(page, 'alchemyst', id, 'waiting').waitFor(WAIT);
    await expect(row(page, 'alchemyst', id).locator('.pill').textContent()).resolves.toBe('waiting');
    // The page's clock control: +10s ends the queue wait.
    await page.locator('#clock-mode', { hasText: 'frozen' }).waitFor(WAIT);
    await page.click('button[data-advance="10s"]');
    await row(page, 'alchemyst', id, 'active').waitFor(WAIT);
    expect((await t.call('GET', `${CREATE}/${id}/status`)).body.status).toBe('active');
    // The control interface, from elsewhere (a test moving the clock): the page follows.
    expect((await t.control('POST', '/clock/advance', { by: '10s' })).status).toBe(200);
    await row(page, 'alchemyst', id, 'completed').waitFor(WAIT);
    await page.locator('#clock-now', { hasText: '2026-01-01 00:00:20 UTC' }).waitFor(WAIT);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("shows a job's timeline and completes it with an action button", async () => {
    const page = await browser.context.newPage();
    const problems = watch(page);
    const created = await t.call('POST', CREATE, {
      body: createBody,
      headers: { 'x-jobtwin-job': 'outcome=succeed; failures=1; queue=5s; run=5s; backoff=5s' },
    });
    const id = created.body.jobId as string;
    await page.goto(`${t.url}/__jobtwin/ui/#api=alchemyst`);
    await row(page, 'alchemyst', id, 'waiting').click(WAIT);
    // The timeline: the queued step reached, the failed attempt, the retry and the end still planned.
    const timeline = page.locator('#d-timeline');
    await timeline.locator('li.step.past.current').waitFor(WAIT);
    await expect(timeline.locator('li.step.future').count()).resolves.toBeGreaterThanOrEqual(3);
    await timeline.locator('li.now').waitFor(WAIT);
    await timeline.locator('li.step.future', { hasText: 'delayed' }).waitFor(WAIT);
    await expect(timeline.locator('li.step.future .error').count()).resolves.toBe(1);
    await page.locator('#d-fields', { hasText: '0 of 3' }).waitFor(WAIT);
    // Complete now: a forced move to the API's success state.
    await page.click('#act-complete');
    await row(page, 'alchemyst', id, 'completed').waitFor(WAIT);
    await page.locator('#d-pill .pill', { hasText: 'completed' }).waitFor(WAIT);
    expect((await t.control('GET', `/jobs/alchemyst/${id}`)).body.status).toBe('completed');
    // Move to a state through the form, then delete: the row goes.
    await page.selectOption('#move-to', 'failed');
    await page.check('#move-force');
    await page.click('.actions.move button[type=submit]');
    await row(page, 'alchemyst', id, 'failed').waitFor(WAIT);
    await page.click('#act-delete');
    await row(page, 'alchemyst', id).waitFor({ state: 'detached', ...WAIT });
    expect((await t.control('GET', `/jobs/alchemyst/${id}`)).status).toBe(404);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('filters by state and moves through the jobs with the keyboard', async () => {
    const page = await browser.context.newPage();
    const failed = (await t.control('POST', '/jobs', { api: 'jobs', tenant: 'keys', state: 'FAILED' })).body;
    const pending = (await t.control('POST', '/jobs', { api: 'jobs', tenant: 'keys', state: 'PENDING' })).body;
    await page.goto(`${t.url}/__jobtwin/ui/#api=jobs&tenant=keys&state=FAILED`);
    await row(page, 'jobs', failed.id, 'FAILED').waitFor(WAIT);
    await expect(row(page, 'jobs', pending.id).count()).resolves.toBe(0);
    await page.selectOption('#f-state', '');
    await row(page, 'jobs', pending.id).waitFor(WAIT);
    // j opens the first (newest) job, j again the next, Esc closes.
    await page.keyboard.press('j');
    await page.locator('#detail h2', { hasText: pending.id }).waitFor(WAIT);
    await page.keyboard.press('j');
    await page.locator('#detail h2', { hasText: failed.id }).waitFor(WAIT);
    await page.keyboard.press('Escape');
    await page.locator('#detail').waitFor({ state: 'hidden', ...WAIT });
    await page.close();
  }, 120_000);

  it('shows the journal with the request and response bodies, and links the specs', async () => {
    const page = await browser.context.newPage();
    const problems = watch(page);
    await t.control('DELETE', '/journal');
    const created = await t.call('POST', CREATE, { body: createBody, token: 'journal-user' });
    await page.goto(`${t.url}/__jobtwin/ui/#tab=journal`);
    const entry = page.locator('#journal-body tr.entry', { hasText: CREATE });
    await entry.waitFor(WAIT);
    await entry.locator('.status', { hasText: '201' }).waitFor(WAIT);
    await entry.click();
    const bodies = page.locator('#journal-body tr.bodies');
    await bodies.locator('pre', { hasText: '"from the app"' }).waitFor(WAIT);
    await bodies.locator('pre', { hasText: created.body.jobId }).waitFor(WAIT);
    // The specs menu links each API's contract.
    await page.click('#specs-menu summary');
    const link = page.locator('#specs-list a', { hasText: 'JSON' }).first();
    const href = await link.getAttribute('href');
    expect(href).toBe('/__jobtwin/specs/alchemyst');
    // The web view had no error; then the link's target, in the same tab.
    expect(problems).toEqual([]);
    const spec = await page.goto(`${t.url}${href}`);
    expect(spec?.headers()['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse((await spec?.text()) ?? '{}')['x-jobtwin'].name).toBe('alchemyst');
    await page.close();
  }, 120_000);

  it('simulates a tenant and adds and removes a fault', async () => {
    const page = await browser.context.newPage();
    await t.call('POST', CREATE, { body: createBody, token: 'sim-user' });
    await page.goto(`${t.url}/__jobtwin/ui/#tab=sims`);
    const tenant = page.locator('#tenants-body tr', { hasText: 'sim-user' });
    await tenant.locator('button', { hasText: '402' }).click(WAIT);
    await tenant.locator('button[aria-pressed=true]', { hasText: '402' }).waitFor(WAIT);
    expect((await t.call('POST', CREATE, { body: createBody, token: 'sim-user', unchecked: true })).status).toBe(402);
    await tenant.locator('button', { hasText: 'normal' }).click();
    await tenant.locator('button[aria-pressed=true]', { hasText: 'normal' }).waitFor(WAIT);
    await page.selectOption('#fault-kind', 'status503');
    await page.selectOption('#fault-api', 'jobs');
    await page.click('#fault-form button[type=submit]');
    const fault = page.locator('#faults-body tr', { hasText: 'status 503' });
    await fault.waitFor(WAIT);
    expect((await t.control('GET', '/faults')).body.faults).toMatchObject([{ kind: 'status', status: 503, api: 'jobs', remaining: 1 }]);
    await fault.locator('button', { hasText: 'Remove' }).click();
    await page.locator('#faults-empty').waitFor(WAIT);
    expect((await t.control('GET', '/faults')).body.faults).toEqual([]);
    await page.close();
  }, 120_000);

  it('asks for the control token when the twin wants one, and then works', async () => {
    const page = await browser.context.newPage();
    const created = (await fetch(`${guarded.url}/__jobtwin/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-jobtwin-token': 'ui-t0ken' },
      body: JSON.stringify({ api: 'jobs', tenant: 'alice', state: 'PROCESSING' }),
    }).then((r) => r.json())) as { id: string };
    await page.goto(`${guarded.url}/__jobtwin/ui/`);
    const dialog = page.locator('#token-dialog');
    await dialog.waitFor(WAIT);
    await page.fill('#token-input', 'wrong');
    await page.click('#token-form button[type=submit]');
    await page.locator('#token-error', { hasText: 'refused' }).waitFor(WAIT);
    await page.fill('#token-input', 'ui-t0ken');
    await page.click('#token-form button[type=submit]');
    await row(page, 'jobs', created.id, 'PROCESSING').waitFor(WAIT);
    await page.locator('#live', { hasText: 'live' }).waitFor(WAIT);
    // a spec link opens the spec, though a plain link cannot carry the token
    await page.click('#specs-menu summary');
    const [tab] = await Promise.all([page.waitForEvent('popup', WAIT), page.locator('#specs-list a', { hasText: 'JSON' }).first().click()]);
    await tab.waitForURL(/^blob:/, WAIT);
    expect(JSON.parse((await tab.textContent('body')) ?? '{}')['x-jobtwin'].name).toBe('jobs');
    await tab.close();
    await page.close();
  }, 120_000);
});
