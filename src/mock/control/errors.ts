// The control interface's one error envelope: { error: { code, message } }, and the handler that turns
// whatever a route (or the JSON parser) threw into it. Never an HTML page.
import type { ErrorRequestHandler, Response } from 'express';
import { TwinError } from '../../core/twin.js';
import { ClockError } from '../../core/clock/clock.js';
import { FaultError } from '../faults.js';

export type ControlCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

const STATUS: Record<ControlCode, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

export class ControlError extends Error {
  constructor(
    readonly code: ControlCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const badRequest = (message: string) => new ControlError('BAD_REQUEST', message);
export const notFound = (message: string) => new ControlError('NOT_FOUND', message);
export const conflict = (message: string) => new ControlError('CONFLICT', message);

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

const TWIN_CODES: Record<TwinError['kind'], ControlCode> = { invalid: 'BAD_REQUEST', conflict: 'CONFLICT', notFound: 'NOT_FOUND' };

/** A value as it appears in a message: `"x"`, `12`, `null`, shortened when long. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** body-parser's errors carry a `type`; the rest are the domain's own. */
function toControlError(error: unknown): ControlError | undefined {
  if (error instanceof ControlError) return error;
  if (error instanceof TwinError) return new ControlError(TWIN_CODES[error.kind], error.message);
  if (error instanceof ClockError) return conflict(error.message);
  if (error instanceof FaultError) return badRequest(error.message);
  const e = error as { type?: unknown; status?: unknown; message?: unknown } | null;
  if (e && typeof e.type === 'string') {
    if (e.type === 'entity.parse.failed') return badRequest(`the body is not valid JSON (${String(e.message)}): send a JSON object`);
    if (e.type === 'entity.too.large') return badRequest('the body is larger than the 1 MB limit of the control interface');
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return badRequest(`the body cannot be read (${String(e.message)}): send UTF-8 JSON`);
  }
  return undefined;
}

export const controlErrorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (res.headersSent) {
    res.end();
    return;
  }
  const known = toControlError(error);
  // Anything else is a bug in the twin: still JSON, still the envelope, and it says what broke.
  if (known) sendError(res, known.status, known.code, known.message);
  else sendError(res, 500, 'INTERNAL', `the control interface failed: ${String((error as Error)?.message ?? error)}`);
};
