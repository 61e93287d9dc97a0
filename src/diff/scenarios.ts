// What diff sends: the create requests of its jobs (documented examples first, then seeded valid
// requests) and the edge requests a client meets (unknown and malformed ids, no token, a method the
// path does not serve, a body that breaks the schema). The same parts go to both sides.
import fc from 'fast-check';
import { sampleOne } from '../../conformance/arbitraries/bounded-filter.js';
import { malformedIds } from '../../conformance/arbitraries/malformed-id.js';
import { exampleRequests, negativeCases, validRequest } from '../../conformance/arbitraries/request.js';
import type { RequestParts } from '../../conformance/http/build.js';
import { needsAuth, unknownIdArbitrary } from '../../conformance/phases/stateless.js';
import { jobParts } from '../../conformance/runner/jobs.js';
import type { ApiModel, OperationModel } from '../spec/model.js';
import type { Tenant } from './endpoint.js';

/** The create requests of `count` jobs: the documented examples in turn, else seeded valid requests. */
export function createRequests(api: ApiModel, count: number, seed: number): RequestParts[] {
  const op = api.byRole.create!;
  const examples = exampleRequests(op).map((e) => e.request);
  return Array.from({ length: count }, (_, i) => (examples.length ? examples[i % examples.length] : sampleOne(validRequest(op), seed + i)));
}

export interface EdgeRequest {
  /** e.g. `unknown id on getJob` */
  name: string;
  op: OperationModel;
  parts: RequestParts;
  tenant: Tenant;
  method?: string;
}

const METHODS = ['DELETE', 'PUT', 'PATCH', 'POST', 'GET'];

function jobOperations(api: ApiModel): OperationModel[] {
  return api.operations.filter((op) => op.ext?.jobId?.in === 'path');
}

export function edgeRequests(api: ApiModel, seed: number): EdgeRequest[] {
  const out: EdgeRequest[] = [];
  const unknown = sampleOne(unknownIdArbitrary({ api }), seed);
  for (const op of jobOperations(api)) out.push({ name: `unknown id on ${op.operationId}`, op, parts: jobParts(op, unknown), tenant: 'main' });
  const status = api.byRole.status;
  const malformed = status ? malformedIds(status)[0] : undefined;
  if (status && malformed) out.push({ name: `malformed id on ${status.operationId}`, op: status, parts: jobParts(status, malformed.value), tenant: 'main' });
  const create = api.byRole.create;
  const valid = create ? sampleOne(validRequest(create), seed) : undefined;
  if (create && valid && needsAuth(create)) out.push({ name: `no token on ${create.operationId}`, op: create, parts: valid, tenant: 'none' });
  if (status && needsAuth(status)) out.push({ name: `no token on ${status.operationId}`, op: status, parts: jobParts(status, unknown), tenant: 'none' });
  if (status) {
    const served = api.operations.filter((op) => op.path === status.path).map((op) => op.method.toUpperCase());
    const method = METHODS.find((m) => !served.includes(m));
    if (method) out.push({ name: `${method} on ${status.path}`, op: status, parts: jobParts(status, unknown), tenant: 'main', method });
  }
  const bad = create ? negativeCases(create).find((c) => c.location === 'body') : undefined;
  if (create && bad) {
    const [parts] = fc.sample(bad.request, { seed, numRuns: 1 });
    out.push({ name: `bad body on ${create.operationId} (${bad.description})`, op: create, parts, tenant: 'main' });
  }
  return out;
}
