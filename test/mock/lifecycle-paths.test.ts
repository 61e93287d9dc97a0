// A batch API with the lifecycle vendors document (fixtures/specs/batch-lifecycle.openapi.yaml):
// finalizing before completed, rejection while validating, a cancel through cancelling, an
// idempotent cancel, the completion window, a Cancel-After header and output removal, walked over
// real HTTP on the frozen clock.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';

const SPEC = join(import.meta.dirname, '../../fixtures/specs/batch-lifecycle.openapi.yaml');
const s = (ms: number) => Math.floor(ms / 1000);

describe('a batch API with vendor lifecycles', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC] });
  });
  afterAll(() => t.close());

  const create = async (job: string, o: { headers?: Record<string, string>; body?: Record<string, unknown> } = {}) => {
    const created = await t.call('POST', '/v1/batches', {
      body: { input_file_id: 'file-1', ...o.body },
      headers: { 'x-jobtwin-job': job, ...o.headers },
    });
    expect(created.status, created.text).toBe(200);
    return created.body as Record<string, any>;
  };
  const read = async (id: string) => (await t.call('GET', `/v1/batches/${id}`)).body as Record<string, any>;
  const cancel = (id: string) => t.call('POST', `/v1/batches/${id}/cancel`);

  it('passes finalizing between in_progress and completed', async () => {
    const { id, created_at } = await create('outcome=succeed; validating=1s; in_progress=10s; finalizing=3s');
    expect((await read(id)).status).toBe('validating');
    t.advance(1000);
    expect(await read(id)).toMatchObject({ status: 'in_progress', in_progress_at: created_at + 1 });
    t.advance(10_000);
    expect(await read(id)).toMatchObject({
      status: 'finalizing',
      finalizing_at: created_at + 11,
      completed_at: null,
      output: null,
      // the run is done: its count stays full while the batch finalizes
      request_counts: { completed: 40 },
    });
    t.advance(3000);
    expect(await read(id)).toMatchObject({ status: 'completed', completed_at: created_at + 14, output: { output_file_id: expect.any(String) } });
  });

  it('rejects a batch while validating: failed without ever running', async () => {
    const { id, created_at } = await create('outcome=reject; validating=2s');
    t.advance(2000);
    expect(await read(id)).toMatchObject({
      status: 'failed',
      in_progress_at: null,
      failed_at: created_at + 2,
      errors: 'the input file has no requests',
    });
  });

  it("refuses a malformed Cancel-After in the API's envelope", async () => {
    const bad = await t.call('POST', '/v1/batches', { body: { input_file_id: 'f' }, headers: { 'cancel-after': 'soon' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringMatching(/cancel-after/i) } });
  });

  it('refuses a deadline its schema lets through but no duration reads, as invalid', () => {
    const api = t.twin.api('batches')!;
    const source = { header: () => undefined, body: (name: string) => (name === 'completion_window' ? '1.5.h' : undefined) };
    expect(() => t.twin.create(api, { tenant: 'tenant-a', input: {}, deadlineSource: source })).toThrow(
      /field "completion_window" must be a duration such as 90s, 24h or 1h30m, or a number of seconds \(got "1.5.h"\)/,
    );
  });

  it('cancels through cancelling to cancelled, and answers a second cancel with the batch unchanged', async () => {
    const { id, created_at } = await create('outcome=succeed; validating=1s; in_progress=60s; cancelling=5m');
    t.advance(2000);
    const first = await cancel(id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'cancelling', cancelling_at: created_at + 2, cancelled_at: null });
    const again = await cancel(id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    t.advance('10m');
    const ended = await read(id);
    expect(ended.status).toBe('cancelled');
    expect(ended.cancelled_at - ended.cancelling_at).toBeGreaterThanOrEqual(2);
    expect(ended.cancelled_at - ended.cancelling_at).toBeLessThanOrEqual(600);
    const late = await cancel(id);
    expect(late.status).toBe(200);
    expect(late.body).toEqual(ended);
  });

  it('answers a cancel of a completed batch with a conflict', async () => {
    const { id } = await create('outcome=succeed; validating=1s; in_progress=1s; finalizing=1s');
    t.advance(3000);
    const refused = await cancel(id);
    expect(refused.status).toBe(409);
  });

  it('expires a batch still running when its 24 h window passes', async () => {
    const { id, created_at, expires_at } = await create('outcome=never; validating=1s');
    expect(expires_at).toBe(created_at + 86_400);
    t.advance('23h');
    expect((await read(id)).status).toBe('in_progress');
    t.advance('1h');
    expect(await read(id)).toMatchObject({ status: 'expired', expired_at: created_at + 86_400 });
  });

  it('takes the window the request gives', async () => {
    const { id, created_at, expires_at } = await create('outcome=never; validating=1s', { body: { completion_window: '2h' } });
    expect(expires_at).toBe(created_at + 7200);
    t.advance('2h');
    expect((await read(id)).status).toBe('expired');
  });

  it('ends a batch by its Cancel-After header: cancelled before it starts, aborted after', async () => {
    const waiting = await create('outcome=succeed; validating=1m', { headers: { 'cancel-after': '30s' } });
    const running = await create('outcome=succeed; validating=10s; in_progress=1h', { headers: { 'cancel-after': '90' } });
    expect(waiting.expires_at).toBe(waiting.created_at + 30);
    t.advance('30s');
    expect(await read(waiting.id)).toMatchObject({ status: 'cancelled', in_progress_at: null });
    expect((await read(running.id)).status).toBe('in_progress');
    t.advance('60s');
    expect((await read(running.id)).status).toBe('aborted');
  });

  it('leaves a batch that ends before its deadline alone', async () => {
    const { id } = await create('outcome=succeed; validating=1s; in_progress=1s; finalizing=1s', { headers: { 'cancel-after': '1m' } });
    t.advance('2m');
    expect((await read(id)).status).toBe('completed');
  });

  it('removes the output an hour after the batch ends and keeps the record', async () => {
    const { id } = await create('outcome=succeed; validating=1s; in_progress=1s; finalizing=1s');
    t.advance(3000);
    const done = await read(id);
    expect(done).toMatchObject({ status: 'completed', data_removed: false, output: { output_file_id: expect.any(String) } });
    t.advance(s(3_600_000) * 1000 - 1);
    expect((await read(id)).data_removed).toBe(false);
    t.advance(1);
    expect(await read(id)).toEqual({ ...done, data_removed: true, output: null });
  });
});
