// The HTTP client of the conformance suite: global fetch, a timeout per request, a cap on response
// bodies, a rate limit, 429 Retry-After honoured a bounded number of times. It never throws for
// anything the target does: a refused connection, a reset, a timeout or a huge body is an Exchange
// with an error, for the checks to report.
import type { Exchange, HttpRequest, HttpResponse, TransportError } from './types.js';
import { RateLimiter, sleep } from './rate-limit.js';
import { readCapped } from './read-body.js';

export interface ClientOptions {
  requestTimeoutMs: number;
  /** response bodies past this are not read (default 5 MB) */
  maxBodyBytes?: number;
  /** requests per second; absent or 0: no limit */
  rateLimit?: number;
  /** how many 429 answers to wait out per request (default 3) */
  max429Retries?: number;
  /** longest Retry-After honoured, ms (default 30 s) */
  maxRetryAfterMs?: number;
  /** epoch ms after which no request starts and waits are cut short */
  deadline?: number;
  /** aborts what is under way and stops new requests (the run was stopped) */
  signal?: AbortSignal;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export class HttpClient {
  private seq = 0;
  private readonly limiter: RateLimiter;
  /** every exchange sent, in order (the count is the run's exchange count) */
  count = 0;

  constructor(private readonly options: ClientOptions) {
    this.limiter = new RateLimiter(options.rateLimit);
  }

  get deadline(): number {
    return this.options.deadline ?? Infinity;
  }

  async send(request: HttpRequest): Promise<Exchange> {
    const started = performance.now();
    let retries = 0;
    for (;;) {
      const exchange = await this.once(request, started, retries);
      const status = exchange.response?.status;
      if (status !== 429 || retries >= (this.options.max429Retries ?? 3)) return exchange;
      const wait = retryAfterMs(exchange.response!.headers['retry-after']);
      const capped = Math.min(wait, this.options.maxRetryAfterMs ?? 30_000, this.deadline - Date.now());
      if (capped < 0 || this.options.signal?.aborted) return exchange;
      await sleep(capped, this.options.signal);
      retries++;
    }
  }

  private async once(request: HttpRequest, started: number, retries: number): Promise<Exchange> {
    const seq = ++this.seq;
    this.count++;
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return this.failed(seq, request, started, retries, { kind: 'budget', message: 'the run is out of time: request not sent' });
    const stop = this.options.signal;
    await this.limiter.take(stop);
    if (stop?.aborted) return this.failed(seq, request, started, retries, { kind: 'budget', message: 'the run was stopped: request not sent' });
    const timeout = Math.max(1, Math.min(this.options.requestTimeoutMs, remaining));
    // One controller and one timer, both held until the answer is read: on Node 20 a signal made by
    // AbortSignal.any() can be garbage-collected while a body is still being read, and then never
    // fires (a stalled body waited out undici's 300 s body timeout on a busy machine).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeout);
    const onStop = () => controller.abort(stop?.reason);
    stop?.addEventListener('abort', onStop, { once: true });
    const init: RequestInit = { method: request.method, headers: { ...request.headers }, redirect: 'manual', signal: controller.signal };
    const body = encodeBody(request);
    if (body) {
      init.body = body.data;
      if (body.contentType) (init.headers as Record<string, string>)['content-type'] = body.contentType;
    }
    try {
      const res = await fetch(request.url, init);
      const read = await readCapped(res, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      if (!read.ok) {
        return this.failed(seq, request, started, retries, {
          kind: 'too_large',
          message: `response body over ${this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes (status ${res.status}); not read to the end`,
        });
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
      const response: HttpResponse = { status: res.status, headers, text: read.text, body: undefined, bytes: read.bytes };
      if (read.text.trim() !== '') {
        try {
          response.body = JSON.parse(read.text);
        } catch (error) {
          response.jsonError = (error as Error).message;
        }
      }
      return { seq, request, response, ms: Math.round(performance.now() - started), at: Date.now(), retries };
    } catch (error) {
      // cut short by the run's end (stopped, or its time limit), not by the target: nothing to report
      if (stop?.aborted) return this.failed(seq, request, started, retries, { kind: 'budget', message: 'the run was stopped: request cut short' });
      if (timeout < this.options.requestTimeoutMs && Date.now() >= this.deadline)
        return this.failed(seq, request, started, retries, { kind: 'budget', message: 'the run is out of time: request cut short' });
      return this.failed(seq, request, started, retries, transportError(error, timeout));
    } finally {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    }
  }

  private failed(seq: number, request: HttpRequest, started: number, retries: number, error: TransportError): Exchange {
    return { seq, request, error, ms: Math.round(performance.now() - started), at: Date.now(), retries };
  }
}

function encodeBody(request: HttpRequest): { data: BodyInit; contentType?: string } | undefined {
  const body = request.body;
  if (!body) return undefined;
  switch (body.kind) {
    case 'json':
      return body.value === undefined
        ? undefined
        : { data: JSON.stringify(body.value), contentType: request.headers['content-type'] ? undefined : 'application/json' };
    case 'raw':
      return { data: body.text, contentType: body.contentType };
    case 'multipart': {
      const form = new FormData();
      for (const [name, value] of Object.entries(body.fields)) form.append(name, value);
      for (const [name, file] of Object.entries(body.files)) form.append(name, new Blob([file.content], { type: file.contentType }), file.filename);
      return { data: form };
    }
  }
}

/** Retry-After in seconds or as an HTTP date; absent or unreadable: 1 s. */
export function retryAfterMs(value: string | undefined): number {
  if (value === undefined) return 1000;
  const seconds = Number(value.trim());
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

function transportError(error: unknown, timeoutMs: number): TransportError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return { kind: 'timeout', message: `no complete answer within ${timeoutMs} ms` };
  if (e?.name === 'AbortError') return { kind: 'timeout', message: `aborted after ${timeoutMs} ms` };
  const code = e?.cause?.code ?? '';
  const detail = e?.cause?.message ?? e?.message ?? String(error);
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection refused (${detail})` };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || /other side closed|socket hang up/i.test(detail)) {
    return { kind: 'reset', message: `connection closed without a complete answer (${detail})` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns', message: `host not found (${detail})` };
  return { kind: 'other', message: `${code ? `${code}: ` : ''}${detail}` };
}
