// A host app that parses bodies before the twin (app.use(express.json()) first) has already read the
// request stream. The twin reads and validates the body itself, so the parsed body is turned back
// into bytes and handed over as a fresh stream with the same method, URL and headers.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

export function replayConsumedBody(req: IncomingMessage): IncomingMessage {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (!req.readableEnded || parsed === undefined) return req;
  const bytes = bytesOf(parsed, String(req.headers['content-type'] ?? ''));
  if (bytes === undefined) return req;
  const headers = { ...req.headers, 'content-length': String(bytes.length) };
  delete headers['transfer-encoding'];
  delete headers['content-encoding']; // body parsers inflate gzip: these bytes are plain
  const replay = Readable.from([bytes], { objectMode: false }) as Readable & Record<string, unknown>;
  Object.assign(replay, {
    method: req.method,
    url: req.url,
    originalUrl: (req as IncomingMessage & { originalUrl?: string }).originalUrl,
    headers,
    rawHeaders: Object.entries(headers).flatMap(([name, value]) => [name, String(value)]),
    httpVersion: req.httpVersion,
    socket: req.socket,
    connection: req.socket,
    complete: true,
  });
  return replay as unknown as IncomingMessage;
}

/** The body as the host's parser left it, back in bytes; undefined when it cannot be (a multipart one). */
function bytesOf(body: unknown, contentType: string): Buffer | undefined {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (contentType.includes('json')) return Buffer.from(JSON.stringify(body), 'utf8');
  if (contentType.startsWith('application/x-www-form-urlencoded') && body && typeof body === 'object') {
    return Buffer.from(new URLSearchParams(body as Record<string, string>).toString(), 'utf8');
  }
  return undefined;
}
