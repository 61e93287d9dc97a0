// Shared by the embedding tests: an Alchemyst job whose timeline is pinned, and a server on a free port.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');
export const AUTH = { authorization: 'Bearer alice' };
/** queued 1 s, then running 3 s, then completed */
export const PINNED = { 'x-jobtwin-job': 'queue=1s; run=3s' };
export const ALCHEMYST_BODY = { documents: [{ content: 'hello' }], source: 'docs', context_type: 'resource', scope: 'internal' };

/** POST an Alchemyst add-async job at `base` (…/api/v1); its id. */
export async function createAlchemystJob(base: string): Promise<string> {
  const res = await fetch(`${base}/context/add-async`, {
    method: 'POST',
    headers: { ...AUTH, ...PINNED, 'content-type': 'application/json' },
    body: JSON.stringify(ALCHEMYST_BODY),
  });
  const body = await res.json();
  if (res.status !== 201 || typeof body.jobId !== 'string') throw new Error(`create: ${res.status} ${JSON.stringify(body)}`);
  return body.jobId;
}

export async function alchemystStatus(base: string, id: string): Promise<string> {
  const res = await fetch(`${base}/context/add-async/${id}/status`, { headers: AUTH });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`status: ${res.status} ${JSON.stringify(body)}`);
  return body.status;
}

export async function listen(handler: RequestListener): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
