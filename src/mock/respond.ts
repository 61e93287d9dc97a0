// Writes JSON answers straight to node's response: the hot path skips express's helpers.
import type { ServerResponse } from 'node:http';

/** Returns the text sent (undefined when nothing was), for the journal. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): string | undefined {
  if (res.headersSent || res.destroyed) return undefined;
  if (status === 204 || status === 304) {
    res.writeHead(status, headers);
    res.end();
    return undefined;
  }
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
  return text;
}
