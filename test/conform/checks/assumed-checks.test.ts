// The answer checks on a spec that documents only 200s and assumes its errors (x-jobtwin
// errors.assumed, fixtures/specs/assumed): an assumed status counts as documented; its media type and
// schema are held only with --strict, and a failure there says it rests on the assumption.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeConformance } from '../../../conformance/checks/content-type-conformance.js';
import { negativeDataRejection } from '../../../conformance/checks/negative-data-rejection.js';
import { responseSchemaConformance } from '../../../conformance/checks/response-schema-conformance.js';
import { statusCodeConformance } from '../../../conformance/checks/status-code-conformance.js';
import { unknownJobNotFound } from '../../../conformance/checks/unknown-job-not-found.js';
import type { Purpose } from '../../../conformance/checks/types.js';
import { answer, contextOf, judge, keys, loadSpec } from './fixture.js';

const DIR = join(import.meta.dirname, '../../../fixtures/specs/assumed');
const tasks = await loadSpec(join(DIR, 'tasks.openapi.yaml'), [join(DIR, 'tasks.overlay.yaml')]);
const unknownId: Purpose = { kind: 'unknown-id', id: '3f2b8c1e-5d7a-4e2b-9c1d-0a1b2c3d4e5f' };
const lenient = contextOf(tasks, 'get_task', unknownId);
const strict = contextOf(tasks, 'get_task', unknownId, { strict: true });
const PROBLEM = { 'content-type': 'application/problem+json' };
const problem = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such task' };
const TAG = 'assumed: 404 on get_task (x-jobtwin errors.assumed), held to it with --strict';

describe('status_code_conformance on an assumed status', () => {
  it('passes a status the operation does not document but assumes, with or without --strict', () => {
    expect(judge(statusCodeConformance, lenient, answer(404, problem, PROBLEM))).toEqual([]);
    expect(judge(statusCodeConformance, strict, answer(404, problem, PROBLEM))).toEqual([]);
  });

  it('fails a status neither documented nor assumed, listing both', () => {
    const drafts = judge(statusCodeConformance, lenient, answer(409, problem, PROBLEM))!;
    expect(drafts.map((d) => [d.key, d.expected])).toEqual([['status 409', '200; assumed: 400, 401, 404']]);
  });
});

describe('content_type_conformance on an assumed status', () => {
  it('leaves the media type alone without --strict', () => {
    expect(judge(contentTypeConformance, lenient, answer(404, { error: 'nope' }))).toEqual([]);
  });

  it('holds it to the declared media type with --strict, saying so', () => {
    const drafts = judge(contentTypeConformance, strict, answer(404, problem))!;
    expect(drafts.map((d) => d.key)).toEqual(['404 application/json']);
    expect(drafts[0].message).toContain('(documented: application/problem+json)');
    expect(drafts[0].message).toContain(TAG);
    expect(judge(contentTypeConformance, strict, answer(404, problem, { 'content-type': 'application/problem+json; charset=utf-8' }))).toEqual([]);
  });
});

describe('response_schema_conformance on an assumed status', () => {
  it('leaves the body alone without --strict', () => {
    expect(judge(responseSchemaConformance, lenient, answer(404, { error: 'nope' }, PROBLEM))).toEqual([]);
    expect(judge(responseSchemaConformance, lenient, answer(404, 'not json', PROBLEM))).toEqual([]);
  });

  it('holds it to the assumed schema with --strict, saying so', () => {
    const drafts = judge(responseSchemaConformance, strict, answer(404, { ...problem, status: 'gone' }, PROBLEM))!;
    expect(drafts.map((d) => d.message)).toEqual([`404: /status must be integer (${TAG})`]);
    expect(drafts[0].expected).toBe('the assumed 404 schema of get_task');
    expect(keys(responseSchemaConformance, strict, answer(404, 'not json', PROBLEM))).toEqual(['404 not json']);
    expect(judge(responseSchemaConformance, strict, answer(404, problem, PROBLEM))).toEqual([]);
  });
});

describe('checks that want a documented 4xx count an assumed one', () => {
  it('unknown_job_not_found expects the assumed 404', () => {
    expect(judge(unknownJobNotFound, lenient, answer(404, problem, PROBLEM))).toEqual([]);
    expect(keys(unknownJobNotFound, lenient, answer(400, problem, PROBLEM))).toEqual(['status 400']);
  });

  it('negative_data_rejection accepts the assumed 400', () => {
    const negative: Purpose = { kind: 'negative', location: 'body', name: 'url', keyword: 'minLength', description: 'an empty url', status: 400 };
    const create = contextOf(tasks, 'create_task', negative);
    expect(judge(negativeDataRejection, create, answer(400, { ...problem, status: 400 }, PROBLEM))).toEqual([]);
    expect(keys(negativeDataRejection, create, answer(200, {}))).toEqual(['body url minLength 200']);
  });
});
