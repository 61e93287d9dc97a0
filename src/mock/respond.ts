// Writes JSON answers straight to node's response: the hot path skips express's helpers.
import type { ServerResponse } from 'node:http';

/** The text each response was sent with, for the journal's excerpt; gone with the response. */
const sentText = new WeakMap<ServerResponse, string>();
export const textSent = (res: ServerResponse): string | undefined => sentText.get(res);

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204 || status === 304) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  if (body === undefined) {
    // no body is not JSON: a redirect says so with no content type (as Starlette's RedirectResponse)
    res.writeHead(status, { 'content-length': 0, ...headers });
    res.end();
    sentText.set(res, '');
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
  sentText.set(res, text);
}
