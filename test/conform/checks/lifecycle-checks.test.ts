// The checks that hold a job's status reads to the declared lifecycle: states, transitions, times,
// attempts, the end within the wait, and result content only once succeeded.
import { describe, expect, it } from 'vitest';
import { attemptsBounds } from '../../../conformance/checks/attempts-bounds.js';
import { eventualCompletion } from '../../../conformance/checks/eventual-completion.js';
import { lifecycleStates } from '../../../conformance/checks/lifecycle-states.js';
import { lifecycleTimestamps } from '../../../conformance/checks/lifecycle-timestamps.js';
import { lifecycleTransitions } from '../../../conformance/checks/lifecycle-transitions.js';
import { resultsContent } from '../../../conformance/checks/results-content.js';
import type { Check } from '../../../conformance/checks/types.js';
import { answer, context, job, judge, keys, statusRead, statusReads, type ApiName } from './fixture.js';

/** The check's verdict on the last of a job's status reads (the ones before it are its history). */
function onLast(check: Check, name: ApiName, ...bodies: Array<Record<string, unknown>>): string[] | undefined {
  const reads = statusReads(name, job(), ...bodies);
  const { exchange, purpose } = reads[reads.length - 1];
  return keys(check, context(name, 'status', purpose), exchange);
}

const alchemyst = (status: unknown, extra: Record<string, unknown> = {}) => ({ success: true, jobId: 'job_1', status, attemptsMade: 0, ...extra });
const crosmos = (status: string, times: Record<string, string | null>) => ({
  job_id: '063fb441-0e13-47ae-9323-23b8218066ec',
  status,
  source_ids: [1],
  result: null,
  error_message: null,
  ...times,
});
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe('lifecycle_states', () => {
  it('fails a state the spec does not declare, and a status that cannot be read', () => {
    expect(onLast(lifecycleStates, 'alchemyst', alchemyst('paused'))).toEqual(['state paused']);
    expect(onLast(lifecycleStates, 'alchemyst', alchemyst(5))).toEqual(['missing']);
  });

  it('passes a declared state', () => {
    expect(onLast(lifecycleStates, 'alchemyst', alchemyst('waiting'))).toEqual([]);
  });
});

describe('lifecycle_transitions', () => {
  it('fails a job that leaves a terminal state', () => {
    const trace = job();
    const [, second] = statusReads('alchemyst', trace, alchemyst('completed', { attemptsMade: 1 }), alchemyst('active', { attemptsMade: 1 }));
    const drafts = judge(lifecycleTransitions, context('alchemyst', 'status', second.purpose), second.exchange)!;
    expect(drafts.map((d) => d.key)).toEqual(['completed -> active']);
    expect(drafts[0].message).toBe('job job_1 left the terminal state "completed" for "active"');
  });

  it('passes states polling may skip between, and a first read', () => {
    expect(onLast(lifecycleTransitions, 'alchemyst', alchemyst('waiting'), alchemyst('completed', { attemptsMade: 1 }))).toEqual([]);
    expect(onLast(lifecycleTransitions, 'alchemyst', alchemyst('active'))).toEqual([]);
  });

  it('does not judge a read with no status', () => {
    expect(onLast(lifecycleTransitions, 'alchemyst', alchemyst('waiting'), alchemyst(null))).toBeUndefined();
  });
});

describe('lifecycle_timestamps', () => {
  it('fails times out of order, a finish time before the end, and a creation time that moves', () => {
    expect(onLast(lifecycleTimestamps, 'crosmos', crosmos('processing', { created_at: at(5), started_at: at(1), completed_at: null }))).toEqual([
      'createdAt>startedAt',
    ]);
    expect(onLast(lifecycleTimestamps, 'crosmos', crosmos('processing', { created_at: at(0), started_at: at(1), completed_at: at(2) }))).toEqual([
      'finished while processing',
    ]);
    expect(
      onLast(
        lifecycleTimestamps,
        'crosmos',
        crosmos('pending', { created_at: at(0), started_at: null, completed_at: null }),
        crosmos('processing', { created_at: at(3), started_at: at(4), completed_at: null }),
      ),
    ).toEqual(['createdAt changed']);
  });

  it('passes times in order and consistent with the states', () => {
    expect(
      onLast(
        lifecycleTimestamps,
        'crosmos',
        crosmos('pending', { created_at: at(0), started_at: null, completed_at: null }),
        crosmos('completed', { created_at: at(0), started_at: at(1), completed_at: at(2) }),
      ),
    ).toEqual([]);
  });
});

describe('attempts_bounds', () => {
  const jobs = (status: string, attempts: number) => ({ id: '550e8400-e29b-41d4-a716-446655440000', status, attempts });

  it('fails a running job with no attempt started, where attempts count when they start (jobs)', () => {
    expect(onLast(attemptsBounds, 'jobs', jobs('PROCESSING', 0))).toEqual(['running with 0']);
  });

  it('fails a job failed for good with attempts left, and a count that falls, where attempts count when they end (alchemyst)', () => {
    expect(onLast(attemptsBounds, 'alchemyst', alchemyst('failed', { attemptsMade: 1 }))).toEqual(['failed early']);
    expect(onLast(attemptsBounds, 'alchemyst', alchemyst('active', { attemptsMade: 1 }), alchemyst('active', { attemptsMade: 0 }))).toEqual(['fell']);
  });

  it('passes counts the declaration allows', () => {
    expect(onLast(attemptsBounds, 'jobs', jobs('PROCESSING', 1))).toEqual([]);
    expect(onLast(attemptsBounds, 'alchemyst', alchemyst('active', { attemptsMade: 0 }))).toEqual([]);
    expect(onLast(attemptsBounds, 'alchemyst', alchemyst('failed', { attemptsMade: 3 }))).toEqual([]);
  });

  it('does not judge status answers without an attempts count', () => {
    expect(onLast(attemptsBounds, 'crosmos', crosmos('pending', { created_at: at(0), started_at: null, completed_at: null }))).toBeUndefined();
  });
});

describe('eventual_completion', () => {
  const settled = (status: string, removed = false) => {
    const trace = job();
    statusRead('alchemyst', trace, alchemyst(status));
    trace.removed = removed;
    return context('alchemyst', 'status', { kind: 'settled', job: trace, waitedMs: 120_000, maxWaitMs: 120_000 });
  };

  it('fails a job not in a terminal state once the wait is over', () => {
    const drafts = judge(eventualCompletion, settled('active'), answer(200, {}))!;
    expect(drafts.map((d) => d.key)).toEqual(['stuck active']);
    expect(drafts[0].message).toBe('job job_1 is still "active" after 120000 ms');
  });

  it('passes a job that ended, and one that was cancelled and removed', () => {
    expect(judge(eventualCompletion, settled('completed'), answer(200, {}))).toEqual([]);
    expect(judge(eventualCompletion, settled('waiting', true), answer(404, {}))).toEqual([]);
  });
});

describe('results_content', () => {
  it('fails an answer that carries the result while the job it reports has not succeeded', () => {
    expect(onLast(resultsContent, 'alchemyst', alchemyst('active', { result: { chunks: 3 } }))).toEqual(['content in active']);
  });

  it('passes a result once completed, and no result before', () => {
    expect(onLast(resultsContent, 'alchemyst', alchemyst('completed', { attemptsMade: 1, result: { chunks: 3 } }))).toEqual([]);
    expect(onLast(resultsContent, 'alchemyst', alchemyst('active', { result: null }))).toEqual([]);
  });

  it('does not judge a refused read', () => {
    const trace = job();
    expect(judge(resultsContent, context('alchemyst', 'status', { kind: 'read', job: trace }), answer(404, { success: false }))).toBeUndefined();
  });
});
