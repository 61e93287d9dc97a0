// Fault injection: rules that make matching requests slow, fail, rate-limited or dropped, N times.
export type FaultKind = 'latency' | 'status' | 'rateLimit' | 'drop';

export interface FaultSpec {
  kind: FaultKind;
  /** only requests to this API */
  api?: string;
  /** only this method */
  method?: string;
  /** only paths matching this pattern: `*` stands for any run of characters */
  path?: string;
  /** status: the status to answer (default 500) */
  status?: number;
  /** latency: the delay; also allowed on the other kinds */
  latencyMs?: number;
  /** rateLimit: the Retry-After header, in seconds (default 1) */
  retryAfterSeconds?: number;
  /** how many matching requests it applies to; absent or null: until removed */
  times?: number | null;
}

export interface FaultRule extends FaultSpec {
  id: string;
  remaining: number | null;
  hits: number;
}

export class FaultError extends Error {}

const KINDS: FaultKind[] = ['latency', 'status', 'rateLimit', 'drop'];

function globToRegex(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export class Faults {
  private rules: Array<FaultRule & { matcher?: RegExp }> = [];
  private counter = 0;

  get active(): boolean {
    return this.rules.length > 0;
  }

  add(spec: FaultSpec): FaultRule {
    if (!KINDS.includes(spec.kind)) throw new FaultError(`kind must be one of ${KINDS.join(', ')}`);
    for (const key of ['api', 'method', 'path'] as const) {
      if (spec[key] !== undefined && typeof spec[key] !== 'string') throw new FaultError(`${key} must be a string`);
    }
    for (const key of ['status', 'latencyMs', 'retryAfterSeconds'] as const) {
      if (spec[key] !== undefined && typeof spec[key] !== 'number') throw new FaultError(`${key} must be a number`);
    }
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599)) {
      throw new FaultError('status must be an integer from 400 to 599');
    }
    if (spec.latencyMs !== undefined && (!(spec.latencyMs >= 0) || spec.latencyMs > 600_000)) {
      throw new FaultError('latencyMs must be from 0 to 600000');
    }
    if (spec.times !== undefined && spec.times !== null && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new FaultError('times must be a positive integer, or null for until removed');
    }
    if (spec.retryAfterSeconds !== undefined && (!Number.isInteger(spec.retryAfterSeconds) || spec.retryAfterSeconds < 0)) {
      throw new FaultError('retryAfterSeconds must be a whole number ≥ 0');
    }
    const rule = {
      id: `fault-${++this.counter}`,
      kind: spec.kind,
      api: spec.api,
      method: spec.method?.toUpperCase(),
      path: spec.path,
      status: spec.kind === 'status' ? (spec.status ?? 500) : spec.kind === 'rateLimit' ? 429 : undefined,
      latencyMs: spec.latencyMs ?? (spec.kind === 'latency' ? 1000 : undefined),
      retryAfterSeconds: spec.kind === 'rateLimit' ? (spec.retryAfterSeconds ?? 1) : undefined,
      times: spec.times ?? null,
      remaining: spec.times ?? null,
      hits: 0,
      matcher: spec.path ? globToRegex(spec.path) : undefined,
    };
    this.rules.push(rule);
    return this.describe(rule);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => this.describe(r));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * The faults a request meets, each spent by one use: every matching latency rule (delays add up),
   * then the first matching rule of another kind (a status, a rate limit or a drop: one answer). So a
   * latency fault never hides a 503 one; two 503 rules still answer once, in the order they were added.
   */
  take(request: { api?: string; method: string; path: string }): FaultRule[] {
    const taken: Array<FaultRule & { matcher?: RegExp }> = [];
    let answered = false;
    for (const r of this.rules) {
      if (r.api && r.api !== request.api) continue;
      if (r.method && r.method !== request.method) continue;
      if (r.matcher && !r.matcher.test(request.path)) continue;
      if (r.kind !== 'latency') {
        if (answered) continue;
        answered = true;
      }
      taken.push(r);
    }
    for (const rule of taken) {
      rule.hits++;
      if (rule.remaining !== null) rule.remaining--;
    }
    if (taken.some((r) => r.remaining !== null && r.remaining <= 0)) this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return taken.map((r) => this.describe(r));
  }

  private describe(rule: FaultRule & { matcher?: RegExp }): FaultRule {
    const { matcher: _matcher, ...plain } = rule;
    return plain;
  }
}
