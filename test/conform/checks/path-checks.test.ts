// lifecycle_paths, deadline and the cancel rules for vendor lifecycles, judged one at a time on
// made-up answers of the batch fixture (fixtures/specs/batch-lifecycle.openapi.yaml).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../conformance/checks/registry.js';
import type { Check, Purpose } from '../../../conformance/checks/types.js';
import { layoutOf, readObservation } from '../../../conformance/model/observation.js';
import type { JobTrace } from '../../../conformance/model/job.js';
import { answer, contextOf, job, keys, loadSpec, seen } from './fixture.js';

const check = (name: string): Check => CHECKS.find((c) => c.name === name)!;
const api = await loadSpec(join(import.meta.dirname, '../../../fixtures/specs/batch-lifecycle.openapi.yaml'));
const T = 1_767_225_600;

/** A batch as the status operation answers it, read through the spec's layout onto the job. */
function read(trace: JobTrace, fields: Record<string, unknown>, at?: number) {
  const body = {
    id: trace.id,
    object: 'batch',
    created_at: T,
    in_progress_at: null,
    finalizing_at: null,
    completed_at: null,
    failed_at: null,
    cancelling_at: null,
    cancelled_at: null,
    expired_at: null,
    request_counts: { total: 40, completed: 0, failed: 0 },
    data_removed: false,
    ...fields,
  };
  const exchange = answer(200, body);
  const observation = readObservation(layoutOf(api.byRole.status!.body, 'in_progress'), body, {
    at: at ?? exchange.at,
    seq: exchange.seq,
    httpStatus: 200,
  });
  trace.observations.push(observation);
  trace.exchanges.push(exchange);
  const purpose: Purpose = { kind: 'status', job: trace, observation };
  return { exchange, purpose };
}

describe('lifecycle_paths', () => {
  const paths = check('lifecycle_paths');
  const judge = (fields: Record<string, unknown>) => {
    const r = read(job('batch_1'), fields);
    return keys(paths, contextOf(api, 'retrieveBatch', r.purpose), r.exchange);
  };

  it('fails a completed batch with no time for finalizing, or times out of the path order', () => {
    expect(judge({ status: 'completed', in_progress_at: T + 1, completed_at: T + 9 })).toEqual(['no finalizing']);
    expect(judge({ status: 'completed', in_progress_at: T + 5, finalizing_at: T + 3, completed_at: T + 9 })).toEqual(['finalizing before in_progress']);
  });

  it('passes a batch that took its path, a failure by either failed path, and ends no path names', () => {
    expect(judge({ status: 'completed', in_progress_at: T + 1, finalizing_at: T + 8, completed_at: T + 9 })).toEqual([]);
    // rejected while validating: never ran, never finalized
    expect(judge({ status: 'failed', failed_at: T + 1 })).toEqual([]);
    expect(judge({ status: 'failed', in_progress_at: T + 1, finalizing_at: T + 8, failed_at: T + 9 })).toEqual([]);
    expect(judge({ status: 'expired', expired_at: T + 9 })).toBeUndefined();
    expect(judge({ status: 'in_progress', in_progress_at: T + 1 })).toBeUndefined();
  });
});

describe('deadline', () => {
  const deadline = check('deadline');
  const rule = api.ext.lifecycle.deadlines![1];
  const judge = (reads: Array<[number, Record<string, unknown>]>) => {
    const trace = job('batch_2');
    const created = trace.created.at;
    let last;
    for (const [ms, fields] of reads) last = read(trace, fields, created + ms);
    const purpose: Purpose = { kind: 'deadline', job: trace, deadlineMs: 1000, toleranceMs: 1000, rule, given: 'Cancel-After: 1' };
    return keys(deadline, contextOf(api, 'retrieveBatch', purpose), last!.exchange);
  };

  it('fails a batch still going past its deadline, and one seen going at it that ended otherwise', () => {
    expect(
      judge([
        [0, { status: 'validating' }],
        [2500, { status: 'in_progress' }],
      ]),
    ).toEqual(['still in_progress']);
    expect(
      judge([
        [0, { status: 'validating' }],
        [1500, { status: 'in_progress' }],
        [1900, { status: 'completed' }],
      ]),
    ).toEqual(['ended completed']);
    expect(
      judge([
        [0, { status: 'validating' }],
        [500, { status: 'in_progress' }],
        [1200, { status: 'in_progress' }],
        [1500, { status: 'cancelled' }],
      ]),
    ).toEqual(['cancelled after start']);
  });

  it('passes a batch ended by its deadline as declared, and one that ended before it', () => {
    expect(
      judge([
        [0, { status: 'validating' }],
        [1100, { status: 'cancelled' }],
      ]),
    ).toEqual([]);
    expect(
      judge([
        [0, { status: 'validating' }],
        [500, { status: 'in_progress' }],
        [1100, { status: 'aborted' }],
      ]),
    ).toEqual([]);
    expect(
      judge([
        [0, { status: 'validating' }],
        [600, { status: 'completed' }],
      ]),
    ).toEqual([]);
  });
});

describe('cancel_semantics with a cancel state', () => {
  const cancel = check('cancel_semantics');
  const judge = (before: string, shown: string | undefined, after: string, status = 200) => {
    const trace = job('batch_3');
    const purpose: Purpose = {
      kind: 'cancel',
      job: trace,
      before: seen(before),
      after: seen(after),
      afterNotFound: false,
      removedBefore: false,
      answered: shown === undefined ? undefined : seen(shown),
    };
    return keys(cancel, contextOf(api, 'cancelBatch', purpose), answer(status, {}));
  };

  it('fails a cancel answered past cancelling, and one after which the batch is neither cancelling nor cancelled', () => {
    expect(judge('in_progress', 'cancelled', 'cancelled')).toEqual(['answered cancelled']);
    expect(judge('in_progress', 'cancelling', 'in_progress')).toEqual(['after in_progress']);
  });

  it('passes a cancel into cancelling, a second one while it lasts, and one of a cancelled batch', () => {
    expect(judge('in_progress', 'cancelling', 'cancelling')).toEqual([]);
    expect(judge('in_progress', 'cancelling', 'cancelled')).toEqual([]);
    expect(judge('cancelling', 'cancelling', 'cancelling')).toEqual([]);
    expect(judge('cancelled', 'cancelled', 'cancelled')).toEqual([]);
    // validating can end cancelled by its deadline on its own: an answer past cancelling is not judged
    expect(judge('validating', 'cancelled', 'cancelled')).toEqual([]);
  });
});
