// The HTML report's renderer on a fabricated run record: target text that tries to close the style
// sheet, open a script or leave an attribute stays text; the timeline draws a sequence of observations
// with the failing one marked; the matrix shows pass, fail, warn, not judged and skipped with its reason.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../conformance/report/console.js';
import { SCRIPT, STYLE } from '../../conformance/report/html-assets.js';
import { bounded, esc } from '../../conformance/report/html-escape.js';
import { cellKind, matrixOperations, matrixTable } from '../../conformance/report/html-matrix.js';
import { CSP, toHtmlReport, verdictText } from '../../conformance/report/html-page.js';
import { failingIndex, timelineSvg } from '../../conformance/report/html-timeline.js';
import { toJsonReport } from '../../conformance/report/json.js';
import type { ExchangeRecord, Failure, ObservationRecord, RunResult } from '../../conformance/runner/types.js';

/** Each tries another way out of the text it is put in. */
const HOSTILE = [
  '</style><script>window.pwned=1</script>',
  '</script><script>window.pwned=2</script>',
  '"><img src=x onerror="window.pwned=3">',
  "' onmouseover='window.pwned=4' x='",
  '<svg onload=window.pwned=5>',
  '<!-- ]]> &amp; \u0000\u001b[31m',
].join(' ');

function exchange(seq: number, status = 200): ExchangeRecord {
  return {
    seq,
    method: 'GET',
    url: `http://127.0.0.1:9/v1/jobs/${encodeURIComponent('<x>')}?q=${HOSTILE}`,
    requestHeaders: { authorization: 'Bearer ***', 'x-trace': HOSTILE },
    requestBody: JSON.stringify({ prompt: HOSTILE }),
    status,
    responseHeaders: { 'content-type': 'text/html', [`x-${HOSTILE}`]: HOSTILE },
    responseBody: `<html><body>${HOSTILE}</body></html>`,
    ms: 7,
  };
}

const T0 = Date.parse('2026-01-01T00:00:00Z');
const TIMELINE: ObservationRecord[] = [
  { at: T0, seq: 1, httpStatus: 200, status: 'queued' },
  { at: T0 + 100, seq: 2, httpStatus: 200, status: 'active', attempts: 1 },
  { at: T0 + 300, seq: 3, httpStatus: 200, status: 'queued', attempts: 1 },
  { at: T0 + 400, seq: 4, httpStatus: 200, status: HOSTILE },
];

function failure(over: Partial<Failure>): Failure {
  return {
    check: 'lifecycle_transitions',
    title: 'Lifecycle transitions',
    severity: 'error',
    phase: 'lifecycle',
    operation: 'getJob',
    endpoint: 'GET /jobs/{id}',
    message: `job j1 went from "active" to "queued" ${HOSTILE}`,
    expected: `"active" or after ${HOSTILE}`,
    received: `queued ${HOSTILE}`,
    count: 2,
    exchanges: [exchange(2), exchange(3)],
    observations: TIMELINE.map((o) => `${o.status} line`),
    timeline: TIMELINE,
    curl: `curl -sS -i 'http://127.0.0.1:9/v1/jobs/j1' -H "authorization: Bearer $JOBTWIN_TOKEN" # ${HOSTILE}`,
    seed: 7,
    replay: 'lifecycle/getJob/sequence:7:1:0',
    replayCommand: `jobtwin conform --api demo --target http://127.0.0.1:9/v1 --seed 7 --replay 'lifecycle/getJob/sequence:7:1:0'`,
    ...over,
  };
}

const FAILURES: Failure[] = [
  failure({}),
  failure({
    check: 'not_a_server_error',
    title: 'Not a server error',
    phase: 'stateless',
    operation: 'createJob',
    endpoint: 'POST /jobs',
    timeline: undefined,
    observations: undefined,
    exchanges: [exchange(9, 500)],
  }),
  failure({
    check: 'response_headers_conformance',
    title: 'Headers',
    severity: 'warning',
    operation: 'createJob',
    timeline: undefined,
    observations: undefined,
  }),
  // a check the summary does not list, on an operation no check judged
  failure({ check: `custom_${HOSTILE}`, operation: `op_${HOSTILE}`, timeline: undefined, observations: undefined }),
];

function result(failures: Failure[]): RunResult {
  return {
    api: `demo ${HOSTILE}`,
    target: `http://127.0.0.1:9/v1?${HOSTILE}`,
    seed: 7,
    runs: 20,
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 12_345,
    exchanges: 321,
    failures,
    checks: [
      { name: 'not_a_server_error', title: 'Not a server error', judged: 300, failures: 1, byOperation: { createJob: 100, getJob: 200 } },
      { name: 'lifecycle_transitions', title: 'Lifecycle transitions', judged: 40, failures: 1, byOperation: { getJob: 40 } },
      { name: 'response_headers_conformance', title: 'Headers', judged: 100, failures: 1, byOperation: { createJob: 100 } },
      { name: 'tenant_isolation', title: 'Tenant isolation', judged: 0, failures: 0, skipped: `needs --other-token ${HOSTILE}` },
    ],
    skipped: [{ phase: 'retention', reason: `no clock control ${HOSTILE}` }],
    timedOut: false,
    exitCode: failures.some((f) => f.severity === 'error') ? 1 : 0,
  };
}

const RESULT = result(FAILURES);
const HTML = toHtmlReport(RESULT);

/** The page without its own style sheet and script: what is left came from the record. */
function withoutAssets(html: string): string {
  expect(html.split(STYLE).length).toBe(2);
  expect(html.split(SCRIPT).length).toBe(2);
  return html.replace(STYLE, '').replace(SCRIPT, '');
}

/** Every attribute the page uses (no `style`, no handler): target text adds none. */
const ATTRIBUTES = [
  'aria-label',
  'charset',
  'class',
  'colspan',
  'content',
  'cx',
  'cy',
  'data-copy',
  'data-failing-seq',
  'data-seq',
  'data-state',
  'fill',
  'font-size',
  'height',
  'href',
  'http-equiv',
  'id',
  'lang',
  'name',
  'opacity',
  'open',
  'r',
  'role',
  'rx',
  'scope',
  'stroke',
  'stroke-dasharray',
  'stroke-width',
  'text-anchor',
  'title',
  'type',
  'viewbox',
  'width',
  'x',
  'x1',
  'x2',
  'xmlns',
  'y',
  'y1',
  'y2',
];

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

describe('escaping', () => {
  it('esc turns every markup character into a reference and shows controls', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(esc('a\u0000b\u001bc')).toBe('a\\x00b\\x1bc');
    expect(esc(undefined)).toBe('');
    expect(bounded('x'.repeat(10), 4)).toBe('xxxx… (6 more characters)');
    // never half a surrogate pair
    expect(bounded(`abc${'😀'}def`, 4)).toBe('abc… (5 more characters)');
  });

  it('hostile text from the target never becomes markup: one style, one script, no handlers, no other tags', () => {
    const rest = withoutAssets(HTML);
    expect(rest.match(/<style\b/gi)?.length).toBe(1);
    expect(rest.match(/<\/style>/gi)?.length).toBe(1);
    expect(rest.match(/<script\b/gi)?.length).toBe(1);
    expect(rest.match(/<\/script>/gi)?.length).toBe(1);
    expect(/<img|<svg onload|<!--/i.test(rest)).toBe(false);
    // every tag parses as name="value" pairs (a value holds no raw quote), and none is an event handler
    const opened = [...rest.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
    const attributes: string[] = [];
    for (const tag of opened) {
      const m = /^<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>$/.exec(tag);
      expect(m, tag.slice(0, 200)).not.toBeNull();
      for (const a of m![2].matchAll(/([\w:-]+)(?:="[^"]*")?/g)) attributes.push(a[1].toLowerCase());
    }
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
    expect([...new Set(attributes)].sort()).toEqual(ATTRIBUTES);
    const tags = new Set([...rest.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase()));
    const allowed = [
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'main',
      'h1',
      'h2',
      'h4',
      'div',
      'span',
      'dl',
      'dt',
      'dd',
      'ul',
      'ol',
      'li',
      'p',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'a',
      'wbr',
      'details',
      'summary',
      'pre',
      'button',
      'svg',
      'g',
      'rect',
      'text',
      'line',
      'circle',
      'footer',
      'script',
    ];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
    // every link stays inside the page
    for (const m of rest.matchAll(/\b(href|src)="([^"]*)"/g)) expect(m[2]).toMatch(/^#failure-\d+$/);
    // and the hostile text is there, as text
    for (const text of [
      '&lt;/style&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;',
      '&quot;&gt;&lt;img src=x onerror=&quot;window.pwned=3&quot;&gt;',
      '&#39; onmouseover=&#39;window.pwned=4&#39; x=&#39;',
      '\\x00\\x1b[31m',
    ]) {
      expect(rest.includes(text), text).toBe(true);
    }
  });

  it('a strict CSP allows exactly the inline style sheet and script, by hash, and nothing from the network', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(HTML);
    expect(meta?.[1]).toBe(CSP);
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain(`style-src 'sha256-${sha256(STYLE)}'`);
    expect(CSP).toContain(`script-src 'sha256-${sha256(SCRIPT)}'`);
    expect(CSP).not.toMatch(/unsafe|https?:|\*/);
    // the policy comes before anything it governs
    expect(HTML.indexOf('Content-Security-Policy')).toBeLessThan(HTML.indexOf('<style>'));
    // nothing to fetch: no external fonts, imports or URLs in the style sheet
    expect(STYLE).not.toMatch(/@import|url\(|@font-face|https?:/);
    expect(SCRIPT).not.toMatch(/fetch|XMLHttpRequest|https?:|eval|innerHTML/);
  });

  it('bodies and headers are bounded: a huge answer does not make a huge page', () => {
    const huge = failure({
      exchanges: [
        { ...exchange(1), responseBody: 'y'.repeat(100_000), responseHeaders: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`h${i}`, 'v'])) },
      ],
    });
    const html = toHtmlReport(result([huge]));
    expect(html.length).toBeLessThan(HTML.length + 20_000);
    expect(html).toContain('… 460 more headers');
    expect(html).toContain('(95904 more characters)');
  });
});

describe('the summary', () => {
  it('says what the console says: the verdict with its counts, target, API, seed, duration', () => {
    const console = formatSummary(RESULT, { color: false }).split('\n').at(-1);
    expect(verdictText(RESULT)).toBe(console);
    expect(HTML).toContain(`<span class="counts" id="counts">${console}</span>`);
    expect(HTML).toContain('<span class="verdict failed" id="verdict">FAILED</span>');
    expect(HTML).toContain('<dt>seed</dt><dd>7</dd>');
    expect(HTML).toContain('<dt>duration</dt><dd>12.3 s</dd>');
    expect(HTML).toContain(`<dt>target</dt><dd>${esc(RESULT.target)}</dd>`);
    expect(HTML).toContain('<dt>warnings</dt><dd>1</dd>');
    expect(HTML).toContain(`skipped retention: no clock control ${esc(HOSTILE)}`);
  });

  it('a run that did not finish: INCOMPLETE, why, and what did not run', () => {
    const r = result([]);
    r.exitCode = 3;
    r.incomplete = {
      reason: 'signal',
      signal: 'SIGTERM',
      phase: 'lifecycle',
      phasesNotRun: ['retention'],
      propertiesNotRun: ['lifecycle/getJob/sequence'],
      message: 'SIGTERM during the lifecycle phase',
    };
    const html = toHtmlReport(r);
    expect(html).toContain('id="verdict">INCOMPLETE</span>');
    expect(html).toContain('INCOMPLETE: no failure found, but the run did not finish');
    expect(html).toContain('phases not run: retention');
    expect(html).toContain('lifecycle/getJob/sequence');
  });

  it('a passing run: PASSED and no failure sections', () => {
    const html = toHtmlReport(result([]));
    expect(html).toContain('<span class="verdict passed" id="verdict">PASSED</span>');
    expect(html).not.toContain('<details');
    expect(html).toContain('No failures');
  });

  it('failures are numbered as on the console; the first three start open', () => {
    const opens = [...HTML.matchAll(/<details class="failure (error|warning)" id="(failure-\d+)"( open)?>/g)].map((m) => [m[2], m[1], Boolean(m[3])]);
    expect(opens).toEqual([
      ['failure-1', 'error', true],
      ['failure-2', 'error', true],
      ['failure-3', 'warning', true],
      ['failure-4', 'error', false],
    ]);
  });

  it('a failure shows its exchanges, the curl and replay lines with copy buttons, and its timeline', () => {
    const section = HTML.slice(HTML.indexOf('id="failure-1"'), HTML.indexOf('id="failure-2"'));
    expect(section).toContain('<pre class="cmd-text" id="failure-1-curl">curl -sS -i &#39;http://127.0.0.1:9/v1/jobs/j1&#39;');
    expect(section).toContain(`<pre class="cmd-text" id="failure-1-replay">${esc(FAILURES[0].replayCommand)}</pre>`);
    expect(section).toContain('data-copy="failure-1-curl"');
    expect(section).toContain('data-copy="failure-1-replay"');
    expect(section.match(/<div class="exchange/g)?.length).toBe(2);
    expect(section).toContain('<span class="method">GET</span>');
    expect(section).toContain('HTTP 200');
    // the failing observation is the one read from the exchange the curl line repeats (seq 3)
    expect(section).toContain('data-failing-seq="3"');
    expect(section).toMatch(/<li class="failing"><span class="at">\+300 ms<\/span> queued line/);
    const other = HTML.slice(HTML.indexOf('id="failure-2"'), HTML.indexOf('id="failure-3"'));
    expect(other).not.toContain('<svg');
    expect(other).toContain('<span class="status err">HTTP 500</span>');
  });

  it('the JSON report carries the observation times the timeline is drawn from', () => {
    const json = JSON.parse(toJsonReport(RESULT));
    expect(json.failures[0].timeline).toEqual(TIMELINE);
    expect(json.checks[0].byOperation).toEqual({ createJob: 100, getJob: 200 });
  });
});

describe('the timeline', () => {
  const svg = timelineSvg(TIMELINE, 3);
  const num = (s: string, attr: string): number => Number(new RegExp(`\\b${attr}="([-\\d.]+)"`).exec(s)![1]);

  it('one band per state, in the order first seen; a bar per interval in the state held; a point per observation', () => {
    expect([...svg.matchAll(/<g class="lane" data-state="([^"]*)"/g)].map((m) => m[1])).toEqual(['queued', 'active', esc(HOSTILE)]);
    const bars = [...svg.matchAll(/<rect class="band"[^>]*>/g)].map((m) => m[0]);
    expect(bars.length).toBe(3);
    // after the 170-unit labels, each of the 3 intervals gets 24 units, and the other 614 of the 686-unit
    // plot go in proportion to time: 0, 100, 300, 400 of 400 ms
    expect(bars.map((b) => num(b, 'x'))).toEqual([170, 347.5, 678.5]);
    expect(bars.map((b) => num(b, 'width'))).toEqual([177.5, 331, 177.5]);
    // each bar sits in the band of the state it stands for: queued, active, queued
    const laneY = [...svg.matchAll(/<g class="lane"[^>]*><rect x="170" y="(\d+)"/g)].map((m) => Number(m[1]));
    expect(bars.map((b) => num(b, 'y') - 8)).toEqual([laneY[0], laneY[1], laneY[0]]);
    expect(svg.match(/<g class="obs( failing)?"/g)?.length).toBe(4);
  });

  it('the failing observation is ringed and marked with a line; its title says so', () => {
    const failing = /<g class="obs failing" data-seq="(\d+)">(.*?)<\/g>/.exec(svg);
    expect(failing?.[1]).toBe('3');
    expect(failing?.[2]).toContain('r="8"');
    expect(failing?.[2]).toContain('+300 ms (exchange 3, HTTP 200): queued attempts=1 (failing)');
    expect(num(/<line class="failing-mark"[^>]*>/.exec(svg)![0], 'x1')).toBe(678.5);
    expect(svg).toContain('aria-label="Timeline of 4 observations over 400 ms: queued → active → queued → ');
  });

  it('the failing observation is the last when no observation was read from the failing exchange', () => {
    expect(failingIndex(TIMELINE, 99)).toBe(3);
    expect(failingIndex(TIMELINE, undefined)).toBe(3);
    expect(failingIndex(TIMELINE, 1)).toBe(0);
    expect(/<g class="obs failing" data-seq="(\d+)"/.exec(timelineSvg(TIMELINE))?.[1]).toBe('4');
  });

  it('reads milliseconds apart after a long wait stay apart', () => {
    const late = [TIMELINE[0], { ...TIMELINE[1], at: T0 + 60_000 }, { ...TIMELINE[2], at: T0 + 60_002 }];
    const xs = [...timelineSvg(late, 3).matchAll(/<g class="obs[^"]*" data-seq="\d+"><circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs[0]).toBe(170);
    expect(xs[2]).toBe(856);
    expect(xs[2] - xs[1]).toBeGreaterThanOrEqual(24);
  });

  it('one observation, or all at the same instant, still draws every point', () => {
    const one = timelineSvg([TIMELINE[0]], 1);
    expect(one).not.toContain('NaN');
    expect(one.match(/<g class="obs/g)?.length).toBe(1);
    const same = timelineSvg(
      TIMELINE.map((o) => ({ ...o, at: T0 })),
      2,
    );
    expect(same).not.toContain('NaN');
    const xs = [...same.matchAll(/<g class="obs[^"]*" data-seq="\d+"><circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toEqual([170, 398.7, 627.3, 856]);
    expect(timelineSvg([])).toBe('');
  });

  it('an observation without a status is drawn in a band named for its HTTP status', () => {
    const svg2 = timelineSvg([TIMELINE[0], { at: T0 + 50, seq: 5, httpStatus: 503 }], 5);
    expect(svg2).toContain('data-state="(HTTP 503)"');
  });
});

describe('the check matrix', () => {
  const anchors = new Map(FAILURES.map((f, i) => [f, `failure-${i + 1}`]));
  const table = matrixTable(RESULT, anchors);
  const rows = table.split('<tr').slice(1);
  const row = (name: string): string => rows.find((r) => r.includes(`<span class="name">${name}</span>`))!;
  const cells = (r: string): string[] => [...r.matchAll(/<td class="cell (\w+)"/g)].map((m) => m[1]);

  it('a column per operation, in the order the checks judged them, then those only failures name', () => {
    expect(matrixOperations(RESULT)).toEqual(['createJob', 'getJob', `op_${HOSTILE}`]);
    expect(rows[0]).toContain('<th scope="col" class="op">create<wbr>Job</th>');
  });

  it('cells: failed with a link to the failure, warned, passed with its count, not judged', () => {
    expect(cells(row('not_a_server_error'))).toEqual(['fail', 'pass', 'none']);
    expect(row('not_a_server_error')).toContain('<a href="#failure-2">✗ 1</a>');
    expect(row('not_a_server_error')).toContain('✓ <span class="n">200</span>');
    expect(cells(row('lifecycle_transitions'))).toEqual(['none', 'fail', 'none']);
    expect(cells(row('response_headers_conformance'))).toEqual(['warn', 'none', 'none']);
    expect(row('response_headers_conformance')).toContain('<a href="#failure-3">! 1</a>');
    expect(row(esc(`custom_${HOSTILE}`, 80))).toContain('<a href="#failure-4">✗ 1</a>');
  });

  it('a check that judged nothing is one cell across the operations, with the reason', () => {
    const r = row('tenant_isolation');
    expect(r).toContain(`<td class="skip" colspan="3">skipped: needs --other-token ${esc(HOSTILE)}</td>`);
    expect(cells(r)).toEqual([]);
  });

  it('cellKind: an error outranks a warning, a warning outranks a pass', () => {
    expect(cellKind(5, [FAILURES[2], FAILURES[0]])).toBe('fail');
    expect(cellKind(5, [FAILURES[2]])).toBe('warn');
    expect(cellKind(5, [])).toBe('pass');
    expect(cellKind(0, [])).toBe('none');
  });
});
