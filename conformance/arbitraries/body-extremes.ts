// Bodies at the edges of what an operation documents: one byte over its size limit (x-jobtwin
// limits.bodyBytes), and a valid JSON body with one undeclared top-level property.
import fc from 'fast-check';
import type { ApiModel, OperationModel } from '../../src/spec/model.js';
import type { GeneratedRequest } from './request.js';
import { bodyMedias } from './body.js';
import { isObject } from './schema.js';

/** Bodies larger than this are not sent: the limit is reported as unchecked. */
export const MAX_SENT_BYTES = 16 * 1024 * 1024;

/** The operation's declared body limit (its own x-jobtwin limits over the root's), and whether it is only assumed. */
export function bodyLimit(api: ApiModel, op: OperationModel): { bytes: number; assumed: boolean } | undefined {
  const limits = op.ext?.limits?.bodyBytes !== undefined ? op.ext.limits : api.ext.limits;
  return limits?.bodyBytes !== undefined ? { bytes: limits.bodyBytes, assumed: limits.assumed === true } : undefined;
}

/**
 * A JSON body one byte over the limit: a valid request's body padded with whitespace, so that only its
 * size is wrong. Undefined when the operation takes no JSON body.
 */
export function oversized(op: OperationModel, valid: GeneratedRequest, limit: number): GeneratedRequest | undefined {
  const json = bodyMedias(op).find((m) => m.kind === 'json');
  if (!json || valid.body?.kind !== 'json') return undefined;
  const text = JSON.stringify(valid.body.value);
  const pad = Math.max(0, limit + 1 - Buffer.byteLength(text));
  return { ...valid, body: { kind: 'raw', contentType: json.type, text: `${text}${' '.repeat(pad)}` } };
}

export const EXTRA_PROPERTY = 'jobtwin_undeclared';

/** How the JSON body's top level treats a property it does not declare: forbidden, allowed, or unknown (no object body). */
export function extraProperties(op: OperationModel): 'forbidden' | 'allowed' | undefined {
  const json = bodyMedias(op).find((m) => m.kind === 'json');
  const schema = json?.schema;
  if (!isObject(schema) || schema.type !== 'object' || !isObject(schema.properties) || EXTRA_PROPERTY in schema.properties) return undefined;
  if (schema.additionalProperties === false || schema.unevaluatedProperties === false) return 'forbidden';
  // a schema for extra properties, or patterns: a string value may not fit, so no claim is made
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) return undefined;
  if (schema.patternProperties !== undefined || schema.propertyNames !== undefined || schema.maxProperties !== undefined) return undefined;
  return 'allowed';
}

/** Valid requests whose JSON object body carries one undeclared top-level property. */
export function withExtraProperty(valid: fc.Arbitrary<GeneratedRequest>): fc.Arbitrary<GeneratedRequest> {
  // a request without an object body (an optional body left out) goes as it is: still valid
  return valid.map((r) =>
    r.body?.kind === 'json' && isObject(r.body.value) ? { ...r, body: { kind: 'json' as const, value: { ...r.body.value, [EXTRA_PROPERTY]: 'x' } } } : r,
  );
}
