// A job's deadline is kept in the state file as an optional last item of its row: rows without it
// (files written before deadlines existed) still read, and one with it reads back the same. So are its
// marks (a cancel that removed its data, a webhook receiver's answer), after the deadline's place.
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

describe('a job row with marks', () => {
  let apis: Map<string, ApiModel>;
  beforeAll(async () => {
    const api = await loadApi(SPEC);
    apis = new Map([[api.name, api]]);
  });
  const base: Job = {
    api: 'batches',
    id: 'batch_2',
    tenant: 'alice',
    seq: 2,
    type: null,
    createdAt: 1_767_225_600_000,
    input: { input_file_id: 'f' },
    seed: 9,
    steps: [{ at: 0, state: 'validating', attempt: 0 }],
    itemCount: 0,
  };
  const roundTrip = (j: Job) => decodeJob(JSON.parse(new JobEncoder().encode(j, j.steps)), apis);
  const marks = { dataRemovedAt: 1_767_225_700_000, webhookStatus: 503 };

  it('reads back with its marks, with or without input and deadline', () => {
    for (const over of [
      {},
      { input: undefined },
      { deadline: { at: 1_767_225_630_000, rule: 1 } },
      { input: undefined, deadline: { at: 1_767_225_630_000, rule: 1 } },
    ]) {
      const j: Job = { ...base, ...over, marks };
      expect(roundTrip(j)).toEqual(j);
    }
  });

  it('refuses marks that are not numbers, and leaves out names it does not know', () => {
    const row = JSON.parse(new JobEncoder().encode(base, base.steps));
    expect(decodeJob([...row, null, { webhookStatus: 'ok' }], apis)).toBe('bad mark webhookStatus');
    expect(decodeJob([...row, null, []], apis)).toBe('bad marks');
    const read = decodeJob([...row, null, { webhookStatus: 200, later: 1 }], apis) as Job;
    expect(read.marks).toEqual({ webhookStatus: 200 });
  });
});
