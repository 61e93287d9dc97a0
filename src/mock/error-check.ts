// Start-up check of a spec's error templates against its own error schemas: for each operation, every
// error status the twin can answer on it (the 4xx and 5xx it documents, and those errors.assumed declares)
// is rendered through the renderer that answers requests, with a typical message, and validated with
// ajv. An envelope the vendor's schema refuses stops start-up instead of being served to a client.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorKind } from '../spec/extension-types.js';
import type { ApiModel, OperationModel } from '../spec/model.js';
import { SpecError, pointerPart } from '../spec/spec-error.js';
import { documentedResponse, ResponseValidator } from '../validation/response.js';
import { isJsonMedia } from '../validation/media.js';
import { KIND_STATUS, renderError, statusOf, type ErrorRequest } from './errors.js';

/**
 * Throws a SpecError naming the template spot, the operation, the status and ajv's message when an
 * error rendering breaks its schema. `request`: the typical request to the operation (its path and
 * parameters, which templates may quote); `now`: the clock the rendering reads.
 */
export function checkErrorRendering(api: ApiModel, ajv: Ajv2020, request: (op: OperationModel) => ErrorRequest, now: number): void {
  // strict: an assumed status is held to its declared schema, as conform --strict holds a target
  const validator = new ResponseValidator(ajv, { strict: true });
  for (const op of api.operations) {
    const statuses = new Set([...Object.keys(op.responses), ...Object.keys(op.assumed)].filter((s) => /^[45]\d\d$/.test(s)).map(Number));
    for (const status of [...statuses].sort()) {
      if (!jsonDocumented(op, status)) continue;
      const kind = kindOf(api, op, status);
      const rendered = renderError(api, op, kind, request(op), now, { status });
      const verdict = validator.check(op, status, rendered.contentType ?? 'application/json', rendered.body);
      if (verdict.ok || verdict.problem !== 'schema') continue;
      throw new SpecError(`${errorTemplateSpot(api, op, status)}: rendered for ${op.operationId}'s ${status} (${kind}), the ${verdict.message}`);
    }
  }
}

/** Whether the status's documented (or assumed) answer has a JSON body with a schema to hold it to. */
function jsonDocumented(op: OperationModel, status: number): boolean {
  const assumed = op.assumed[String(status)];
  if (assumed) return assumed.schema !== undefined && isJsonMedia(assumed.mediaType);
  const content = documentedResponse(op, status)?.response.content ?? {};
  return Object.entries(content).some(([media, m]) => m.schema !== undefined && (isJsonMedia(media) || media === '*/*'));
}

/** The kind the twin answers a status with: a bad request, a kind's own status, else a fault (internal). */
function kindOf(api: ApiModel, op: OperationModel, status: number): ErrorKind {
  if (status === statusOf(api, op, 'invalid')) return 'invalid';
  const kind = (Object.keys(KIND_STATUS) as Array<keyof typeof KIND_STATUS>).find((k) => KIND_STATUS[k] === status);
  return kind ?? 'internal';
}

/** The template renderError takes for a status, most specific first, as it does. */
export function errorTemplateSpot(api: ApiModel, op: OperationModel, status: number): string {
  const where = `${api.source}#/paths/${pointerPart(op.path)}/${op.method}`;
  const own = op.ext?.errors;
  const root = api.ext.errors;
  if (own?.byStatus?.[String(status)] !== undefined) return `${where}/x-jobtwin/errors/byStatus/${status}`;
  if (own?.envelope !== undefined) return `${where}/x-jobtwin/errors/envelope`;
  if (root.byStatus?.[String(status)] !== undefined) return `${api.source}#/x-jobtwin/errors/byStatus/${status}`;
  if (root.envelope !== undefined) return `${api.source}#/x-jobtwin/errors/envelope`;
  return `${api.source}#/x-jobtwin/errors (the built-in envelope: declare errors.envelope)`;
}
