// A webhook receiver on 127.0.0.1 for tests: keeps every request, answers each with the next status
// of a script (then 200), and lets a test wait for the n-th request without sleeping.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  /** the status it was answered with */
  answered: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** statuses for the next requests, in order (then 200) */
  script(...statuses: number[]): void;
  /** resolves once `n` requests in all have come */
  count(n: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const statuses: number[] = [];
  let waiters: Array<{ n: number; resolve: (r: Received[]) => void }> = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const answered = statuses.shift() ?? 200;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      received.push({ path: req.url ?? '/', headers: req.headers, body, answered });
      res.writeHead(answered, { 'content-type': 'text/plain' });
      res.end(answered < 300 ? 'ok' : 'no');
      const ready = waiters.filter((w) => received.length >= w.n);
      waiters = waiters.filter((w) => received.length < w.n);
      for (const w of ready) w.resolve([...received]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    script: (...s) => statuses.push(...s),
    count: (n) => (received.length >= n ? Promise.resolve([...received]) : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
