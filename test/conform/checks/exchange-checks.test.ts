// The checks that look at every exchange once, whatever it was sent for: server errors, and the answer
// against what its operation documents (status, media type, body schema, headers).
import { describe, expect, it } from 'vitest';
import { contentTypeConformance } from '../../../conformance/checks/content-type-conformance.js';
import { notAServerError } from '../../../conformance/checks/not-a-server-error.js';
import { responseHeadersConformance } from '../../../conformance/checks/response-headers-conformance.js';
import { responseSchemaConformance } from '../../../conformance/checks/response-schema-conformance.js';
import { statusCodeConformance } from '../../../conformance/checks/status-code-conformance.js';
import type { Purpose } from '../../../conformance/checks/types.js';
import { answer, context, judge, keys, noAnswer, operation } from './fixture.js';

const positive: Purpose = { kind: 'positive' };
const routing: Purpose = { kind: 'routing', expect: 'unknownPath', method: 'GET', path: '/nowhere' };
const status = context('crosmos', 'status', positive);
/** crosmos documents a pending job's status read with this example */
const pending = operation('crosmos', 'status').responses['200'].content['application/json'].examples!.pending.value as Record<string, unknown>;

describe('not_a_server_error', () => {
  it('fails a 5xx and an exchange with no usable answer', () => {
    expect(keys(notAServerError, status, answer(503, { detail: 'down' }))).toEqual(['status 503']);
    expect(keys(notAServerError, status, noAnswer('reset'))).toEqual(['transport reset']);
  });

  it('passes any answer below 500, and a request the run itself cut short', () => {
    expect(judge(notAServerError, status, answer(404, { detail: 'Not Found' }))).toEqual([]);
    expect(judge(notAServerError, status, noAnswer('budget'))).toEqual([]);
  });

  it('judges every exchange, a routing probe too', () => {
    expect(notAServerError.scope).toBe('exchange');
    expect(keys(notAServerError, context('crosmos', 'status', routing), answer(500))).toEqual(['status 500']);
  });
});

describe('status_code_conformance', () => {
  it('fails a status the operation does not document', () => {
    const drafts = judge(statusCodeConformance, status, answer(409, { detail: 'Conflict' }))!;
    expect(drafts.map((d) => d.key)).toEqual(['status 409']);
    expect(drafts[0].expected).toBe('200, 401, 404, 422');
  });

  it('passes a documented one', () => {
    expect(judge(statusCodeConformance, status, answer(404, { detail: 'Job x not found' }))).toEqual([]);
  });

  it('leaves routing probes and exchanges with no answer alone', () => {
    expect(judge(statusCodeConformance, context('crosmos', 'status', routing), answer(409))).toBeUndefined();
    expect(judge(statusCodeConformance, status, noAnswer())).toBeUndefined();
  });
});

describe('content_type_conformance', () => {
  it('fails a media type the status does not document', () => {
    expect(keys(contentTypeConformance, status, answer(200, '<html></html>', { 'content-type': 'text/html; charset=utf-8' }))).toEqual(['200 text/html']);
  });

  it('passes the documented one, parameters aside', () => {
    expect(judge(contentTypeConformance, status, answer(200, pending, { 'content-type': 'application/json; charset=utf-8' }))).toEqual([]);
  });
});

describe('response_schema_conformance', () => {
  it('fails a body that breaks the documented schema, naming the spot', () => {
    const drafts = judge(responseSchemaConformance, status, answer(200, { ...pending, status: 7 }))!;
    expect(drafts).toHaveLength(1);
    expect(drafts[0].message).toMatch(/^200: \/status /);
    expect(drafts[0].expected).toBe('the 200 schema of get_job_status_api_v1_jobs__job_id__get');
  });

  it('fails a body that is not JSON where JSON is documented', () => {
    expect(keys(responseSchemaConformance, status, answer(200, '{"job_id":'))).toEqual(['200 not json']);
  });

  it('passes the documented example', () => {
    expect(judge(responseSchemaConformance, status, answer(200, pending))).toEqual([]);
  });
});

describe('response_headers_conformance', () => {
  it("fails a documented header whose value breaks its schema (crosmos' 401 challenge is Bearer)", () => {
    const unauthorized = answer(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Basic realm="x"' });
    expect(keys(responseHeadersConformance, status, unauthorized)).toEqual(['invalid www-authenticate']);
  });

  it('passes the documented value, and a header the spec does not require left out', () => {
    expect(judge(responseHeadersConformance, status, answer(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' }))).toEqual([]);
    expect(judge(responseHeadersConformance, status, answer(401, { detail: 'Not authenticated' }))).toEqual([]);
  });

  it('judges only answers whose status documents headers', () => {
    expect(judge(responseHeadersConformance, status, answer(200, pending))).toBeUndefined();
  });
});
