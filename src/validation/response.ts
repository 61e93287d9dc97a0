// Checks a response against what its operation documents: status, media type and body schema.
// Validators compile on first use per (operation, status, media type) and are kept.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { OperationModel } from '../spec/model.js';
import type { ResponseModel } from '../spec/operation-view.js';
import { mediaMatches } from './request.js';

export type ResponseCheck =
  { ok: true } | { ok: false; problem: 'status' | 'content_type' | 'schema'; message: string; errors?: Array<{ path: string; message: string }> };

/** The documented response for a status: exact, then its range (4XX), then default. */
export function documentedResponse(op: OperationModel, status: number): { key: string; response: ResponseModel } | undefined {
  const responses = op.responses;
  for (const key of [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default']) {
    if (responses[key]) return { key, response: responses[key] };
  }
  return undefined;
}

export class ResponseValidator {
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(private readonly ajv: Ajv2020) {}

  check(op: OperationModel, status: number, contentType: string | null, body: unknown): ResponseCheck {
    const documented = documentedResponse(op, status);
    if (!documented) {
      return {
        ok: false,
        problem: 'status',
        message: `${status} is not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(', ')})`,
      };
    }
    const content = documented.response.content;
    if (Object.keys(content).length === 0) return { ok: true };
    const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const key = Object.keys(content).find((m) => mediaMatches(m, media));
    if (!key) {
      return {
        ok: false,
        problem: 'content_type',
        message: `content type "${contentType ?? '(none)'}" is not documented for ${status} of ${op.operationId} (documented: ${Object.keys(content).join(', ')})`,
      };
    }
    const schema = content[key].schema;
    if (schema === undefined) return { ok: true };
    const cacheKey = `${op.apiName} ${op.method} ${op.path} ${documented.key} ${key}`;
    let validate = this.cache.get(cacheKey);
    if (validate === undefined) {
      validate = this.ajv.compile(schema);
      this.cache.set(cacheKey, validate);
    }
    if (!validate || validate(body)) return { ok: true };
    const errors = (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: `${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? `: ${(e.params.allowedValues as unknown[]).join(', ')}` : ''}`,
    }));
    return {
      ok: false,
      problem: 'schema',
      message: `body does not match the ${documented.key} schema of ${op.operationId}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    };
  }
}
