// The body, read within the documented size limit (413 without reading the rest).
import type { IncomingMessage } from 'node:http';
import { readBody } from '../../validation/body.js';
import { bodyReadDetails } from '../../validation/pydantic-details.js';
import { problem, type OperationExchange, type Stage } from './types.js';

const DEFAULT_BODY_LIMIT = 1_048_576;

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export const readRequestBody: Stage<OperationExchange> = {
  name: 'body',
  async run(x) {
    // An operation without a request body ignores one (node discards it after the answer): reading it
    // could only end in a 413 or 400 the operation does not document.
    if (!hasBody(x.req) || x.op.requestBody === undefined) return undefined;
    const limit = x.op.ext?.limits?.bodyBytes ?? x.api.ext.limits?.bodyBytes ?? DEFAULT_BODY_LIMIT;
    const read = await readBody(x.req, { limitBytes: limit });
    if (read.ok) {
      x.body = read.body;
      return undefined;
    }
    if (read.reason === 'too_large') return problem('tooLarge', { message: `Request body is larger than ${limit} bytes`, headers: { connection: 'close' } });
    return problem('invalid', { message: read.message, details: bodyReadDetails(read, x.api.ext.errors.validationStyle) });
  },
};
