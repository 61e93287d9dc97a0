// The checks that judge what the suite did to its jobs: cancels against the declared rules, lists
// against the jobs created, and reads once the clock has passed the retention.
import { describe, expect, it } from 'vitest';
import { cancelSemantics } from '../../../conformance/checks/cancel-semantics.js';
import { listConsistency } from '../../../conformance/checks/list-consistency.js';
import { retention } from '../../../conformance/checks/retention.js';
import type { Purpose } from '../../../conformance/checks/types.js';
import { answer, context, job, judge, keys, noAnswer, seen } from './fixture.js';

const DAY = 86_400_000;

describe('cancel_semantics', () => {
  // alchemyst: cancel succeeds while waiting or delayed, 409 while active, 404 once ended; it removes the job
  const cancel = (p: Partial<Extract<Purpose, { kind: 'cancel' }>>) =>
    context('alchemyst', 'cancel', { kind: 'cancel', job: job(), afterNotFound: false, removedBefore: false, ...p });
  const notYetRun = seen('waiting', { attempts: 0 });

  it('fails a cancel answered against the rules for the states the job can have been in', () => {
    expect(keys(cancelSemantics, cancel({ before: notYetRun, after: notYetRun }), answer(409, { error: 'running' }))).toEqual(['409 in waiting']);
    expect(keys(cancelSemantics, cancel({ before: seen('completed'), afterNotFound: true }), answer(200, { success: true }))).toEqual(['success in completed']);
  });

  it('fails a successful cancel that leaves the job readable where the rules say it is removed', () => {
    expect(keys(cancelSemantics, cancel({ before: notYetRun, after: notYetRun }), answer(200, { success: true }))).toEqual(['not removed']);
  });

  it('fails a second cancel of a removed job answered otherwise than 404', () => {
    expect(keys(cancelSemantics, cancel({ removedBefore: true }), answer(200, { success: true }))).toEqual(['removed 200']);
  });

  it('passes answers the rules allow', () => {
    expect(judge(cancelSemantics, cancel({ before: notYetRun, afterNotFound: true }), answer(200, { success: true }))).toEqual([]);
    expect(judge(cancelSemantics, cancel({ before: seen('active', { attempts: 0 }), after: seen('active', { attempts: 0 }) }), answer(409, {}))).toEqual([]);
    expect(judge(cancelSemantics, cancel({ removedBefore: true }), answer(404, {}))).toEqual([]);
  });

  it('judges nothing without an answer or where the spec declares no cancel rules', () => {
    expect(judge(cancelSemantics, cancel({ before: notYetRun }), noAnswer('timeout'))).toBeUndefined();
    const crosmos = context('crosmos', 'status', { kind: 'cancel', job: job(), afterNotFound: false, removedBefore: false });
    expect(judge(cancelSemantics, crosmos, answer(200, {}))).toBeUndefined();
  });
});

describe('list_consistency', () => {
  // alchemyst lists in no documented order (BullMQ groups by state): only an ended job must be found
  const list = (p: Partial<Extract<Purpose, { kind: 'list' }>>) => context('alchemyst', 'list', { kind: 'list', job: job(), verdict: 'found', ...p });
  const page = (...ids: string[]) => answer(200, { success: true, jobs: ids.map((jobId) => ({ jobId, status: 'completed', attemptsMade: 1 })) });

  it('fails an ended job missing from its own list, a removed job listed, and a page over the limit', () => {
    expect(keys(listConsistency, list({ verdict: 'absent', before: seen('completed') }), page())).toEqual(['absent']);
    const removed = job();
    removed.removed = true;
    expect(keys(listConsistency, list({ job: removed }), page('job_1'))).toEqual(['removed listed']);
    expect(keys(listConsistency, list({ limit: 1 }), page('job_1', 'job_2'))).toEqual(['limit']);
  });

  it('fails a job listed in a state it cannot have been in between two status reads', () => {
    const drafts = judge(listConsistency, list({ before: seen('completed'), listed: { status: 'waiting' } }), page('job_1'))!;
    expect(drafts.map((d) => d.message)).toEqual(['job job_1 is listed as "waiting" between status reads "completed" and "?"']);
  });

  it('fails a walk that shows a job twice, and a filtered page with a state the filter excludes', () => {
    const twice = [0, 1].map((n) => ({ id: 'job_1', status: 'completed', page: n, index: 0 }));
    const walk = context('alchemyst', 'list', { kind: 'list-walk', items: twice, complete: true, jobs: [], order: 'unspecified' });
    expect(keys(listConsistency, walk, page('job_1'))).toEqual(['listed twice']);
    const items = [{ id: 'job_1', status: 'completed', page: 0, index: 0 }];
    const filtered = context('alchemyst', 'list', { kind: 'list-filter', param: 'type', value: 'failed', states: ['failed'], items, endedBefore: {} });
    expect(keys(listConsistency, filtered, page('job_1'))).toEqual(['filter failed completed']);
  });

  it('passes a job found in a state between its reads, and a running job that may have moved between pages', () => {
    expect(judge(listConsistency, list({ before: seen('waiting'), after: seen('completed'), listed: { status: 'active' } }), page('job_1'))).toEqual([]);
    expect(judge(listConsistency, list({ verdict: 'absent', before: seen('active') }), page())).toEqual([]);
  });

  it("leaves another tenant's list to tenant_isolation, and judges no refused page", () => {
    expect(judge(listConsistency, list({ verdict: 'found', otherTenant: true }), page('job_1'))).toBeUndefined();
    expect(judge(listConsistency, list({ verdict: 'absent', before: seen('completed') }), answer(400, { success: false }))).toBeUndefined();
  });
});

describe('retention', () => {
  // contextual keeps every job 30 days
  const later = (p: Partial<Extract<Purpose, { kind: 'retention' }>>) =>
    context('contextual', 'status', { kind: 'retention', job: job(), expect: 'gone', advancedMs: 31 * DAY, via: 'status', notFoundStatus: 404, ...p });

  it('fails a job still readable or listed past its retention', () => {
    const drafts = judge(retention, later({}), answer(200, { status: 'completed' }))!;
    expect(drafts.map((d) => d.key)).toEqual(['gone 200']);
    expect(drafts[0].expected).toBe('404 (retention 30 days (all))');
    expect(drafts[0].message).toMatch(/ 31\.00 days later$/);
    expect(keys(retention, later({ via: 'list', listed: true }), answer(200, {}))).toEqual(['gone listed']);
  });

  it('fails a job gone before its retention', () => {
    expect(keys(retention, later({ expect: 'kept', advancedMs: 29 * DAY }), answer(404, { detail: 'Not Found' }))).toEqual(['kept 404']);
    expect(keys(retention, later({ expect: 'kept', via: 'list', listed: false }), answer(200, {}))).toEqual(['kept absent']);
  });

  it('passes a job gone past it and kept before it', () => {
    expect(judge(retention, later({}), answer(404, { detail: 'Not Found' }))).toEqual([]);
    expect(judge(retention, later({ expect: 'kept', advancedMs: 29 * DAY }), answer(200, { status: 'completed' }))).toEqual([]);
  });
});
