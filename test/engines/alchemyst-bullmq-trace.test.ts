// Differential traces: the same pinned plans on the twin (frozen clock, moved in steps) and on the
// reference server on real BullMQ (real time, short durations, polled). What must agree: the sequence
// of states, attemptsMade in each, which fields each answer carries, when processedOn takes a new
// value, and what cancel answers in each state. Timings are not compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';
import { redisMissing, startRedis, type RedisServer } from './alchemyst-bullmq/redis.js';
import { startReferenceServer, type ReferenceServer } from './alchemyst-bullmq/server.js';

const BASE = '/api/v1/context/add-async';
const BODY = {
  documents: [{ content: 'Customer asked about pricing for the Scale plan.' }],
  source: 'support-inbox',
  context_type: 'resource',
  scope: 'internal',
};
const TERMINAL = new Set(['completed', 'failed']);
const STEP_MS = 50;
// runs and back-offs of 500 ms: several polls land in each state even on a loaded machine
const PLANS = [
  { name: 'succeeds at once', header: 'run=500ms; backoff=500ms' },
  { name: 'fails once, then succeeds', header: 'failures=1; run=500ms; backoff=500ms' },
  { name: 'fails all three attempts', header: 'failures=3; run=500ms; backoff=500ms' },
];

interface Entry {
  status: string;
  attemptsMade: number;
  /** the optional fields present, sorted */
  fields: string;
  /** processedOn: a new value since the previous entry, the same, or absent */
  processedOn: 'new' | 'same' | 'absent';
  /** the value itself: printed, not compared */
  processedOnMs?: number;
}

type Read = () => Promise<{ status: number; body: any }>;

/** Reads until a terminal state; `tick` moves time on (the twin's clock, or a short real pause). */
async function trace(read: Read, tick: () => Promise<void>, deadlineMs: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  let lastKey = '';
  let lastProcessedOn: number | undefined;
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const { status, body } = await read();
    expect(status).toBe(200);
    const fields = Object.keys(body)
      .filter((k) => !['success', 'jobId', 'status', 'attemptsMade'].includes(k))
      .sort()
      .join(',');
    const processedOn: Entry['processedOn'] = body.processedOn === undefined ? 'absent' : body.processedOn === lastProcessedOn ? 'same' : 'new';
    const key = `${body.status}|${body.attemptsMade}|${fields}|${body.processedOn}`;
    if (key !== lastKey) entries.push({ status: body.status, attemptsMade: body.attemptsMade, fields, processedOn, processedOnMs: body.processedOn });
    lastKey = key;
    lastProcessedOn = body.processedOn;
    if (TERMINAL.has(body.status)) return entries;
    await tick();
  }
  throw new Error(`no terminal state within ${deadlineMs} ms: ${JSON.stringify(entries)}`);
}

/** The queue wait before the first attempt is the worker's (a free one takes the job at once): not compared. */
const withoutFirstQueueWait = (entries: Entry[]) => (entries[0]?.status === 'waiting' ? entries.slice(1) : entries);

const missing = redisMissing();
if (missing) console.warn(`skipping the BullMQ trace tests: ${missing}`);

describe.skipIf(missing !== null)('Alchemyst: the twin and BullMQ trace the same lifecycles', () => {
  let redis: RedisServer | undefined;
  let server: ReferenceServer | undefined;
  let twin: Harness | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    server = await startReferenceServer({ redis });
    twin = await startTwin({ apis: ['alchemyst'] });
  });
  afterAll(async () => {
    await twin?.close();
    await server?.close();
    await redis?.stop();
  });

  const engineCall = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const res = await fetch(`${server!.url}${path}`, {
      method,
      headers: { authorization: 'Bearer tenant-a', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

  async function engineJob(header: string): Promise<string> {
    const res = await engineCall('POST', BASE, { 'x-jobtwin-job': header }, BODY);
    expect(res.status).toBe(201);
    return res.body.jobId;
  }
  async function twinJob(header: string): Promise<string> {
    // the twin's queue wait pinned to 0: a free worker's
    const res = await twin!.call('POST', BASE, { body: BODY, headers: { 'x-jobtwin-job': `queue=0s; ${header}` } });
    expect(res.status).toBe(201);
    return res.body.jobId;
  }

  for (const plan of PLANS) {
    it(`${plan.name} (${plan.header})`, async () => {
      const engineId = await engineJob(plan.header);
      const engine = await trace(() => engineCall('GET', `${BASE}/${engineId}/status`), pause, 20_000);
      const twinId = await twinJob(plan.header);
      const mirrored = await trace(
        () => twin!.call('GET', `${BASE}/${twinId}/status`),
        async () => void twin!.advance(STEP_MS),
        10_000,
      );
      const shown = (entries: Entry[]) => entries.map((e) => `${e.status} attemptsMade=${e.attemptsMade} processedOn=${e.processedOn} [${e.fields}]`);
      // from one attempt's start to the next: the run, the back-off, and BullMQ's own lag (printed only)
      const starts = engine.filter((e) => e.processedOn === 'new').map((e) => e.processedOnMs!);
      const lag = starts.slice(1).map((t, i) => t - starts[i] - 1000);
      console.log(
        `${plan.name}\n  BullMQ: ${shown(engine).join('\n          ')}\n  twin:   ${shown(mirrored).join('\n          ')}${lag.length ? `\n  BullMQ: next attempt started ${lag.join(', ')} ms after run + back-off` : ''}`,
      );
      expect(shown(withoutFirstQueueWait(mirrored))).toEqual(shown(withoutFirstQueueWait(engine)));
      // after a back-off the job goes straight to active on both: no second queue wait
      for (const entries of [engine, mirrored]) expect(entries.slice(1).some((e) => e.status === 'waiting')).toBe(false);
    }, 30_000);
  }

  it('cancel answers the same in delayed (then gone) and in active', async () => {
    const header = 'failures=1; run=500ms; backoff=3s';
    // BullMQ: wait for each state by polling, then cancel
    const engineId = await engineJob(header);
    const reach = async (read: Read, tick: () => Promise<void>, state: string) => {
      for (const until = Date.now() + 15_000; Date.now() < until; await tick()) if ((await read()).body.status === state) return;
      throw new Error(`never reached ${state}`);
    };
    const engineRead = () => engineCall('GET', `${BASE}/${engineId}/status`);
    await reach(engineRead, pause, 'delayed');
    const engineDelayed = await engineCall('DELETE', `${BASE}/${engineId}/cancel`);
    const engineAfter = await engineRead();
    const engineActiveId = await engineJob('run=3s');
    await reach(() => engineCall('GET', `${BASE}/${engineActiveId}/status`), pause, 'active');
    const engineActive = await engineCall('DELETE', `${BASE}/${engineActiveId}/cancel`);

    const twinId = await twinJob(header);
    const twinRead = () => twin!.call('GET', `${BASE}/${twinId}/status`);
    await reach(twinRead, async () => void twin!.advance(STEP_MS), 'delayed');
    const twinDelayed = await twin!.call('DELETE', `${BASE}/${twinId}/cancel`);
    const twinAfter = await twinRead();
    const twinActiveId = await twinJob('run=3s');
    await reach(
      () => twin!.call('GET', `${BASE}/${twinActiveId}/status`),
      async () => void twin!.advance(STEP_MS),
      'active',
    );
    const twinActive = await twin!.call('DELETE', `${BASE}/${twinActiveId}/cancel`);

    const same = (a: { status: number; body: any }, id: string) => ({ status: a.status, body: { ...a.body, ...(a.body?.jobId ? { jobId: id } : {}) } });
    expect(same(twinDelayed, 'ID')).toEqual(same(engineDelayed, 'ID'));
    expect(engineDelayed.status).toBe(200);
    expect({ status: twinAfter.status, body: twinAfter.body }).toEqual({ status: engineAfter.status, body: engineAfter.body });
    expect(engineAfter.status).toBe(404);
    expect({ status: twinActive.status, body: twinActive.body }).toEqual({ status: engineActive.status, body: engineActive.body });
    expect(engineActive.status).toBe(409);
  }, 30_000);
});
