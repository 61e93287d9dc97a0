// OpenAI's Batch API from OpenAI's own document (fixtures/vendors/openai-batch/openapi.yaml, unchanged)
// and the overlay beside it: the twin walks a batch through the states it can express, in order,
// with OpenAI's unix-second times and request counts, cancels, pages by id, answers errors in
// OpenAI's envelope, and passes jobtwin conform --strict against itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, T0, type Harness } from '../helpers/twin.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const SPEC = 'fixtures/vendors/openai-batch/openapi.yaml';
const OVERLAY = 'fixtures/vendors/openai-batch/openai-batch.overlay.yaml';
const s = (ms: number) => Math.floor(ms / 1000);
const REQUEST = { input_file_id: 'file-abc123', endpoint: '/v1/chat/completions', completion_window: '24h' };

describe('the OpenAI Batch API, from its published document', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC], overlays: [OVERLAY] });
  });
  afterAll(() => t.close());

  it('serves only the batch operations of the 3 MB document', async () => {
    expect(t.urls).toEqual({ openai: `${t.url}/v1` });
    const other = await t.call('GET', '/v1/models', { unchecked: true });
    expect(other.status).toBe(404);
  });

  it('walks a batch from validating through in_progress and finalizing to completed, stamping each state in seconds', async () => {
    const created = await t.control('POST', '/jobs', {
      api: 'openai',
      tenant: 'tenant-a',
      outcome: 'succeed',
      durations: { validating: 30_000, in_progress: 600_000, finalizing: 60_000 },
      input: REQUEST,
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^batch_[0-9A-Z]{32}$/);
    const read = async () => (await t.call('GET', `/v1/batches/${id}`)).body;
    const created_at = s(T0);

    const validating = await read();
    expect(validating).toEqual({
      id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      input_file_id: 'file-abc123',
      completion_window: '24h',
      status: 'validating',
      created_at,
      expires_at: created_at + 86_400,
      request_counts: { total: 100, completed: 0, failed: 0 },
    });

    t.advance(30_000);
    expect(await read()).toMatchObject({ status: 'in_progress', in_progress_at: created_at + 30, request_counts: { completed: 0 } });
    t.advance(300_000);
    const half = await read();
    expect(half).toMatchObject({ status: 'in_progress', request_counts: { total: 100, completed: 50, failed: 0 } });
    expect(half.completed_at).toBeUndefined();
    t.advance(300_000);
    const finalizing = await read();
    expect(finalizing).toMatchObject({ status: 'finalizing', finalizing_at: created_at + 630, request_counts: { completed: 100 } });
    expect(finalizing.output_file_id).toBeUndefined();
    t.advance(60_000);
    const done = await read();
    expect(done).toMatchObject({
      status: 'completed',
      created_at,
      in_progress_at: created_at + 30,
      finalizing_at: created_at + 630,
      completed_at: created_at + 690,
      expires_at: created_at + 86_400,
      request_counts: { total: 100, completed: 100, failed: 0 },
    });
    expect(done.output_file_id).toMatch(/^file-\d{6}$/);
    expect(done.failed_at).toBeUndefined();
    expect(done.errors).toBeUndefined();
    t.advance('1h');
    expect(await read()).toEqual(done);
  });

  it('ends a failed batch in failed with failed_at (after running, or refused in validating), one past its 24h window in expired, and one the control interface expires too', async () => {
    const failed = await t.control('POST', '/jobs', {
      api: 'openai',
      tenant: 'tenant-a',
      outcome: 'fail',
      durations: { validating: 1000, in_progress: 2000, finalizing: 1000 },
      input: REQUEST,
    });
    t.advance(4000);
    const body = (await t.call('GET', `/v1/batches/${failed.body.id}`)).body;
    expect(body).toMatchObject({ status: 'failed', failed_at: body.created_at + 4 });
    expect(body.completed_at).toBeUndefined();
    // the failed batch, and only it, says why in a BatchError list
    const why = { object: 'list', data: [{ code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', param: null, line: 1 }] };
    expect(body.errors).toEqual(why);

    // a batch whose input fails validation fails there, never having run
    const refused = await t.control('POST', '/jobs', { api: 'openai', tenant: 'tenant-a', outcome: 'reject', durations: { validating: 4000 }, input: REQUEST });
    const refusedAt = s(t.twin.clock.now());
    t.advance(4000);
    const rejected = (await t.call('GET', `/v1/batches/${refused.body.id}`)).body;
    expect(rejected).toMatchObject({ status: 'failed', failed_at: refusedAt + 4 });
    expect(rejected.in_progress_at).toBeUndefined();
    expect(rejected.errors).toEqual(why);

    // a batch still running when its 24h window closes expires then
    const stuck = await t.control('POST', '/jobs', { api: 'openai', tenant: 'tenant-a', outcome: 'never', durations: { validating: 1000 }, input: REQUEST });
    const stuckAt = s(t.twin.clock.now());
    t.advance('23h');
    expect((await t.call('GET', `/v1/batches/${stuck.body.id}`)).body).toMatchObject({ status: 'in_progress', expires_at: stuckAt + 86_400 });
    expect((await t.control('GET', `/jobs/openai/${stuck.body.id}`)).body.deadlineAt).toBe(new Date((stuckAt + 86_400) * 1000).toISOString());
    t.advance('1h');
    const expired = (await t.call('GET', `/v1/batches/${stuck.body.id}`)).body;
    expect(expired).toMatchObject({ status: 'expired', in_progress_at: stuckAt + 1, expired_at: stuckAt + 86_400 });
    expect(expired.completed_at).toBeUndefined();
    expect(expired.errors).toBeUndefined();

    const late = await t.call('POST', '/v1/batches', { body: REQUEST });
    const moved = await t.control('POST', `/jobs/openai/${late.body.id}/transition`, { to: 'expired' });
    expect(moved.status, moved.text).toBe(200);
    expect((await t.call('GET', `/v1/batches/${late.body.id}`)).body).toMatchObject({ status: 'expired', expired_at: s(t.twin.clock.now()) });
  });

  it('cancels a batch before it ended: cancelling for a while, then cancelled; refuses to cancel one that has ended', async () => {
    const created = await t.call('POST', '/v1/batches', { body: { ...REQUEST, metadata: { team: 'eval' } } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'validating', metadata: { team: 'eval' } });
    const id = created.body.id;
    t.advance(1000);
    const cancelling = await t.call('POST', `/v1/batches/${id}/cancel`);
    expect(cancelling.status).toBe(200);
    const cancelling_at = s(t.twin.clock.now());
    expect(cancelling.body).toMatchObject({ id, status: 'cancelling', cancelling_at });
    expect(cancelling.body.cancelled_at).toBeUndefined();
    // a second cancel while it is cancelling changes nothing
    t.advance(5000);
    expect((await t.call('POST', `/v1/batches/${id}/cancel`)).body).toEqual(cancelling.body);
    t.advance('10m');
    const cancelled = await t.call('GET', `/v1/batches/${id}`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelling_at });
    expect(cancelled.body.cancelled_at).toBeGreaterThan(cancelling_at);
    expect(cancelled.body.cancelled_at).toBeLessThanOrEqual(cancelling_at + 600);
    const again = await t.call('POST', `/v1/batches/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: null } });
  });

  it('answers errors in OpenAI envelope: an unknown batch, a bad request, no key', async () => {
    const unknown = await t.call('GET', '/v1/batches/batch_nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { message: "No batch found with id 'batch_nope'.", type: 'invalid_request_error', param: null, code: null } });

    const bad = await t.call('POST', '/v1/batches', { body: { ...REQUEST, completion_window: '1h' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    expect(bad.body.error.message).toMatch(/completion_window/);

    const broken = await t.call('POST', '/v1/batches', { body: '{"input_file_id": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/JSON/) });

    const elsewhere = await t.call('GET', '/v1/files', { unchecked: true });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toEqual({ error: { message: 'Invalid URL (GET /v1/files)', type: 'invalid_request_error', param: null, code: null } });

    const anonymous = await t.call('GET', '/v1/batches', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
  });

  it('lists batches a page at a time, after=<the last id seen>', async () => {
    const tenant = 'pager';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.call('POST', '/v1/batches', { token: tenant, body: REQUEST })).body.id);
    const first = await t.call('GET', '/v1/batches?limit=2', { token: tenant });
    expect(first.body).toMatchObject({ object: 'list', has_more: true });
    expect(first.body.data).toHaveLength(2);
    const last = first.body.data[1].id;
    expect(first.body.last_id).toBe(last);
    const seen = first.body.data.map((b: { id: string }) => b.id);
    let after = last;
    for (;;) {
      const page = await t.call('GET', `/v1/batches?limit=2&after=${after}`, { token: tenant });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((b: { id: string }) => b.id));
      if (!page.body.has_more) break;
      after = page.body.data.at(-1).id;
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(5);
  });
});

describe('jobtwin conform against the OpenAI Batch twin', () => {
  it('passes with --strict', async () => {
    const run = await conformOwnTwin(SPEC, [OVERLAY], { strict: true });
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.judged.response_schema_conformance).toBeGreaterThan(0);
  }, 120_000);
});
