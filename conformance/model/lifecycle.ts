// The suite's own model of a job's lifecycle, read from the spec's x-jobtwin root: states, terminal
// states, the transition graph (and what is reachable from where), the attempts limit, cancel rules
// and retention. Independent of src/lifecycle on purpose: the twin is checked against the spec, not
// against itself.
import type { ApiModel } from '../../src/spec/model.js';
import type { AttemptsCount, CancelRule, Lifecycle, RetentionRule } from '../../src/spec/extension-types.js';

export class LifecycleModel {
  readonly states: ReadonlySet<string>;
  readonly initial: string;
  readonly running: string;
  /** terminal and control-only states: nothing leaves them */
  readonly terminal: ReadonlySet<string>;
  readonly outcomes: { succeeded: string; failed: string; partial?: string };
  /** attempts limit: retry.maxAttempts, else 1 */
  readonly maxAttempts: number;
  readonly hasRetry: boolean;
  readonly retryVia: readonly string[];
  /** what the attempts counter counts: attempts started (default) or attempts ended */
  readonly attemptsCount: AttemptsCount;
  readonly cancel?: CancelRule;
  readonly retention: RetentionRule | null;
  /** lifecycle.paths: the states passed, in order, per way a job ends */
  readonly paths: Readonly<Record<string, readonly string[]>>;
  /** states a path passes between running and its outcome (finalizing) */
  readonly postStates: ReadonlySet<string>;
  /** end states a job may reach without running: the rejected path's end, a deadline's `to` */
  readonly endsBeforeRunning: ReadonlySet<string>;
  /** end states only a job that has run reaches by its deadline (a deadline's `started`) */
  readonly endsAfterRunning: ReadonlySet<string>;
  readonly deadlines: NonNullable<Lifecycle['deadlines']>;
  private readonly edges = new Map<string, Set<string>>();
  private readonly reach = new Map<string, Set<string>>();
  /** states reachable from the initial state without passing the running state */
  private readonly beforeStart: Set<string>;

  constructor(api: ApiModel) {
    const lc = api.ext.lifecycle;
    this.states = new Set([...lc.states, ...lc.controlStates]);
    this.initial = lc.initial;
    this.running = lc.running;
    this.terminal = new Set([...lc.terminal, ...lc.controlStates]);
    this.outcomes = lc.outcomes;
    this.maxAttempts = lc.retry?.maxAttempts ?? 1;
    this.hasRetry = !!lc.retry;
    this.retryVia = lc.retry?.via ?? [];
    this.attemptsCount = lc.attempts ?? 'started';
    this.cancel = lc.cancel;
    this.retention = lc.retention ?? null;
    const paths: Record<string, string[]> = Object.fromEntries(Object.entries(lc.paths ?? {}).filter(([, p]) => Array.isArray(p)));
    this.paths = paths;
    this.postStates = new Set(
      ['succeeded', 'failed', 'partial'].flatMap((k) => {
        const path = paths[k] ?? [];
        const i = path.indexOf(lc.running);
        return i < 0 ? [] : path.slice(i + 1, -1);
      }),
    );
    this.deadlines = lc.deadlines ?? [];
    const rejectedEnd = paths.rejected?.at(-1);
    this.endsBeforeRunning = new Set([...(rejectedEnd ? [rejectedEnd] : []), ...this.deadlines.map((d) => d.to)]);
    this.endsAfterRunning = new Set(this.deadlines.flatMap((d) => (d.started && !this.endsBeforeRunning.has(d.started) ? [d.started] : [])));
    for (const state of this.states) this.edges.set(state, new Set(this.terminal.has(state) ? [] : (lc.transitions[state] ?? [])));
    for (const state of this.states) this.reach.set(state, this.bfs(state));
    this.beforeStart = this.bfs(this.initial, this.running);
  }

  private bfs(from: string, avoid?: string): Set<string> {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      for (const next of this.edges.get(queue.shift()!) ?? []) {
        if (next === avoid) continue;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  }

  isState(state: string): boolean {
    return this.states.has(state);
  }

  isTerminal(state: string): boolean {
    return this.terminal.has(state);
  }

  /** `to` can follow `from` through zero or more declared transitions (polling can skip states). */
  canReach(from: string, to: string): boolean {
    return this.reach.get(from)?.has(to) ?? false;
  }

  /** the states reachable from `from` without passing `avoid` (a cancel's timed state) */
  reachableAvoiding(from: string, avoid: string): ReadonlySet<string> {
    return this.bfs(from, avoid);
  }

  reachableFrom(from: string): ReadonlySet<string> {
    return this.reach.get(from) ?? new Set();
  }

  /** the states a job may have been in between two observations: from →* x →* to */
  between(from: string | undefined, to: string | undefined): Set<string> {
    const out = new Set<string>();
    for (const x of this.states) {
      if (from !== undefined && !this.canReach(from, x)) continue;
      if (to !== undefined && !this.canReach(x, to)) continue;
      out.add(x);
    }
    return out;
  }

  /** a state a job only reaches after an attempt has started */
  afterStart(state: string): boolean {
    if (state === this.running || this.postStates.has(state) || this.endsAfterRunning.has(state)) return true;
    // an outcome a job may also reach before it runs (rejected, past its deadline) says nothing of attempts
    if (this.endsBeforeRunning.has(state)) return false;
    return state === this.outcomes.succeeded || state === this.outcomes.failed || state === this.outcomes.partial;
  }

  /**
   * A state the declared transitions reach only through the running state (e.g. BullMQ's
   * `delayed`): a job in it has had an attempt, and that attempt has ended.
   */
  onlyAfterAnAttempt(state: string): boolean {
    return this.isState(state) && !this.isTerminal(state) && state !== this.running && !this.beforeStart.has(state);
  }
}
