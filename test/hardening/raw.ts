// Raw HTTP for the regression tests: bytes as written, answers parsed strictly (see fuzz/wire.mjs).
// @ts-expect-error plain ESM shared with scripts/fuzz.mjs, typed by JSDoc
import { exchange } from './fuzz/wire.mjs';

export interface RawAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface RawExchange {
  answers: RawAnswer[];
  closed: boolean;
  timedOut: boolean;
}

/** Sends `bytes` (latin1 text or a buffer) and waits for `expect` answers, at most `timeoutMs`. */
export function send(port: number, bytes: string | Buffer, options: { methods?: string[]; expect?: number; timeoutMs?: number } = {}): Promise<RawExchange> {
  const expect = options.expect ?? 1;
  return exchange({
    port,
    bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes,
    methods: options.methods ?? Array(expect).fill('GET'),
    expect,
    timeoutMs: options.timeoutMs ?? 3000,
  });
}

export function json(answer: RawAnswer): any {
  return JSON.parse(answer.body.toString('utf8'));
}

export function headerOf(answer: RawAnswer, name: string): string | undefined {
  return answer.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** A request with a Content-Length body; `head` holds the request line and other headers. */
export function withBody(head: string, body: string | Buffer): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`${head}\r\nContent-Length: ${bytes.length}\r\n\r\n`, 'latin1'), bytes]);
}

export const HEALTH = 'GET /__jobtwin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';
