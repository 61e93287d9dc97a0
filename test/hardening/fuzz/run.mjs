// @ts-check
// Drives fuzz cases against a running twin. Each case starts from an empty twin (reset to seed 1)
// holding one job of the fuzzing tenant in a drawn state, so a case replays alone from its seed and
// path. The twin's modules come in as arguments: the tests pass src/, scripts/fuzz.mjs passes dist/.
import fc from 'fast-check';
import { catalogOf } from './catalog.mjs';
import { build } from './request.mjs';
import { KNOWN_ID } from './targets.mjs';
import { toBuffer, describe } from './bytes.mjs';
import { toPieces } from './json.mjs';
import { TENANT } from './headers.mjs';
import { exchange, header, health } from './wire.mjs';
import { checkAnswer, pollutionProblems, prototypeFingerprint } from './check.mjs';

/**
 * @typedef {{ mock: any, Router: any, mountsFor: any, ResponseValidator: any, createAjv: any }} Twin
 *   mock: a running twin (startMock); the rest: the project's router and response validator
 * @typedef {{ index: number, problems: string[], request: string, ms: number }} Finding
 */

/** @param {Twin} t */
export function prepare(t) {
  const { mock } = t;
  const catalog = catalogOf(mock);
  const oracle = { router: new t.Router(t.mountsFor(mock.twin.apiList())), validator: new t.ResponseValidator(t.createAjv()) };
  const fingerprint = prototypeFingerprint();
  const fakeId = (api) => (mock.twin.api(api)?.ext.ids.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'job_00000000000000000000000000');

  /**
   * The input the twin stores for a create request with this body, or null when it refuses it.
   * The fuzzed input goes through the real create operation, so a planted job holds only what a
   * client could have stored.
   */
  async function storedInput(apiName, body, contentType) {
    const create = catalog.find((a) => a.name === apiName)?.ops.find((op) => op.role === 'create');
    if (!create) return null;
    mock.twin.reset(1);
    const head = `${create.method} ${create.template} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TENANT}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const x = await exchange({ port: mock.port, bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]), methods: ['POST'], expect: 1, timeoutMs: 5000 });
    const status = x.answers[0]?.status ?? 0;
    const [job] = mock.twin.store.all();
    return status >= 200 && status < 300 && job ? job.input : null;
  }

  function plantBody(apiName, known) {
    const create = catalog.find((a) => a.name === apiName)?.ops.find((op) => op.role === 'create');
    const example = create?.body?.example ?? {};
    if (create?.body?.kind !== 'multipart') {
      const text = known?.input.kind === 'json' ? toBuffer(toPieces(known.input.tree)) : Buffer.from(JSON.stringify(example));
      return { body: text, contentType: 'application/json' };
    }
    const boundary = 'plantBoundary7MA4YWxk';
    const file = create.body.fileFields[0] ?? 'file';
    const name = known?.input.kind === 'form' ? known.input.filename : 'document.pdf';
    const parts = Object.entries({ ...example, [file]: null }).map(([field, value]) =>
      field === file
        ? Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="`),
            Buffer.from(name, 'latin1'),
            Buffer.from('"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n'),
          ])
        : Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${typeof value === 'string' ? value : JSON.stringify(value)}\r\n`,
          ),
    );
    return { body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
  }

  /** Resets the twin and plants the case's known job in its drawn state; returns its id. */
  async function plant(c) {
    mock.twin.reset(1);
    if (!c.api || !c.known) return null;
    // Only a request naming the job, or a list that shows it, needs it.
    const role = catalog.find((a) => a.name === c.api)?.ops.find((op) => `${op.method} ${op.template}` === c.op)?.role;
    if (!c.target.includes(KNOWN_ID) && role !== 'list') return null;
    const fuzzed = plantBody(c.api, c.known);
    const plain = plantBody(c.api, null);
    const input = (await storedInput(c.api, fuzzed.body, fuzzed.contentType)) ?? (await storedInput(c.api, plain.body, plain.contentType));
    mock.twin.reset(1);
    if (input === null) return null;
    const api = mock.twin.api(c.api);
    const states = api.ext.lifecycle.states;
    const state = states[c.known.state % states.length];
    try {
      return mock.twin.create(api, { tenant: TENANT, input, state }).id;
    } catch {
      return mock.twin.create(api, { tenant: TENANT, input }).id;
    }
  }

  /**
   * Sends one case and returns what is wrong with the twin's behaviour.
   * @returns {Promise<{ problems: string[], ms: number, status: number | null }>}
   */
  async function runCase(c, timeoutMs = 5000) {
    const id = await plant(c);
    const b = build(c, (api) => id ?? fakeId(api));
    const port = mock.port;
    const x = await exchange({
      port,
      bytes: b.bytes,
      methods: b.methods,
      expect: b.methods.length,
      timeoutMs,
      // An incomplete request may be answered early or not at all: once the twin has shown it still
      // serves others, close the socket ourselves (its own request timeout is 60 s).
      ...(b.complete ? {} : { whenSent: async () => void (await health(port, timeoutMs)), graceMs: 20 }),
    });
    const problems = [];
    if (x.malformed) problems.push(`malformed answer: ${x.malformed}`);
    if (b.complete && x.answers.length === 0) {
      problems.push(x.timedOut ? `no answer within ${timeoutMs} ms` : `connection closed without an answer (${x.error ?? 'end of stream'})`);
    }
    if (x.answers[0]) problems.push(...checkAnswer(oracle, x.answers[0], c.method, b.target));
    if (b.pipelined && x.answers[0] && !x.answers[1]) {
      const closes = /\bclose\b/i.test(header(x.answers[0], 'connection') ?? '');
      if (!closes && x.answers[0].status !== 400)
        problems.push(
          x.timedOut
            ? 'pipelined request: no answer within the bound'
            : 'pipelined request: connection closed without an answer, though the first answer kept it open',
        );
    }
    if (x.answers[1] && x.answers[1].status !== 200) problems.push(`pipelined health answered ${x.answers[1].status}`);
    const down = await health(port, timeoutMs);
    if (down) problems.push(down);
    problems.push(...pollutionProblems(fingerprint));
    return { problems, ms: x.ms, status: x.answers[0]?.status ?? null };
  }

  return { catalog, runCase };
}

/** One line for a case: its request head and a described body. */
export function caseLine(c) {
  return describe({
    api: c.api,
    method: c.method,
    target: c.target,
    version: c.version,
    framing: c.framing,
    headers: c.headers,
    body: c.body,
    known: c.known,
    headCut: c.headCut,
  });
}

/**
 * Runs `runs` cases. collect: record every finding and go on (the long run); otherwise the first
 * failing case fails the run, shrunk, with its seed and path.
 * @param {Twin} t
 * @param {{ runs: number, seed: number, collect?: boolean, path?: string, timeoutMs?: number, arbitrary: (catalog: any) => fc.Arbitrary<any>, onCase?: (index: number) => void }} o
 */
export async function fuzz(t, o) {
  const { catalog, runCase } = prepare(t);
  /** @type {Finding[]} */
  const findings = [];
  let index = 0;
  /** answers by status (`none`: no answer, as an incomplete request may get) */
  const statuses = /** @type {Record<string, number>} */ ({});
  const started = performance.now();
  const property = fc.asyncProperty(o.arbitrary(catalog), async (c) => {
    const at = index++;
    const { problems, ms, status } = await runCase(c, o.timeoutMs);
    statuses[status ?? 'none'] = (statuses[status ?? 'none'] ?? 0) + 1;
    o.onCase?.(at);
    if (!problems.length) return true;
    if (o.collect) {
      findings.push({ index: at, problems, request: caseLine(c), ms });
      return true;
    }
    throw new Error(`${problems.join('\n')}\nrequest: ${caseLine(c)}`);
  });
  const params = { seed: o.seed, numRuns: o.runs, ...(o.path ? { path: o.path } : {}) };
  if (o.collect) await fc.check(property, params);
  else {
    await fc.assert(property, {
      ...params,
      // The default report prints the whole counterexample (a 20 MB body, a 100 kB path): say it in a line.
      asyncReporter: async (details) => {
        if (!details.failed) return;
        const error = /** @type {any} */ (details).errorInstance;
        throw new Error(
          `fuzz case failed: seed ${details.seed}, path "${details.counterexamplePath}" (replay: node scripts/fuzz.mjs --seed ${details.seed} --replay ${details.counterexamplePath})\n` +
            `${error?.message ?? String(error)}`,
        );
      },
    });
  }
  return { cases: index, findings, statuses, ms: performance.now() - started };
}
