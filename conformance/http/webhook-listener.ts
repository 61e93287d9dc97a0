// The suite's webhook receiver (--webhook-listen [HOST:]PORT): each job gets its own path, and every
// delivery to it is kept with the time it arrived. It answers 200 at once, as a good receiver does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  /** Date.now() when it arrived */
  at: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** the parsed JSON body, or undefined */
  body: unknown;
}

export interface WebhookListener {
  /** where it listens, e.g. http://127.0.0.1:41234/jobtwin-webhook/ */
  local: string;
  /** a fresh URL for one job's deliveries */
  urlFor(key: string): string;
  deliveries(key: string): Delivery[];
  /** resolves when a delivery to `key` arrives (or at once when `ready` already holds), or after `ms` */
  waitFor(key: string, ready: (all: Delivery[]) => boolean, ms: number, signal?: AbortSignal): Promise<Delivery[]>;
  close(): Promise<void>;
}

const PREFIX = '/jobtwin-webhook/';
// A delivery body above this is cut off: a webhook is a notice, not a payload transfer.
const MAX_BYTES = 1 << 20;

/** "0" (any free port on 127.0.0.1), "PORT", or "HOST:PORT"; throws a sentence on anything else. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new Error(`--webhook-listen: [HOST:]PORT, e.g. 0, 8787 or 127.0.0.1:8787 (got "${value}")`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

/**
 * `publicUrl`: where the target reaches the listener when that is not where it listens (a tunnel, a
 * host name); the listener's paths are appended to it.
 */
export async function startWebhookListener(listen: string, publicUrl?: string): Promise<WebhookListener> {
  const { host, port } = parseListen(listen);
  const byKey = new Map<string, Delivery[]>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || !path.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    const key = decodeURIComponent(path.slice(PREFIX.length));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const list = byKey.get(key) ?? byKey.set(key, []).get(key)!;
      list.push({ at: Date.now(), headers: req.headers, text, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  // a wildcard address is reached on loopback from this machine
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const local = `http://${shown}:${address.port}${PREFIX}`;
  const base = publicUrl ? `${publicUrl.replace(/\/+$/, '')}${PREFIX}` : local;
  return {
    local,
    urlFor: (key) => `${base}${encodeURIComponent(key)}`,
    deliveries: (key) => [...(byKey.get(key) ?? [])],
    waitFor: (key, ready, ms, signal) =>
      new Promise((resolve) => {
        const check = () => {
          const all = [...(byKey.get(key) ?? [])];
          if (!ready(all)) return false;
          done(all);
          return true;
        };
        const done = (all: Delivery[]) => {
          waiters.delete(wake);
          clearTimeout(timer);
          signal?.removeEventListener('abort', stop);
          resolve(all);
        };
        const wake = () => void check();
        const stop = () => done([...(byKey.get(key) ?? [])]);
        const timer = setTimeout(stop, Math.max(0, ms));
        signal?.addEventListener('abort', stop, { once: true });
        waiters.add(wake);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
