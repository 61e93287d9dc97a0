// Matches a request path to an API and operation. Paths compile once to literal lookups or regexes.
import type { ApiModel, OperationModel } from '../spec/model.js';

export type Match =
  | { kind: 'operation'; api: ApiModel; op: OperationModel; params: Record<string, string>; path: string }
  | { kind: 'method'; api: ApiModel; allow: string[]; path: string }
  /** a trailing slash on a known path, for an API that redirects it (Starlette's redirect_slashes) */
  | { kind: 'redirect'; api: ApiModel; to: string; path: string }
  | { kind: 'none'; api?: ApiModel; path: string };

interface PathEntry {
  api: ApiModel;
  names: string[];
  regex?: RegExp;
  literal?: string;
  byMethod: Map<string, OperationModel>;
  literalSegments: number;
}

export interface Mount {
  api: ApiModel;
  /** e.g. '/contextual/v1' when several APIs share the port, '/v1' when it is the only one */
  prefix: string;
}

export function mountsFor(apis: ApiModel[]): Mount[] {
  if (apis.length === 1) return [{ api: apis[0], prefix: apis[0].basePath }];
  return apis.map((api) => ({ api, prefix: `/${api.name}${api.basePath}` }));
}

export class Router {
  private readonly literal = new Map<string, PathEntry>();
  private readonly templated: PathEntry[] = [];

  constructor(private readonly mounts: Mount[]) {
    const entries = new Map<string, PathEntry>();
    for (const { api, prefix } of mounts) {
      for (const op of api.operations) {
        const full = `${prefix}${op.path}`;
        let entry = entries.get(full);
        if (!entry) {
          const names: string[] = [];
          const pattern = full.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}|\{([^}]+)\}/g, (_m, a, b) => {
            names.push(a ?? b);
            return '([^/]+)';
          });
          entry = {
            api,
            names,
            byMethod: new Map(),
            literalSegments: full.split('/').filter((s) => s && !s.includes('{')).length,
            ...(names.length ? { regex: new RegExp(`^${pattern}$`) } : { literal: full }),
          };
          entries.set(full, entry);
        }
        entry.byMethod.set(op.method.toUpperCase(), op);
      }
    }
    for (const [full, entry] of entries) {
      if (entry.literal !== undefined) this.literal.set(full, entry);
      else this.templated.push(entry);
    }
    // The most specific template wins: /jobs/status before /jobs/{id}.
    this.templated.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  private find(path: string): { entry: PathEntry; values: string[] } | undefined {
    const entry = this.literal.get(path);
    if (entry) return { entry, values: [] };
    for (const candidate of this.templated) {
      const m = candidate.regex!.exec(path);
      if (m) return { entry: candidate, values: m.slice(1) };
    }
    return undefined;
  }

  match(method: string, path: string): Match {
    const found = this.find(path);
    if (!found) {
      // Starlette redirects /jobs/x/ to /jobs/x (307) when the path without the slash exists, whatever
      // the method; the redirect comes before authentication.
      if (path.length > 1 && path.endsWith('/')) {
        const to = path.replace(/\/+$/, '') || '/';
        const bare = this.find(to);
        if (bare && bare.entry.api.ext.trailingSlash === 'redirect') return { kind: 'redirect', api: bare.entry.api, to, path };
      }
      return { kind: 'none', api: this.apiByPrefix(path), path };
    }
    const { entry, values } = found;
    // HEAD is a method like any other: the contract answers an undocumented HEAD 405 with Allow, as
    // FastAPI does for a GET route (its APIRoute does not add HEAD).
    const op = entry.byMethod.get(method);
    if (!op) return { kind: 'method', api: entry.api, allow: [...entry.byMethod.keys()], path };
    const params: Record<string, string> = {};
    entry.names.forEach((name, i) => {
      params[name] = safeDecode(values[i]);
    });
    return { kind: 'operation', api: entry.api, op, params, path };
  }

  /** Where an API is mounted ('' at the root). */
  prefixOf(api: ApiModel | undefined): string {
    return this.mounts.find((m) => m.api === api)?.prefix ?? '';
  }

  /** The methods documented at a path (undefined for an unknown path). */
  methodsAt(path: string): string[] | undefined {
    const entry = this.literal.get(path) ?? this.templated.find((candidate) => candidate.regex!.test(path));
    return entry ? [...entry.byMethod.keys()] : undefined;
  }

  private apiByPrefix(path: string): ApiModel | undefined {
    let best: Mount | undefined;
    for (const mount of this.mounts) {
      if ((path === mount.prefix || path.startsWith(`${mount.prefix}/`)) && (!best || mount.prefix.length > best.prefix.length)) best = mount;
    }
    return best?.api ?? (this.mounts.length === 1 ? this.mounts[0].api : undefined);
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Where a trailing-slash redirect points: an absolute URL on the request's host, as Starlette writes it. */
export function redirectLocation(to: string, host: string | undefined, search: string): string {
  return host ? `http://${host}${to}${search}` : `${to}${search}`;
}
