// A job's deadline is kept in the state file as an optional last item of its row: rows without it
// (files written before deadlines existed) still read, and one with it reads back the same.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JobEncoder, decodeJob } from '../../src/persist/format.js';
import { loadApi } from '../../src/spec/load.js';
import type { ApiModel } from '../../src/spec/model.js';
import type { Job } from '../../src/core/store/job.js';

const SPEC = join(import.meta.dirname, '../../fixtures/specs/batch-lifecycle.openapi.yaml');

describe('a job row with a deadline', () => {
  let apis: Map<string, ApiModel>;
  beforeAll(async () => {
    const api = await loadApi(SPEC);
    apis = new Map([[api.name, api]]);
  });
  const job = (over: Partial<Job>): Job => ({
    api: 'batches',
    id: 'batch_1',
    tenant: 'alice',
    seq: 1,
    type: null,
    createdAt: 1_767_225_600_000,
    input: { input_file_id: 'f' },
    seed: 9,
    steps: [
      { at: 0, state: 'validating', attempt: 0 },
      { at: 30_000, state: 'cancelled', attempt: 0 },
    ],
    itemCount: 0,
    ...over,
  });
  const roundTrip = (j: Job) => decodeJob(JSON.parse(new JobEncoder().encode(j, j.steps)), apis);

  it('reads back with its deadline, input or none', () => {
    const withInput = job({ deadline: { at: 1_767_225_630_000, rule: 1 } });
    expect(roundTrip(withInput)).toEqual(withInput);
    const withoutInput = job({ input: undefined, deadline: { at: 1_767_225_630_000, rule: 1 } });
    expect(roundTrip(withoutInput)).toEqual(withoutInput);
  });

  it('reads rows written without one', () => {
    expect(roundTrip(job({}))).toEqual(job({}));
    expect(roundTrip(job({ input: undefined }))).toEqual(job({ input: undefined }));
  });

  it('refuses a deadline the spec does not declare', () => {
    const row = JSON.parse(new JobEncoder().encode(job({}), job({}).steps));
    expect(decodeJob([...row, [1, 5]], apis)).toBe('deadline rule 5 is not declared');
    expect(decodeJob([...row, 'soon'], apis)).toBe('bad deadline');
  });
});
