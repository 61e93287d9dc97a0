// Nest's default answer to an HttpException is its response object: `{message, error, statusCode}`
// (a bare `new UnauthorizedException()` gives `{message, statusCode}`, no `error`). The API's
// documented envelope adds `timestamp` and `path`, which the default filter never writes: this filter
// adds them and the reason phrase, and keeps Nest's `message` as it is (a string, or ValidationPipe's
// array of strings).
import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { decorateClass } from './decorate.js';

export class EnvelopeFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest();
    const res = http.getResponse();
    let status = 500;
    let message: unknown = 'Internal server error';
    let error: string | undefined;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'string') message = body;
      else {
        message = (body as any).message ?? message;
        error = (body as any).error;
      }
    } else if (isHttpError(exception)) {
      // body-parser's errors (bad JSON, 413): Nest's BaseExceptionFilter answers their status and message too
      status = exception.statusCode;
      message = exception.expose === false ? STATUS_CODES[status] : exception.message;
    }
    res.status(status).json(envelope(status, message, req, error));
  }
}

/** The documented envelope: Nest's `{statusCode, error, message}` plus the time and the request path. */
export function envelope(status: number, message: unknown, req: { originalUrl?: string; url?: string }, error?: string): Record<string, unknown> {
  const path = String(req.originalUrl ?? req.url).split('?')[0];
  return { statusCode: status, error: error ?? STATUS_CODES[status] ?? 'Error', message, timestamp: new Date().toISOString(), path };
}
decorateClass(EnvelopeFilter, [Catch()]);

function isHttpError(e: unknown): e is { statusCode: number; message: string; expose?: boolean } {
  const x = e as any;
  return !!x && Number.isInteger(x.statusCode) && x.statusCode >= 400 && x.statusCode < 600 && typeof x.message === 'string';
}
