// Checks a response against what its operation documents: status, media type and body schema.
// Validators compile on first use per (operation, status, media type) and are kept.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { AssumedResponse, OperationModel } from '../spec/model.js';
import { documentedKey, type ResponseModel } from '../spec/operation-view.js';
import { mediaMatches } from './request.js';

/**
 * assumed: the status is not documented but x-jobtwin errors.assumed declares it, so the verdict rests on
 * that assumption (and says so).
 */
export type ResponseCheck = (
  { ok: true } | { ok: false; problem: 'status' | 'content_type' | 'schema'; message: string; errors?: Array<{ path: string; message: string }> }
) & { assumed?: AssumedResponse };

export interface ResponseValidatorOptions {
  /**
   * Hold an assumed answer to its declared media type and schema (conform --strict, and the twin's own
   * tests); without it an assumed status is accepted as documented and its answer is not looked into.
   */
  strict?: boolean;
}

/** The documented response for a status: exact, then its range (4XX), then default. */
export function documentedResponse(op: OperationModel, status: number): { key: string; response: ResponseModel } | undefined {
  const key = documentedKey(op.responses, status);
  return key === undefined ? undefined : { key, response: op.responses[key] };
}

export class ResponseValidator {
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(
    private readonly ajv: Ajv2020,
    private readonly options: ResponseValidatorOptions = {},
  ) {}

  check(op: OperationModel, status: number, contentType: string | null, body: unknown): ResponseCheck {
    const documented = documentedResponse(op, status) ?? this.assumedResponse(op, status);
    if (!documented) {
      const assumed = Object.keys(op.assumed);
      return {
        ok: false,
        problem: 'status',
        message: `${status} is not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(', ')}${assumed.length ? `; assumed: ${assumed.join(', ')}` : ''})`,
      };
    }
    const assumed = documented.key.startsWith('assumed ') ? op.assumed[String(status)] : undefined;
    if (assumed && !this.options.strict) return { ok: true, assumed };
    const verdict = this.against(op, status, documented, contentType, body);
    return assumed ? { ...verdict, assumed } : verdict;
  }

  /** An assumed answer in the shape of a documented one; its key says where it came from. */
  private assumedResponse(op: OperationModel, status: number): { key: string; response: ResponseModel } | undefined {
    const assumed = op.assumed[String(status)];
    if (!assumed) return undefined;
    const media = { ...(assumed.schema !== undefined ? { schema: assumed.schema } : {}), encoding: {} };
    return { key: `assumed ${status}`, response: { content: { [assumed.mediaType]: media }, headers: {} } };
  }

  private against(
    op: OperationModel,
    status: number,
    documented: { key: string; response: ResponseModel },
    contentType: string | null,
    body: unknown,
  ): ResponseCheck {
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
