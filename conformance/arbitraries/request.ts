// The request generators of the conformance suite: valid requests, one-spot-broken ones, documented examples.
import type fc from 'fast-check';
import type { OperationModel } from '../../src/spec/model.js';
import type { RequestBody } from '../http/types.js';
import { requestArbitrary } from './parts.js';

export { negativeCases, type NegativeCase } from './negative.js';
export { exampleRequests } from './examples.js';

/** A request as the runner sends it (structurally RequestParts in conformance/http/build.ts). */
export interface GeneratedRequest {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: RequestBody;
}

/** Requests the operation's schemas accept: every value serialised as the server reads it back. */
export function validRequest(op: OperationModel): fc.Arbitrary<GeneratedRequest> {
  return requestArbitrary(op);
}
