// The checks that judge a request by why it was sent: broken and valid data, credentials, ids that were
// never created, undocumented routes, and another tenant's reads.
import { describe, expect, it } from 'vitest';
import { authRequired } from '../../../conformance/checks/auth-required.js';
import { negativeDataRejection } from '../../../conformance/checks/negative-data-rejection.js';
import { positiveDataAcceptance } from '../../../conformance/checks/positive-data-acceptance.js';
import { tenantIsolation } from '../../../conformance/checks/tenant-isolation.js';
import type { Purpose } from '../../../conformance/checks/types.js';
import { undocumentedRoutes } from '../../../conformance/checks/undocumented-routes.js';
import { unknownJobNotFound } from '../../../conformance/checks/unknown-job-not-found.js';
import { answer, context, job, judge, keys, noAnswer } from './fixture.js';

describe('negative_data_rejection', () => {
  const broken: Purpose = { kind: 'negative', location: 'body', name: 'space_id', keyword: 'required', description: 'left out', status: 422 };
  const create = context('crosmos', 'create', broken);

  it('fails a broken request accepted, or refused with another status than the one the operation names', () => {
    const accepted = judge(negativeDataRejection, create, answer(202, {}))!;
    expect(accepted.map((d) => d.key)).toEqual(['body space_id required 202']);
    expect(accepted[0].message).toMatch(/^accepted: body "space_id" breaking required \(left out\) got 202/);
    expect(keys(negativeDataRejection, create, answer(400, { detail: 'bad' }))).toEqual(['body space_id required 400 not 422']);
  });

  it('fails a refusal with an undocumented status where the operation names none', () => {
    const jobs = context('jobs', 'create', { ...broken, status: undefined });
    expect(judge(negativeDataRejection, jobs, answer(404, { message: 'Not Found' }))![0].message).toMatch(/^refused with an undocumented status/);
  });

  it('passes the documented refusal, and leaves no answer or a 5xx to not_a_server_error', () => {
    expect(judge(negativeDataRejection, create, answer(422, { detail: [] }))).toEqual([]);
    expect(judge(negativeDataRejection, create, noAnswer())).toEqual([]);
    expect(judge(negativeDataRejection, create, answer(500))).toEqual([]);
  });
});

describe('positive_data_acceptance', () => {
  const create = context('crosmos', 'create', { kind: 'positive' });

  it('fails a valid request refused, with a hint when the refusal is about credentials', () => {
    expect(keys(positiveDataAcceptance, create, answer(422, { detail: [] }))).toEqual(['positive 422']);
    expect(judge(positiveDataAcceptance, create, answer(401, { detail: 'Not authenticated' }))![0].message).toMatch(/\(is --token right\?\)$/);
    const example = context('crosmos', 'create', { kind: 'example', name: 'two sources', expectSuccess: true });
    expect(judge(positiveDataAcceptance, example, answer(422, { detail: [] }))![0].message).toMatch(/^the documented example "two sources" was refused/);
  });

  it('passes a 2xx, and leaves no answer or a 5xx to not_a_server_error', () => {
    expect(judge(positiveDataAcceptance, create, answer(202, {}))).toEqual([]);
    expect(judge(positiveDataAcceptance, create, answer(503))).toEqual([]);
    expect(judge(positiveDataAcceptance, create, noAnswer('timeout'))).toEqual([]);
  });

  it('does not judge an example that may fairly be refused (its job id is unknown)', () => {
    const example = context('crosmos', 'status', { kind: 'example', name: 'pending', expectSuccess: false });
    expect(judge(positiveDataAcceptance, example, answer(404, { detail: 'Not Found' }))).toBeUndefined();
  });
});

describe('auth_required', () => {
  const missing = context('crosmos', 'status', { kind: 'auth', variant: 'missing' });

  it('fails an answer to a request without valid credentials that is not 401', () => {
    const drafts = judge(authRequired, missing, answer(200, {}))!;
    expect(drafts.map((d) => d.key)).toEqual(['missing 200']);
    expect(drafts[0].message).toMatch(/^answered without an Authorization header with 200/);
    const tampered = context('crosmos', 'status', { kind: 'auth', variant: 'tampered-sub', description: 'a token for another sub' });
    expect(judge(authRequired, tampered, answer(403, { detail: 'Forbidden' }))![0].message).toMatch(/^refused with a token for another sub with 403/);
  });

  it('passes 401, leaves a 5xx to not_a_server_error and judges no exchange without an answer', () => {
    expect(judge(authRequired, missing, answer(401, { detail: 'Not authenticated' }))).toEqual([]);
    expect(judge(authRequired, missing, answer(500))).toEqual([]);
    expect(judge(authRequired, missing, noAnswer())).toBeUndefined();
  });
});

describe('unknown_job_not_found', () => {
  const unknown = context('crosmos', 'status', { kind: 'unknown-id', id: '0896fc61-2615-4e52-8b01-c0a4d850ade2' });

  it('fails a never-created id answered as if it existed', () => {
    const drafts = judge(unknownJobNotFound, unknown, answer(200, {}))!;
    expect(drafts.map((d) => d.key)).toEqual(['status 200']);
    expect(drafts[0].expected).toBe('404');
  });

  it('passes the documented not-found answer', () => {
    expect(judge(unknownJobNotFound, unknown, answer(404, { detail: 'Not Found' }))).toEqual([]);
  });
});

describe('undocumented_routes', () => {
  const method = context('crosmos', 'status', { kind: 'routing', expect: 'methodNotAllowed', method: 'DELETE', path: '/api/v1/jobs/x', documented: ['GET'] });
  const unknownPath = context('crosmos', 'status', { kind: 'routing', expect: 'unknownPath', method: 'GET', path: '/api/v1/nowhere' });

  it('fails an undocumented method answered with anything but 405 and an Allow of the documented methods', () => {
    expect(keys(undocumentedRoutes, method, answer(404, { detail: 'Not Found' }))).toEqual(['method DELETE 404']);
    expect(keys(undocumentedRoutes, method, answer(405, { detail: 'Method Not Allowed' }))).toEqual(['allow DELETE']);
    expect(keys(undocumentedRoutes, method, answer(405, { detail: 'Method Not Allowed' }, { allow: 'GET, DELETE' }))).toEqual(['allow DELETE']);
  });

  it('fails an unknown path answered with anything but 404', () => {
    expect(keys(undocumentedRoutes, unknownPath, answer(200, {}))).toEqual(['unknown path 200']);
  });

  it('passes 405 with Allow, and 404 for an unknown path', () => {
    expect(judge(undocumentedRoutes, method, answer(405, { detail: 'Method Not Allowed' }, { allow: 'GET' }))).toEqual([]);
    expect(judge(undocumentedRoutes, unknownPath, answer(404, { detail: 'Not Found' }))).toEqual([]);
  });
});

describe('tenant_isolation', () => {
  const trace = job('job_owned');
  const read = context('alchemyst', 'status', { kind: 'other-tenant', job: trace, notFoundStatus: 404 });

  it("fails another tenant's read answered with anything but the unknown-id answer", () => {
    const drafts = judge(tenantIsolation, read, answer(200, { success: true, jobId: 'job_owned', status: 'waiting', attemptsMade: 0 }))!;
    expect(drafts.map((d) => d.key)).toEqual(['status 200']);
    expect(drafts[0].message).toMatch(/: it can read the job$/);
  });

  it("fails another tenant's cancel that changed the owner's job, even when answered 404", () => {
    const owner = { before: 'waiting', notFound: true };
    const cancel = context('alchemyst', 'cancel', { kind: 'other-tenant', job: trace, notFoundStatus: 404, owner });
    expect(keys(tenantIsolation, cancel, answer(404, { success: false, message: 'Job not found', status: 404 }))).toEqual(['owner changed gone']);
  });

  it("fails a job on another tenant's list", () => {
    const list = context('alchemyst', 'list', { kind: 'list', job: trace, verdict: 'found', otherTenant: true });
    expect(keys(tenantIsolation, list, answer(200, { success: true, jobs: [] }))).toEqual(['listed']);
  });

  it("passes the unknown-id answer and a list without the job; the owner's own lists are not its to judge", () => {
    expect(judge(tenantIsolation, read, answer(404, { success: false, message: 'Job not found', status: 404 }))).toEqual([]);
    const absent = context('alchemyst', 'list', { kind: 'list', job: trace, verdict: 'absent', otherTenant: true });
    expect(judge(tenantIsolation, absent, answer(200, { success: true, jobs: [] }))).toEqual([]);
    const own = context('alchemyst', 'list', { kind: 'list', job: trace, verdict: 'found' });
    expect(judge(tenantIsolation, own, answer(200, { success: true, jobs: [] }))).toBeUndefined();
  });
});
