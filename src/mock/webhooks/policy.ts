// Where the twin may send webhooks. Loopback only by default: a twin handed a URL by a request must
// not become a way to reach other hosts from the machine it runs on. More hosts are allowed by name.
import { isIP } from 'node:net';

export type WebhookMode = 'send' | 'record';

export interface WebhookOptions {
  /** send: POST to the URL; record: keep the deliveries for GET /__jobtwin/webhooks. Default send */
  mode?: WebhookMode;
  /** hosts allowed besides loopback, by name or address (with :port to allow one port only) */
  allow?: string[];
  /** the Standard Webhooks secret (whsec_…) of webhooks declared `signing: standard` */
  secret?: string;
}

/** Why a webhook URL is refused, or null when the twin may send to it. */
export function refusalOf(value: unknown, allow: readonly string[]): string | null {
  if (typeof value !== 'string' || value === '') return 'the webhook URL must be a non-empty string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `the webhook URL "${value}" is not an absolute URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the webhook URL "${value}" is not http or https`;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopback(host)) return null;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const allowed = allow.some((entry) => {
    const e = entry.toLowerCase();
    return e === host || e === `${host}:${port}` || e === `[${host}]:${port}`;
  });
  return allowed
    ? null
    : `the webhook URL's host "${url.hostname}" is not allowed: this twin sends webhooks to loopback addresses only (allow more with --webhook-allow HOST)`;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1';
}

/** An --webhook-allow value checked: a host name or address, with an optional port. */
export function checkAllowEntry(entry: string): string {
  const ok = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+|[0-9a-f:]+)(:\d{1,5})?$/i.test(entry);
  if (!ok) throw new Error(`"${entry}" is not a host name or address (with an optional :port)`);
  return entry;
}
