// webhook_delivery and create_wait judged on made-up deliveries and answers of the predictions fixture.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiModel } from '../../../src/spec/model.js';
import { webhookDelivery } from '../../../conformance/checks/webhook-delivery.js';
import { createWait } from '../../../conformance/checks/create-wait.js';
import type { WebhookSeen } from '../../../conformance/checks/types.js';
import { signatureHeaders } from '../../../src/mock/webhooks/signing.js';
import { answer, contextOf, job, keys, loadSpec } from './fixture.js';

const SPEC = join(import.meta.dirname, '../../../fixtures/specs/replicate/predictions.openapi.yaml');

const prediction = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'p1',
  version: 'v1',
  input: {},
  status,
  created_at: '2026-01-01T00:00:00.000Z',
  urls: { get: 'http://127.0.0.1/v1/predictions/p1', cancel: 'http://127.0.0.1/v1/predictions/p1/cancel' },
  ...extra,
});
const SECRET = `whsec_${Buffer.from('the checks secret').toString('base64')}`;
const seen = (...bodies: unknown[]): WebhookSeen[] =>
  bodies.map((body, i) => ({ at: i, text: JSON.stringify(body), body, headers: signatureHeaders(SECRET, `msg_${i}`, JSON.stringify(body)) }));

describe('webhook_delivery', () => {
  let api: ApiModel;
  beforeAll(async () => {
    api = await loadSpec(SPEC);
  });
  const judgeHooks = (
    deliveries: WebhookSeen[],
    finalState: string | undefined,
    wanted: unknown = ['start', 'output', 'logs', 'completed'],
    secret: string | undefined = SECRET,
  ) => {
    const trace = job('p1');
    const ctx = contextOf(api, 'createPrediction', { kind: 'webhook', job: trace, deliveries, wanted, finalState, waitedMs: 10, maxWaitMs: 8000, secret });
    return keys(webhookDelivery, ctx, trace.created);
  };

  it('passes deliveries in order, one per state entered, ending with the terminal one', () => {
    expect(judgeHooks(seen(prediction('starting'), prediction('processing'), prediction('succeeded')), 'succeeded')).toEqual([]);
  });

  it('catches a body that breaks the documented webhook schema, or is not JSON', () => {
    expect(judgeHooks(seen({ id: 'p1', status: 'succeeded' }, prediction('succeeded')), 'succeeded')).toEqual(['schema / required']);
    expect(judgeHooks([{ at: 0, text: 'ok', body: undefined }, ...seen(prediction('succeeded'))], 'succeeded')).toEqual(['not json']);
  });

  it('catches an event the create did not ask for, and a state the job did not pass', () => {
    expect(judgeHooks(seen(prediction('starting'), prediction('succeeded')), 'succeeded', ['completed'])).toEqual(['unwanted starting']);
    expect(judgeHooks(seen(prediction('starting'), prediction('canceled'), prediction('succeeded')), 'succeeded')).toEqual([
      'not passed canceled',
      'order canceled succeeded',
    ]);
  });

  it('catches an unsigned delivery, and with --webhook-secret one whose signature it does not verify', () => {
    const [start, done] = seen(prediction('starting'), prediction('succeeded'));
    expect(judgeHooks([{ ...start, headers: {} }, done], 'succeeded')).toEqual(['unsigned']);
    const other = `whsec_${Buffer.from('another secret').toString('base64')}`;
    expect(judgeHooks([start, done], 'succeeded', undefined, other)).toEqual(['bad signature', 'bad signature']);
    // without the secret, the headers only need to be there
    expect(judgeHooks([start, done], 'succeeded', undefined, undefined)).toEqual([]);
  });

  it('catches no webhook for the terminal state, unless the create asked for none', () => {
    expect(judgeHooks(seen(prediction('starting')), 'failed')).toEqual(['no terminal']);
    expect(judgeHooks(seen(prediction('starting')), 'failed', ['start'])).toEqual([]);
    // the job was not seen to end: nothing is owed yet
    expect(judgeHooks(seen(prediction('starting')), undefined)).toEqual([]);
  });
});

describe('create_wait', () => {
  let api: ApiModel;
  beforeAll(async () => {
    api = await loadSpec(SPEC);
  });
  const ms = (exchange: ReturnType<typeof answer>, n: number) => Object.assign(exchange, { ms: n });

  it('holds every create to endedStatus: 201 only for an ended job, 202 only for one under way', () => {
    const ctx = contextOf(api, 'createPrediction', { kind: 'create', job: job('p1') });
    expect(keys(createWait, ctx, answer(202, prediction('starting')))).toEqual([]);
    expect(keys(createWait, ctx, answer(201, prediction('succeeded')))).toEqual([]);
    expect(keys(createWait, ctx, answer(201, prediction('processing')))).toEqual(['ended status running']);
    expect(keys(createWait, ctx, answer(202, prediction('failed')))).toEqual(['running status ended']);
  });

  it('holds a Prefer: wait create until the job ends or about n seconds pass', () => {
    const ctx = contextOf(api, 'createPrediction', { kind: 'create-wait', seconds: 2 });
    expect(keys(createWait, ctx, ms(answer(201, prediction('succeeded')), 30))).toEqual([]);
    expect(keys(createWait, ctx, ms(answer(202, prediction('processing')), 2010))).toEqual([]);
    expect(keys(createWait, ctx, ms(answer(202, prediction('processing')), 40))).toEqual(['wait early']);
    expect(keys(createWait, ctx, ms(answer(202, prediction('processing')), 9000))).toEqual(['wait late']);
  });
});
