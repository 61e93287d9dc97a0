// A batch API shaped as OpenAI's (fixtures/specs/vendor30/unix-batch.openapi.yaml): its twin answers
// unix seconds, per-state entry times, an expiry 24 h after creation, request counts that follow the
// running attempt and a self-link, walked through its lifecycle on the frozen clock.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApi } from '../../src/spec/load.js';
import { checkRendering } from '../../src/mock/render-check.js';
import { createAjv } from '../../src/validation/ajv.js';
import { startTwin, T0, type Harness } from '../helpers/twin.js';

const SPEC = join(import.meta.dirname, '../../fixtures/specs/vendor30/unix-batch.openapi.yaml');
const s = (ms: number) => Math.floor(ms / 1000);

describe('a batch API answering unix seconds', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC] });
  });
  afterAll(() => t.close());

  it('passes the start-up rendering check', async () => {
    const api = await loadApi(SPEC);
    expect(() => checkRendering(api, createAjv())).not.toThrow();
  });

  it('walks a batch from validating to completed', async () => {
    const created = await t.control('POST', '/jobs', {
      api: 'unixbatch',
      tenant: 'tenant-a',
      outcome: 'succeed',
      durations: { validating: 1000, in_progress: 10_000 },
      input: { input_file_id: 'file-1' },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const read = async () => (await t.call('GET', `/v1/batches/${id}`)).body;
    const created_at = s(T0);

    const validating = await read();
    expect(validating).toMatchObject({
      id,
      object: 'batch',
      status: 'validating',
      url: `${t.url}/v1/batches/${id}`,
      created_at,
      in_progress_at: null,
      completed_at: null,
      failed_at: null,
      cancelled_at: null,
      expires_at: created_at + 86_400,
      request_counts: { total: 40, completed: 0, failed: 0 },
      metrics: { run_seconds: 0 },
    });

    t.advance(1000);
    expect(await read()).toMatchObject({ status: 'in_progress', in_progress_at: created_at + 1, request_counts: { completed: 0 }, completed_at: null });
    t.advance(2500);
    expect(await read()).toMatchObject({ status: 'in_progress', request_counts: { completed: 10 }, metrics: { run_seconds: 2.5 } });
    t.advance(5000);
    expect(await read()).toMatchObject({ status: 'in_progress', request_counts: { completed: 30 }, metrics: { run_seconds: 7.5 } });
    t.advance(2500);
    const done = await read();
    expect(done).toMatchObject({
      status: 'completed',
      created_at,
      in_progress_at: created_at + 1,
      completed_at: created_at + 11,
      expires_at: created_at + 86_400,
      request_counts: { total: 40, completed: 40, failed: 0 },
      metrics: { run_seconds: 10 },
    });
    t.advance('1h');
    expect(await read()).toEqual(done);
  });

  it('stamps the cancellation and keeps what the batch had not reached null', async () => {
    const created = await t.call('POST', '/v1/batches', { body: { input_file_id: 'file-2' } });
    expect(created.body).toMatchObject({ status: 'validating', created_at: s(t.twin.clock.now()) });
    t.advance(200);
    const cancelled = await t.call('POST', `/v1/batches/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelled_at: s(t.twin.clock.now()),
      in_progress_at: null,
      completed_at: null,
      request_counts: { completed: 0 },
    });
  });

  it('links to the API where it is mounted beside others', async () => {
    const both = await startTwin({ specs: [SPEC, join(import.meta.dirname, '../../fixtures/specs/tiny.openapi.yaml')] });
    try {
      const created = await both.call('POST', '/unixbatch/v1/batches', { body: { input_file_id: 'file-3' } });
      expect(created.body.url).toBe(`${both.url}/unixbatch/v1/batches/${created.body.id}`);
    } finally {
      await both.close();
    }
  });
});
