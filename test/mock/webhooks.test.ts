// Creates as vendors answer them, on a Replicate-like predictions API over real HTTP: webhooks sent to
// a receiver on 127.0.0.1 as the clock is moved through the control interface (in order, filtered,
// retried on the twin's clock), refused for other hosts, recorded instead of sent; Prefer: wait held
// until the job ends or the wait is over on the twin's clock, and freed when the client goes away.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, T0, type Harness } from '../helpers/twin.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { createHmac } from 'node:crypto';
import { createAjv } from '../../src/validation/ajv.js';
import { DEFAULT_WEBHOOK_SECRET } from '../../src/index.js';

/** Standard Webhooks verification, written from its specification: v1 HMAC-SHA256 of "id.timestamp.body". */
function verifies(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
    .digest('base64');
  return String(headers['webhook-signature'])
    .split(' ')
    .some((part) => part === `v1,${expected}`);
}

const SPEC = join(import.meta.dirname, '../../fixtures/specs/replicate/predictions.openapi.yaml');
const JOB = 'outcome=succeed; starting=1s; processing=3s';

describe('webhooks sent', () => {
  let t: Harness;
  let rx: Receiver;
  let validPrediction: (body: unknown) => boolean;
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC] });
    const api = t.twin.api('replicate')!;
    validPrediction = createAjv().compile(api.document.webhooks.prediction.post.requestBody.content['application/json'].schema);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    rx = await startReceiver();
  });
  afterEach(() => rx.close());

  const create = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.call('POST', '/v1/predictions', { body: { version: 'v1', input: { prompt: 'hi' }, ...body }, headers: { 'x-jobtwin-job': JOB, ...headers } });
  const advance = async (by: string) => {
    const moved = await t.control('POST', '/clock/advance', { by });
    expect(moved.status).toBe(200);
  };

  it('posts the prediction on every event, in order, at the times the states were entered', async () => {
    const created = await create({ webhook: rx.url });
    expect(created.status).toBe(202);
    const id = created.body.id;
    const [start] = await rx.count(1);
    expect(start.body).toMatchObject({ id, status: 'starting', started_at: null });
    expect(start.headers['x-jobtwin-event']).toBe('start');
    await advance('10s');
    const all = await rx.count(3);
    expect(all.map((r) => [r.body.status, r.headers['x-jobtwin-event']])).toEqual([
      ['starting', 'start'],
      ['processing', 'output,logs'],
      ['succeeded', 'output,completed'],
    ]);
    // each body is the prediction as it was when the state was entered, not when the clock stopped
    const startedAt = new Date(T0 + 1000).toISOString();
    expect(all[1].body).toMatchObject({ started_at: startedAt, completed_at: null, output: null });
    expect(all[2].body).toMatchObject({ started_at: startedAt, completed_at: new Date(T0 + 4000).toISOString() });
    expect(all[2].body.output).toEqual([`https://replicate.delivery/pbxt/${id}/out-0.png`]);
    for (const r of all) expect(validPrediction(r.body), JSON.stringify(r.body)).toBe(true);
  });

  it('signs each delivery as Standard Webhooks, with one id for all attempts of a delivery and a real-time timestamp', async () => {
    rx.script(500);
    await create({ webhook: rx.url, webhook_events_filter: ['start'] });
    await rx.count(1);
    await t.webhooks.settled();
    await advance('2s');
    const [first, retry] = await rx.count(2);
    for (const r of [first, retry]) {
      expect(verifies(DEFAULT_WEBHOOK_SECRET, r.headers, JSON.stringify(r.body))).toBe(true);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
    }
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(verifies('whsec_b3RoZXIgc2VjcmV0IGJ5dGVz', first.headers, JSON.stringify(first.body))).toBe(false);
  });

  it('sends only the events webhook_events_filter names', async () => {
    await create({ webhook: rx.url, webhook_events_filter: ['completed'] });
    await advance('10s');
    const [only] = await rx.count(1);
    expect(only.body.status).toBe('succeeded');
    expect(only.headers['x-jobtwin-event']).toBe('completed');
    await t.webhooks.settled();
    expect(rx.received).toHaveLength(1);
  });

  it('retries a failed delivery on the twin clock, doubling the back-off, and keeps later events behind it', async () => {
    rx.script(500, 503);
    const created = await create({ webhook: rx.url });
    await rx.count(1);
    await t.webhooks.settled();
    // the job goes on while the first delivery waits: its next events queue behind it
    await advance('1999ms');
    expect(rx.received).toHaveLength(1);
    await advance('1ms'); // 2 s after the failure: the second attempt, which fails too
    await rx.count(2);
    await t.webhooks.settled();
    await advance('3999ms');
    expect(rx.received).toHaveLength(2);
    await advance('1ms'); // 4 s after the second failure: delivered, then the queued ones at once
    const all = await rx.count(4);
    await advance('10s');
    await rx.count(5);
    expect(rx.received.map((r) => [r.body.status, r.answered])).toEqual([
      ['starting', 500],
      ['starting', 503],
      ['starting', 200],
      ['processing', 200],
      ['succeeded', 200],
    ]);
    expect(all.every((r) => r.body.id === created.body.id)).toBe(true);
    const shown = await t.control('GET', `/webhooks?job=${created.body.id}`);
    expect(shown.body.deliveries.map((d: any) => [d.state, d.attempt, d.outcome])).toEqual([
      ['starting', 1, 'retrying'],
      ['starting', 2, 'retrying'],
      ['starting', 3, 'delivered'],
      ['processing', 1, 'delivered'],
      ['succeeded', 1, 'delivered'],
    ]);
  });

  it('drops a delivery once its retries are spent, and goes on with the next', async () => {
    rx.script(500, 500, 500, 500);
    const created = await create({ webhook: rx.url, webhook_events_filter: ['start', 'completed'] });
    for (const [n, backoff] of [
      [1, '2s'],
      [2, '4s'],
      [3, '8s'],
    ] as const) {
      await rx.count(n);
      await t.webhooks.settled();
      await advance(backoff);
    }
    await rx.count(5);
    expect(rx.received.map((r) => [r.body.status, r.answered])).toEqual([
      ['starting', 500],
      ['starting', 500],
      ['starting', 500],
      ['starting', 500],
      ['succeeded', 200],
    ]);
    const shown = await t.control('GET', `/webhooks?job=${created.body.id}`);
    expect(shown.body.deliveries.map((d: any) => d.outcome)).toEqual(['retrying', 'retrying', 'retrying', 'dropped', 'delivered']);
    expect(shown.body.pending).toEqual([]);
  });

  it('retries when the receiver cannot be reached', async () => {
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    const created = await create({ webhook: url, webhook_events_filter: ['start'] });
    // the first attempt fails to connect; the delivery waits for its retry
    await t.webhooks.settled();
    const shown = await t.control('GET', `/webhooks?job=${created.body.id}`);
    expect(shown.body.deliveries).toMatchObject([{ outcome: 'retrying', status: 0, attempt: 1 }]);
    expect(shown.body.deliveries[0].error).toMatch(/ECONNREFUSED/);
    expect(shown.body.pending).toMatchObject([{ attempts: 1, dueAt: new Date(t.clock.now() + 2000).toISOString() }]);
  });

  it('refuses a webhook to another host in the API own validation envelope, creating nothing', async () => {
    const before = t.twin.jobCount;
    const refused = await create({ webhook: 'http://192.0.2.10/hooks' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ title: 'Unprocessable Entity', status: 422 });
    expect(refused.body.detail).toMatch(/"192\.0\.2\.10" is not allowed.*loopback.*--webhook-allow/);
    expect(t.twin.jobCount).toBe(before);
    const notUrl = await create({ webhook: 'ftp://127.0.0.1/x' });
    expect(notUrl.status).toBe(422);
  });
});

describe('the webhook secret', () => {
  it('signs with the one given, and a secret that is not whsec_ base64 stops start-up', async () => {
    const secret = `whsec_${Buffer.from('a secret of our own').toString('base64')}`;
    const t = await startTwin({ specs: [SPEC], webhookSecret: secret });
    const rx = await startReceiver();
    try {
      await t.call('POST', '/v1/predictions', { body: { version: 'v1', input: {}, webhook: rx.url, webhook_events_filter: ['start'] } });
      const [hook] = await rx.count(1);
      expect(verifies(secret, hook.headers, JSON.stringify(hook.body))).toBe(true);
      expect(verifies(DEFAULT_WEBHOOK_SECRET, hook.headers, JSON.stringify(hook.body))).toBe(false);
      await t.webhooks.settled();
    } finally {
      await rx.close();
      await t.close();
    }
    await expect(startTwin({ specs: [SPEC], webhookSecret: 'hunter2' })).rejects.toThrow(/whsec_ and at least 8 bytes in base64/);
  });
});

describe('webhooks recorded', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC], webhooks: 'record', webhookAllow: ['hooks.example.test'] });
  });
  afterAll(() => t.close());

  it('keeps the deliveries for GET /__jobtwin/webhooks instead of sending them, and DELETE clears them', async () => {
    const created = await t.call('POST', '/v1/predictions', {
      body: { version: 'v1', input: {}, webhook: 'https://hooks.example.test/in', webhook_events_filter: ['start', 'completed'] },
      headers: { 'x-jobtwin-job': JOB },
    });
    expect(created.status).toBe(202);
    await t.control('POST', '/clock/advance', { by: '1m' });
    const shown = await t.control('GET', '/webhooks');
    expect(shown.body.mode).toBe('record');
    expect(shown.body.allow).toEqual(['hooks.example.test']);
    expect(shown.body.deliveries.map((d: any) => [d.events, d.state, d.at, d.url])).toEqual([
      [['start'], 'starting', new Date(T0).toISOString(), 'https://hooks.example.test/in'],
      [['completed'], 'succeeded', new Date(T0 + 4000).toISOString(), 'https://hooks.example.test/in'],
    ]);
    expect(shown.body.deliveries[1].body).toMatchObject({ id: created.body.id, status: 'succeeded' });
    expect((await t.control('DELETE', '/webhooks')).status).toBe(204);
    expect((await t.control('GET', '/webhooks')).body.deliveries).toEqual([]);
  });

  it('tells a cancel at once', async () => {
    const created = await t.call('POST', '/v1/predictions', {
      body: { version: 'v1', input: {}, webhook: 'http://localhost:9/in' },
      headers: { 'x-jobtwin-job': JOB },
    });
    await t.call('POST', `/v1/predictions/${created.body.id}/cancel`);
    const shown = await t.control('GET', `/webhooks?job=${created.body.id}`);
    expect(shown.body.deliveries.map((d: any) => [d.state, d.events])).toEqual([
      ['starting', ['start']],
      ['canceled', ['completed']],
    ]);
  });
});

describe('Prefer: wait', () => {
  let t: Harness;
  let rx: Receiver;
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    rx = await startReceiver();
  });
  afterEach(() => rx.close());

  // The start webhook says the create is in: the test may then move the clock, without sleeping.
  const held = (prefer: string, job = JOB, signal?: AbortSignal) =>
    fetch(`${t.url}/v1/predictions`, {
      method: 'POST',
      headers: { authorization: 'Bearer tenant-a', 'content-type': 'application/json', prefer, 'x-jobtwin-job': job },
      body: JSON.stringify({ version: 'v1', input: {}, webhook: rx.url, webhook_events_filter: ['start'] }),
      signal,
    });

  it('holds the answer until the job ends, then answers 201 with Preference-Applied', async () => {
    const answer = held('wait=10');
    await rx.count(1);
    await t.control('POST', '/clock/advance', { by: '2s' });
    await t.control('POST', '/clock/advance', { by: '2s' });
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.headers.get('preference-applied')).toBe('wait=10');
    expect(await res.json()).toMatchObject({ status: 'succeeded', completed_at: new Date(t.clock.now()).toISOString() });
  });

  it('answers 202 with the job under way once the wait is over on the twin clock', async () => {
    const answer = held('wait=2');
    await rx.count(1);
    const before = t.clock.now();
    await t.control('POST', '/clock/advance', { by: '2s' });
    const res = await answer;
    expect(res.status).toBe(202);
    expect(res.headers.get('preference-applied')).toBe('wait=2');
    expect(await res.json()).toMatchObject({ status: 'processing' });
    expect(t.clock.now() - before).toBe(2000);
  });

  it('caps the wait at wait.max, takes a bare wait as the max, and answers at once a job already ended', async () => {
    const capped = held('wait=600', 'outcome=succeed; starting=0s; processing=0s');
    // the spec's own Prefer pattern refuses 600 first: the request is invalid before any wait
    expect((await capped).status).toBe(422);
    const bare = await held('wait', 'outcome=succeed; starting=0s; processing=0s');
    expect(bare.status).toBe(201);
    expect(bare.headers.get('preference-applied')).toBe('wait=60');
    const plain = await t.call('POST', '/v1/predictions', {
      body: { version: 'v1', input: {} },
      headers: { 'x-jobtwin-job': 'outcome=fail; starting=0s; processing=0s' },
    });
    expect(plain.status).toBe(201);
    expect(plain.headers.get('preference-applied')).toBeNull();
    expect(plain.body).toMatchObject({ status: 'failed', error: 'CUDA out of memory' });
  });

  it('frees the waiter when the client goes away', async () => {
    const dropped = new Promise<{ status: number; jobId?: string }>((resolve) => {
      const record = t.journal.record.bind(t.journal);
      t.journal.record = (entry) => {
        record(entry);
        if (entry.method === 'POST' && entry.status === 0) resolve(entry);
      };
    });
    const aborter = new AbortController();
    const answer = held('wait=60', JOB, aborter.signal).catch((error: Error) => error.name);
    await rx.count(1);
    aborter.abort();
    expect(await answer).toBe('AbortError');
    const entry = await dropped;
    expect(entry.jobId).toBe(rx.received[0].body.id);
    // the job itself goes on as planned
    await t.control('POST', '/clock/advance', { by: '10s' });
    expect((await t.call('GET', `/v1/predictions/${entry.jobId}`)).body.status).toBe('succeeded');
  });
});
