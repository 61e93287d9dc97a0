// CORS, on by default as in Prism: a browser app on another origin (a dev server on :5173) calls the
// twin directly. Preflights are answered here and never reach an operation.
import type { IncomingHttpHeaders } from 'node:http';

export interface CorsOptions {
  /** default true */
  enabled?: boolean;
  /** only these origins (exact, e.g. http://localhost:5173); default: any origin on the APIs */
  origins?: string[];
}

/** Headers a client reads that browsers hide unless exposed. */
const EXPOSED = ['Retry-After', 'Location', 'Allow', 'WWW-Authenticate', 'Link', 'Content-Disposition', 'X-Request-Id'];
// The control interface can reset the twin or move its clock: by default only pages served from
// this machine may call it from a browser (any site the developer visits could otherwise).
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/i;
const MAX_AGE_SECONDS = '600';

export type CorsScope = 'api' | 'control';

export class CorsPolicy {
  readonly enabled: boolean;
  private readonly origins?: Set<string>;
  private readonly exposed: string;

  constructor(options: CorsOptions = {}, extraExposed: Iterable<string> = []) {
    this.enabled = options.enabled ?? true;
    if (options.origins?.length) this.origins = new Set(options.origins.map(normaliseOrigin));
    const names = new Map<string, string>();
    for (const name of [...EXPOSED, ...extraExposed]) names.set(name.toLowerCase(), name);
    this.exposed = [...names.values()].join(', ');
  }

  /** Whether a browser request from this origin may read the answer. */
  allows(origin: string, scope: CorsScope): boolean {
    if (!this.enabled || origin === 'null' || origin === '') return false;
    const normal = normaliseOrigin(origin);
    if (this.origins?.has(normal)) return true;
    return scope === 'api' ? this.origins === undefined : LOOPBACK_ORIGIN.test(normal);
  }

  /** A real preflight: OPTIONS with an Origin and the method the browser wants to send. */
  isPreflight(method: string, headers: IncomingHttpHeaders): boolean {
    return this.enabled && method === 'OPTIONS' && typeof headers.origin === 'string' && typeof headers['access-control-request-method'] === 'string';
  }

  /** Headers for an ordinary answer (errors and faults included); none without an allowed Origin. */
  headersFor(headers: IncomingHttpHeaders, scope: CorsScope): Record<string, string> | undefined {
    const origin = headers.origin;
    if (typeof origin !== 'string' || !this.allows(origin, scope)) return undefined;
    // The origin is echoed, not `*`, so requests with credentials work too; hence Vary.
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': this.exposed,
      vary: 'Origin',
    };
  }

  /**
   * The answer to a preflight: 204 with the methods the path documents (the requested one where the
   * path is unknown, so the real request reaches its 404) and the headers asked for. A refused origin
   * gets 204 with no CORS headers: the browser then blocks the call, as with a real server.
   */
  preflight(headers: IncomingHttpHeaders, scope: CorsScope, methods: string[] | undefined): Record<string, string> {
    const base = this.headersFor(headers, scope);
    if (!base) return { vary: 'Origin' };
    const asked = String(headers['access-control-request-method']).toUpperCase();
    const allowed = methods?.length ? methods : [asked];
    const out: Record<string, string> = {
      'access-control-allow-origin': base['access-control-allow-origin'],
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': allowed.join(', '),
      'access-control-max-age': MAX_AGE_SECONDS,
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    };
    const askedHeaders = headers['access-control-request-headers'];
    if (typeof askedHeaders === 'string' && askedHeaders.trim() !== '') out['access-control-allow-headers'] = askedHeaders;
    return out;
  }
}

function normaliseOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/** `--cors-origin` values: repeatable, each may be a comma-separated list; a bad one says which. */
export function parseOrigins(values: string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const origin = part.trim();
      if (origin === '') continue;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(`not an origin: "${origin}" (e.g. http://localhost:5173)`);
      }
      if (url.origin === 'null' || url.origin.toLowerCase() !== normaliseOrigin(origin))
        throw new Error(`not an origin: "${origin}" (scheme, host and port only, e.g. http://localhost:5173)`);
      out.push(url.origin);
    }
  }
  return out;
}
