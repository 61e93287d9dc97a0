// How the suite words a verdict that rests on x-jobtwin errors.assumed: an error answer the vendor
// does not document, accepted (or, with --strict, held to its declared shape) on the spec's word.
import type { AssumedResponse, OperationModel } from '../../src/spec/model.js';

/** `assumed: 404 on get_status (x-jobtwin errors.assumed)` */
export function assumedTag(op: OperationModel, status: number, assumed: AssumedResponse): string {
  return `assumed: ${status} on ${op.operationId} (x-jobtwin errors.assumed${assumed.from === 'operation' ? ' on the operation' : ''})`;
}

/** The run's note for an assumed status it met: what it was held to, and why. */
export function assumedNote(op: OperationModel, status: number, assumed: AssumedResponse, strict: boolean): string {
  const shape = `${assumed.mediaType}${assumed.schema !== undefined ? ' and its schema' : ''}`;
  return strict
    ? `${assumedTag(op, status, assumed)}: accepted as documented and held to ${shape} (--strict)`
    : `${assumedTag(op, status, assumed)}: accepted as documented; its media type and body are checked only with --strict`;
}
