// progress_monotonic on the batch spec (request_counts.completed is {{job.progress|times:40|round}}):
// within one attempt the count may only grow, from in_progress through finalizing to completed; a
// failed or cancelled batch, and a read where a new attempt may have begun unseen, are not judged.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../conformance/checks/registry.js';
import type { Check, Purpose } from '../../../conformance/checks/types.js';
import { layoutOf, readObservation } from '../../../conformance/model/observation.js';
import type { JobTrace } from '../../../conformance/model/job.js';
import { answer, contextOf, job, keys, loadSpec, runFacts } from './fixture.js';

const check: Check = CHECKS.find((c) => c.name === 'progress_monotonic')!;
const api = await loadSpec(join(import.meta.dirname, '../../../fixtures/specs/batch-lifecycle.openapi.yaml'));
const T = 1_767_225_600;

function read(trace: JobTrace, status: string, completed: unknown, extra: Record<string, unknown> = {}) {
  const body = { id: trace.id, object: 'batch', status, created_at: T, in_progress_at: T + 1, request_counts: { total: 40, completed, failed: 0 }, ...extra };
  const exchange = answer(200, body);
  const observation = readObservation(layoutOf(api.byRole.status!.body, 'in_progress'), body, { at: exchange.at, seq: exchange.seq, httpStatus: 200 });
  trace.observations.push(observation);
  trace.exchanges.push(exchange);
  const purpose: Purpose = { kind: 'status', job: trace, observation };
  return keys(check, contextOf(api, 'retrieveBatch', purpose), exchange);
}

/** The verdict on the last of a series of reads: [status, completed, extra fields?]. */
function last(reads: Array<[string, unknown, Record<string, unknown>?]>) {
  const trace = job('batch_1');
  let verdict;
  for (const [status, completed, extra] of reads) verdict = read(trace, status, completed, extra);
  return verdict;
}

describe('progress_monotonic', () => {
  it('reads the progress where the template puts it through order-keeping filters only', () => {
    expect(layoutOf(api.byRole.status!.body, 'in_progress').progress).toEqual(['/request_counts/completed']);
  });

  it('passes a count that grows or holds through the run, finalizing and the success', () => {
    expect(
      last([
        ['in_progress', 3],
        ['in_progress', 3],
      ]),
    ).toEqual([]);
    expect(
      last([
        ['in_progress', 10],
        ['finalizing', 40],
      ]),
    ).toEqual([]);
    expect(
      last([
        ['finalizing', 40],
        ['completed', 40],
      ]),
    ).toEqual([]);
  });

  it('fails a count that falls while running, or at the success', () => {
    expect(
      last([
        ['in_progress', 12],
        ['in_progress', 7],
      ]),
    ).toEqual(['fell in_progress -> in_progress']);
    expect(
      last([
        ['in_progress', 30],
        ['completed', 20],
      ]),
    ).toEqual(['fell in_progress -> completed']);
  });

  it('does not judge a failed or cancelled batch, a read before the run, or a value that is not a number', () => {
    expect(
      last([
        ['in_progress', 30],
        ['failed', 0],
      ]),
    ).toEqual([]);
    expect(
      last([
        ['in_progress', 30],
        ['cancelling', 0],
      ]),
    ).toEqual([]);
    expect(
      last([
        ['in_progress', 30],
        ['in_progress', 'thirty'],
      ]),
    ).toBeUndefined();
  });

  it('says why it judged nothing', () => {
    expect(check.skipReason(runFacts('alchemyst'))).toBe('the status answer shows no progress (job.progress)');
    expect(check.skipReason({ ...runFacts('alchemyst'), api })).toBe('no job was read twice within one attempt');
  });
});
