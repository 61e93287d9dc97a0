// The reports of a conformance run, fed hostile text: JUnit must stay well-formed XML, secrets must never
// show, logs must carry no escape codes, and report files must be replaced whole or not at all.
import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { curlOf } from '../../conformance/http/curl.js';
import type { Exchange } from '../../conformance/http/types.js';
import { createProgress, formatFailure, formatSummary } from '../../conformance/report/console.js';
import { toJsonReport, writeReport } from '../../conformance/report/json.js';
import { toJUnit } from '../../conformance/report/junit.js';
import { toRecord } from '../../conformance/report/record.js';
import type { Failure, ProgressEvent, RunResult } from '../../conformance/runner/types.js';

const TOKEN = 'sk_test_9f8e7d6c5b4a3210';
const HOSTILE = `<]]>&"' \u0000\u0007\u001b[31mred\u001b[0m \ud800 \uffff end`;
const BIG = `${HOSTILE}\n${'x'.repeat(10_240)}`;

function exchange(seq: number, overrides: Partial<Exchange> = {}): Exchange {
  return {
    seq,
    ms: 12,
    at: 0,
    retries: 0,
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:9/v1/jobs?q=<a>&b',
      headers: { Authorization: `Bearer ${TOKEN}`, 'X-Trace': HOSTILE },
      body: { kind: 'json', value: { prompt: HOSTILE, echo: TOKEN } },
    },
    response: { status: 500, headers: { 'content-type': 'text/html', 'x-echo': TOKEN }, text: `${BIG} ${TOKEN}`, body: undefined, bytes: 0 },
    ...overrides,
  } as Exchange;
}

function failure(check: string, operation: string, severity: 'error' | 'warning', seq: number): Failure {
  // curl lines substitute secrets in headers only: the repeated request carries the token there alone
  const x = exchange(seq);
  x.request.body = { kind: 'json', value: { prompt: HOSTILE } };
  return {
    check,
    title: `${check} title`,
    severity,
    phase: 'stateless',
    operation,
    endpoint: `POST /jobs`,
    message: `server answered 500 ${HOSTILE}\nsecond line`,
    expected: `a 2xx or a documented 4xx ${HOSTILE}`,
    received: `500 \u0001${HOSTILE}`,
    count: 3,
    exchanges: [toRecord(exchange(seq - 1), [TOKEN]), toRecord(x, [TOKEN])],
    observations: [`t=0 queued ${HOSTILE}`, 't=120 running'],
    curl: curlOf(x, { secrets: { [TOKEN]: 'JOBTWIN_TOKEN' } }),
    seed: 42,
    replay: `stateless:${operation}:42:0`,
    replayCommand: `jobtwin conform --api demo --target http://127.0.0.1:9/v1 --replay 'stateless:${operation}:42:0'`,
  };
}

function result(failures: Failure[]): RunResult {
  return {
    api: 'demo<&>',
    target: 'http://127.0.0.1:9/v1',
    seed: 42,
    runs: 20,
    startedAt: '2024-01-01T00:00:00.000Z',
    wallMs: 12_345,
    exchanges: 480,
    failures,
    checks: [
      { name: 'not_a_server_error', title: 'no 5xx', judged: 480, failures: 2 },
      { name: 'status_code_conformance', title: 'documented status', judged: 480, failures: 1 },
      { name: 'content_type_conformance', title: 'content type', judged: 470, failures: 0 },
      { name: 'tenant_isolation', title: 'isolation', judged: 0, failures: 0, skipped: `no --other-token ${HOSTILE}` },
    ],
    skipped: [{ phase: 'retention', reason: 'the target has no clock control' }],
    timedOut: false,
    exitCode: failures.some((f) => f.severity === 'error') ? 1 : 0,
  };
}

const FAILURES = [
  failure('not_a_server_error', 'createJob', 'error', 2),
  failure('not_a_server_error', 'createJob', 'error', 4),
  failure('not_a_server_error', 'getJob', 'error', 6),
  failure('status_code_conformance', 'listJobs', 'warning', 8),
];
const RESULT = result(FAILURES);

// ---- a small strict XML 1.0 reader: enough to prove well-formedness and to count elements ----

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const XML_CHARS = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const REF = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;

function decode(raw: string): string {
  // a raw `&` or `<` in character data or an attribute is not XML
  expect(raw.replace(REF, '')).not.toMatch(/[&<]/);
  return raw.replace(REF, (ref) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (named[ref]) return named[ref];
    const code = ref[2] === 'x' ? parseInt(ref.slice(3, -1), 16) : parseInt(ref.slice(2, -1), 10);
    const char = String.fromCodePoint(code);
    expect(char).toMatch(XML_CHARS);
    return char;
  });
}

function parseXml(xml: string): XmlNode {
  expect(xml).toMatch(XML_CHARS);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  let rest = xml.slice(xml.indexOf('?>') + 2);
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const TAG = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>/;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (stack.length === 1) expect(text.trim()).toBe('');
    stack[stack.length - 1].text += decode(text);
    if (lt < 0) break;
    rest = rest.slice(lt);
    const m = TAG.exec(rest);
    if (!m) throw new Error(`not a tag: ${JSON.stringify(rest.slice(0, 60))}`);
    const [whole, close, name, attrText, selfClose] = m;
    if (close) {
      expect(attrText + selfClose).toBe('');
      expect(stack.pop()?.name).toBe(name);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
        expect(attrs[a[1]]).toBeUndefined();
        attrs[a[1]] = decode(a[2]);
      }
      const node: XmlNode = { name, attrs, children: [], text: '' };
      stack[stack.length - 1].children.push(node);
      if (stack.length === 1) expect(root.children).toHaveLength(1);
      if (!selfClose) stack.push(node);
    }
    rest = rest.slice(whole.length);
  }
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0];
}

const all = (node: XmlNode, name: string): XmlNode[] => [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => all(c, name))];

describe('toRecord', () => {
  it('masks secrets, keeps the scheme, cuts bodies with their size and lower-cases response headers', () => {
    const x = exchange(1);
    x.response!.headers = { 'Content-Type': 'text/html', 'X-Echo': TOKEN };
    const r = toRecord(x, [TOKEN]);
    expect(r.requestHeaders.Authorization).toBe('Bearer ***');
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(r.responseHeaders).toEqual({ 'content-type': 'text/html', 'x-echo': '***' });
    expect(r.responseBody!.length).toBeLessThan(2100);
    expect(r.responseBody).toMatch(new RegExp(`… \\(${Buffer.byteLength(x.response!.text)} bytes\\)$`));
    expect(r.requestBody).toBe(JSON.stringify({ prompt: HOSTILE, echo: '***' }));
    expect(r).toMatchObject({ seq: 1, method: 'POST', status: 500, ms: 12 });
  });

  it('writes multipart fields and files as lines, and a transport error as kind: message', () => {
    const x = exchange(2, {
      request: {
        method: 'post',
        url: 'http://h/v1/files',
        headers: {},
        body: { kind: 'multipart', fields: { purpose: 'batch' }, files: { file: { filename: 'a.jsonl', contentType: 'application/jsonl', content: 'é{}' } } },
      },
      response: undefined,
      error: { kind: 'timeout', message: 'no answer in 10000 ms' },
    });
    const r = toRecord(x, []);
    expect(r.requestBody).toBe('purpose=batch\nfile=@a.jsonl (application/jsonl, 4 bytes)');
    expect(r.error).toBe('timeout: no answer in 10000 ms');
    expect(r.status).toBeUndefined();
  });
});

describe('JUnit', () => {
  it('is judged by a checker that does reject bad XML', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
    for (const bad of ['<a>&</a>', '<a><b></a></b>', '<a x="<"/>', '<a>\u0001</a>', '<a/><b/>', '<a>\ud800</a>', '<a>']) {
      expect(() => parseXml(head + bad), bad).toThrow();
    }
    expect(parseXml(`${head}<a x="&quot;&#10;">&lt;&amp;</a>`)).toEqual({ name: 'a', attrs: { x: '"\n' }, children: [], text: '<&' });
  });

  const xml = toJUnit(RESULT);
  const doc = parseXml(xml);

  it('is well-formed XML with only allowed characters', async () => {
    expect(doc.name).toBe('testsuites');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    // a real parser as well, when one happens to be installed
    const fxp = await import('fast-xml-parser').catch(() => undefined);
    if (fxp) expect(fxp.XMLValidator.validate(xml)).toBe(true);
  });

  it('has counts that agree with the result', () => {
    const suites = all(doc, 'testsuite');
    const cases = all(doc, 'testcase');
    const failed = cases.filter((c) => c.children.some((x) => x.name === 'failure'));
    expect(doc.attrs).toMatchObject({ name: 'jobtwin conform', tests: String(cases.length), failures: String(failed.length), time: '12.345' });
    expect(suites.map((s) => s.attrs.name)).toEqual(RESULT.checks.map((c) => c.name));
    for (const s of suites) expect(s.attrs.tests).toBe(String(all(s, 'testcase').length));
    // one case per (check, operation); the warning-only case passes
    expect(failed.map((c) => c.attrs.name)).toEqual(['not_a_server_error createJob', 'not_a_server_error getJob']);
    expect(cases.map((c) => c.attrs.classname)).toEqual(Array(cases.length).fill('demo<&>'));
    const skipped = all(doc, 'skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].attrs.message).toContain('no --other-token <]]>&"\'');
    expect(cases.find((c) => c.attrs.name === 'content_type_conformance')?.children).toEqual([]);
  });

  it('keeps the hostile text readable in the failure', () => {
    const f = all(doc, 'failure')[0];
    // controls shown escaped, as on the console; U+FFFF, which XML forbids, dropped
    expect(f.attrs.message).toBe(`server answered 500 <]]>&"' \\x00\\x07\\x1b[31mred\\x1b[0m \\ud800  end (and 1 more)`);
    expect(f.attrs.type).toBe('not_a_server_error');
    for (const part of ['expected: ', 'received: ', 'observations:', 't=120 running', 'curl: curl ', 'replay: jobtwin conform', '<]]>&"\'']) {
      expect(f.text).toContain(part);
    }
  });
});

describe('console', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.NO_COLOR;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  });

  it('formats a failure block with escaped control characters and no ANSI codes off a TTY', () => {
    const text = formatFailure(FAILURES[0], 1, { color: false });
    expect(text.split('\n')[0]).toBe('1. [not_a_server_error] createJob (POST /jobs) ×3 error');
    expect(text).toContain('\\x1b[31mred');
    expect(text).toContain('\\ud800');
    expect(text).toMatch(/^ {3}replay: jobtwin conform .*--replay 'stateless:createJob:42:0'$/m);
    expect(text).toContain('curl: curl ');
    expect(text).toContain('< 500 (12 ms)');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('adds colour only when asked and NO_COLOR is not set', () => {
    delete process.env.NO_COLOR;
    expect(formatFailure(FAILURES[0], 1, { color: true })).toContain('\x1b[');
    process.env.NO_COLOR = '1';
    expect(formatFailure(FAILURES[0], 1, { color: true })).not.toContain('\x1b');
    expect(formatSummary(RESULT, { color: true })).not.toContain('\x1b');
  });

  it('summarises checks, totals and the verdict', () => {
    const text = formatSummary(RESULT, { color: false });
    expect(text).not.toContain('\x1b');
    expect(text).toMatch(/^not_a_server_error\s+480\s+2$/m);
    expect(text).toMatch(/^tenant_isolation\s+-\s+-\s+skipped: no --other-token/m);
    expect(text).toContain('skipped retention: the target has no clock control');
    expect(text).toContain('exchanges: 480');
    expect(text).toContain('wall time: 12.3 s');
    expect(text).toContain('exchanges/s: 38.9');
    expect(text).toContain('seed: 42');
    expect(text.split('\n').at(-1)).toBe('FAILED: 3 failures in 1 check');
    expect(
      formatSummary(result([FAILURES[3]]), { color: false })
        .split('\n')
        .slice(-2),
    ).toEqual(['1 warning', 'PASSED']);
  });

  it('never shows a secret in any report', () => {
    const outputs = [
      toJUnit(RESULT),
      toJsonReport(RESULT),
      formatSummary(RESULT, { color: false }),
      ...FAILURES.map((f, i) => formatFailure(f, i + 1, { color: true })),
    ];
    for (const out of outputs) expect(out).not.toContain(TOKEN);
    expect(outputs[3]).toContain('$JOBTWIN_TOKEN');
  });
});

interface FakeStream {
  stream: NodeJS.WriteStream;
  writes: string[];
}
function fakeStream(): FakeStream {
  const writes: string[] = [];
  const stream = { columns: 60, write: (chunk: string) => writes.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('progress', () => {
  const events: ProgressEvent[] = [
    { kind: 'phase', phase: 'examples', underWay: ['examples'] },
    { kind: 'property', phase: 'examples', name: 'createJob examples', runs: 1 },
    ...Array.from({ length: 500 }, (_, i): ProgressEvent => ({ kind: 'exchange', count: i + 1, failures: i > 250 ? 1 : 0 })),
    { kind: 'skip', phase: 'retention', reason: 'no clock\u001b[2J control' },
    { kind: 'phase', phase: 'stateless', underWay: ['stateless'] },
  ];

  it('writes only phase and skip lines, without escape codes, off a TTY', () => {
    const { stream, writes } = fakeStream();
    const progress = createProgress(stream, false);
    events.forEach(progress);
    expect(writes.join('')).toBe('phase: examples\nskipped retention: no clock\\x1b[2J control\nphase: stateless\n');
  });

  it('rewrites one line on a TTY, at most every 100 ms', () => {
    const { stream, writes } = fakeStream();
    const progress = createProgress(stream, true);
    events.forEach(progress);
    // phase, first draw, first failure, skip (line + redraw), phase: all within one burst
    expect(writes.length).toBeLessThanOrEqual(7);
    for (const w of writes) expect(w.startsWith('\r\x1b[2K')).toBe(true);
    expect(writes.filter((w) => w.includes('\n'))).toHaveLength(1);
    for (const w of writes) expect(w.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').length).toBeLessThanOrEqual(61);
  });
});

describe('JSON report', () => {
  it('is the result with a version and a tool name, and stays valid with lone surrogates', () => {
    const text = toJsonReport(RESULT);
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed).slice(0, 2)).toEqual(['version', 'tool']);
    expect(parsed).toMatchObject({ version: 1, tool: 'jobtwin conform', seed: 42, exchanges: 480 });
    expect(parsed.failures).toHaveLength(FAILURES.length);
  });
});

describe('writeReport', () => {
  it('creates the directory and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobtwin-report-'));
    const path = join(dir, 'a', 'b', 'report.xml');
    await writeReport(path, 'one');
    await writeReport(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['report.xml']);
  });

  it('replaces an existing file whole: a reader sees the old text or the new, never a part', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobtwin-report-'));
    const path = join(dir, 'report.json');
    const old = 'old'.repeat(1000);
    const next = 'new'.repeat(2_000_000);
    await writeFile(path, old);
    let done = false;
    const writing = writeReport(path, next).finally(() => {
      done = true;
    });
    const seen = new Set<string>();
    while (!done) {
      const text = await readFile(path, 'utf8');
      expect(text === old || text === next).toBe(true);
      seen.add(text === old ? 'old' : 'new');
    }
    await writing;
    expect(await readFile(path, 'utf8')).toBe(next);
    expect(seen.has('old')).toBe(true);
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('leaves the old file and no temporary file when it cannot replace it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobtwin-report-'));
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'kept');
    await expect(writeReport(path, 'text')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept');
  });
});
