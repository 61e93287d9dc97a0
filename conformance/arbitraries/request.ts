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
  const arbitrary = requestArbitrary(op);
  return op.asRole?.role === 'create' ? arbitrary.map((parts) => plainCreate(op, parts)) : arbitrary;
}

/**
 * A create as the suite sends it by default: without the webhook URL a generated body would carry (a
 * target must not be asked to call random hosts; the webhook tour sets its listener's URL), nor the
 * webhook filter, nor a Prefer: wait that would hold every create (the tour sends one on purpose).
 * A required URL gets a loopback address nothing listens on.
 */
export function plainCreate(op: OperationModel, parts: GeneratedRequest): GeneratedRequest {
  const role = op.asRole;
  if (role?.role !== 'create') return parts;
  const { webhook, waitMax } = role.extras;
  let out = parts;
  if (waitMax !== undefined) {
    const headers = Object.fromEntries(Object.entries(parts.headers).filter(([name]) => name.toLowerCase() !== 'prefer'));
    out = { ...out, headers };
  }
  if (webhook && out.body?.kind === 'json' && typeof out.body.value === 'object' && out.body.value !== null) {
    const schema = op.requestBody?.content['application/json']?.schema as { required?: string[] } | undefined;
    const value = structuredClone(out.body.value) as Record<string, unknown>;
    for (const tokens of [webhook.url, ...(webhook.filter ? [webhook.filter] : [])]) {
      if (tokens.length !== 1 || !(tokens[0] in value)) continue;
      if (tokens === webhook.url && schema?.required?.includes(tokens[0])) value[tokens[0]] = 'http://127.0.0.1:9/jobtwin-unheard';
      else delete value[tokens[0]];
    }
    out = { ...out, body: { kind: 'json', value } };
  }
  return out;
}
