// x-jobtwin errors.assumed resolved per operation at load: the root's answers for every operation,
// the operation's own over them, and none for a status the operation documents.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createAjv } from '../validation/ajv.js';
import type { AssumedAnswer } from './extension-types.js';
import type { AssumedResponse } from './model.js';
import { documentedKey, type ResponseModel } from './operation-view.js';
import { SpecError } from './spec-error.js';

type Declared = Record<string, AssumedAnswer> | undefined;

let schemaAjv: Ajv2020 | undefined;
const compiled = new WeakSet<object>();

/** A schema that cannot be compiled would fail the suite in mid-run: refused at load, at its spot. */
function checkSchema(where: string, schema: AssumedAnswer['schema']): void {
  if (typeof schema !== 'object' || compiled.has(schema)) return;
  try {
    (schemaAjv ??= createAjv()).compile(schema);
    compiled.add(schema);
  } catch (error) {
    throw new SpecError(`${where}/schema: not a valid JSON Schema: ${(error as Error).message}`);
  }
}

/**
 * The assumed answers of one operation. The root's apply wherever the operation documents no answer for
 * the status (a documented one wins: one operation documents 404, the others do not); the operation's own
 * naming a status it documents (exactly, as a range or as default) contradicts its document and is refused.
 */
export function assumedResponses(
  file: string,
  where: string,
  responses: Record<string, ResponseModel>,
  root: Declared,
  own: Declared,
  trusted: boolean,
): Record<string, AssumedResponse> {
  const out: Record<string, AssumedResponse> = {};
  for (const [status, answer] of Object.entries(root ?? {})) {
    if (documentedKey(responses, status) !== undefined) continue;
    if (!trusted) checkSchema(`${file}#/x-jobtwin/errors/assumed/${status}`, answer.schema);
    out[status] = { mediaType: answer.mediaType, ...(answer.schema !== undefined ? { schema: answer.schema } : {}), from: 'root' };
  }
  for (const [status, answer] of Object.entries(own ?? {})) {
    const spot = `${where}/x-jobtwin/errors/assumed/${status}`;
    const key = documentedKey(responses, status);
    if (key !== undefined) {
      throw new SpecError(`${spot}: the operation documents ${status} (responses/${key}): an assumed answer is for a status it does not document`);
    }
    if (!trusted) checkSchema(spot, answer.schema);
    out[status] = { mediaType: answer.mediaType, ...(answer.schema !== undefined ? { schema: answer.schema } : {}), from: 'operation' };
  }
  return out;
}
