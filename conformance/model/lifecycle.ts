// The suite's own model of a job's lifecycle, read from the spec's x-jobtwin root: states, terminal
// states, the transition graph (and what is reachable from where), the attempts limit, cancel rules
// and retention. Independent of src/lifecycle on purpose: the twin is checked against the spec, not
// against itself.
import type { ApiModel } from '../../src/spec/model.js';
import type { AttemptsCount, CancelRule, RetentionRule } from '../../src/spec/extension-types.js';

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
  /** the state a job may be refused in before it runs (lifecycle.rejection): then failed with no attempt */
  readonly rejectedIn?: string;
  readonly retention: RetentionRule | null;
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
    this.rejectedIn = lc.rejection?.in;
    this.retention = lc.retention ?? null;
    for (const state of this.states) {
      const edges = new Set(this.terminal.has(state) ? [] : (lc.transitions[state] ?? []));
      // a declared deadline ends any job not ended by then (OpenAI's expired)
      if (lc.deadline && !this.terminal.has(state)) edges.add(lc.deadline.to);
      this.edges.set(state, edges);
    }
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
    return state === this.running || state === this.outcomes.succeeded || state === this.outcomes.failed || state === this.outcomes.partial;
  }

  /**
   * A state the declared transitions reach only through the running state (e.g. BullMQ's
   * `delayed`): a job in it has had an attempt, and that attempt has ended.
   */
  onlyAfterAnAttempt(state: string): boolean {
    return this.isState(state) && !this.isTerminal(state) && state !== this.running && !this.beforeStart.has(state);
  }
}
