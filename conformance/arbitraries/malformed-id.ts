// Malformed job ids: spellings no id of the operation's own shape can have, each checked to break the
// id parameter's schema once it travels. Spellings a framework still reads as an id (pydantic reads a
// uuid as 32 hex digits or urn:uuid:…) are never in the list, so a server that accepts them is not blamed.
import type { OperationModel } from '../../src/spec/model.js';
import { isJobId, paramSpecs, readsValid, sendable, type ParamSpec } from './params.js';

const SPELLINGS = ['abc', 'not a job id', 'abc!', "x'y", '%zz', 'é', '-', `${'z'.repeat(129)}!`, '<script>'];

export interface MalformedId {
  param: ParamSpec;
  value: string;
}

/** The job-id path parameter's malformed values, or [] when the operation takes no id in its path. */
export function malformedIds(op: OperationModel): MalformedId[] {
  const param = paramSpecs(op).find((p) => p.location === 'path' && isJobId(op, p));
  if (!param) return [];
  return SPELLINGS.filter((value) => sendable(param, { [param.name]: value }) && !readsValid(param, { [param.name]: value })).map((value) => ({
    param,
    value,
  }));
}

/** The status the operation documents for a request that fails validation, when it names one. */
export function validationStatus(op: OperationModel, rootStatus?: number): number | undefined {
  const declared = op.ext?.errors?.validationStatus ?? rootStatus;
  return declared !== undefined && (op.statuses.has(String(declared)) || op.assumed[String(declared)]) ? declared : undefined;
}
