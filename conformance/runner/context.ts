// Everything a phase needs for one run: the API, its lifecycle model, the client, auth, the checks
// that judge each exchange and the collector of failures.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import type { ApiModel, OperationModel } from '../../src/spec/model.js';
import { createAjv } from '../../src/validation/ajv.js';
import { ResponseValidator } from '../../src/validation/response.js';
import { applyPins, buildRequest, type Pin, type RequestParts } from '../http/build.js';
import { HttpClient } from '../http/client.js';
import { newGates, type RunGates } from './gates.js';
import { defaultMaxWait } from './max-wait.js';
import type { Exchange } from '../http/types.js';
import { LifecycleModel } from '../model/lifecycle.js';
import { layoutOf, type Layout } from '../model/observation.js';
import type { Check, CheckContext, Purpose } from '../checks/types.js';
import { tamperedTokens, type DerivedToken } from '../arbitraries/credentials.js';
import { FailureCollector } from './collector.js';
import { assumedNote } from '../checks/assumed.js';
import type { JobTrace } from '../model/job.js';
import type { ConformOptions, Phase, ProgressEvent, StopReason } from './types.js';
import { authorizationFor } from '../../src/spec/credential.js';

/** whose credentials a request carries; { bearer } for derived or expired tokens */
export type Tenant = 'main' | 'other' | 'none' | 'malformed' | { bearer: string };

export interface Where {
  phase: Phase;
  /** the property's replay prefix, `phase:operationId:kind` */
  property: string;
  /** one of several concurrent runs of the property (--workers): its own failures and shrinking */
  scope?: string;
  /** that run's seed, when not the run's */
  seed?: number;
}

export class RunContext {
  readonly model: LifecycleModel;
  readonly validator: ResponseValidator;
  readonly client: HttpClient;
  readonly statusLayout: Layout;
  readonly collector: FailureCollector;
  readonly target: string;
  readonly pins: Pin[];
  readonly headers: Record<string, string>;
  readonly deadline: number;
  private readonly judgedExchanges = new Set<number>();
  /** per check: how many times it judged something */
  readonly judged = new Map<string, number>();
  /** per check: the same, by operationId (the HTML report's matrix) */
  readonly judgedOn = new Map<string, Record<string, number>>();
  /** parts of the run that did not happen, and why */
  readonly skipped: Array<{ phase: Phase; reason: string; check?: string }> = [];
  /** verdicts that rested on x-jobtwin errors.assumed: one note per operation and status */
  readonly assumptions = new Map<string, string>();
  /** well-formed but invalid credentials derived from a JWT --token (none for an opaque one) */
  readonly tampered: DerivedToken[];
  /** a job created early, whose id makes requests to job operations valid */
  probe?: JobTrace;
  /** jobs that have shown a failure: no longer waited on (a broken server makes the run shorter) */
  readonly failedJobs = new WeakSet<JobTrace>();
  /** the property under way, for what an interrupted run reports */
  property?: string;
  /** where the overlapping parts of the run wait for each other */
  readonly gates: RunGates = newGates();
  /** the target's jobtwin control interface, once looked for (null: it has none) */
  control?: string | null;
  /** the property the stop cut short, if any */
  cutShort?: string;
  /** properties that did not run because the run had stopped, in order */
  readonly notRun: string[] = [];
  /** how long a job may take to end: --max-wait-ms, or what the spec's dwell times allow */
  readonly maxWaitMs: number;
  private readonly stopper = new AbortController();
  private why?: StopReason;

  constructor(
    readonly api: ApiModel,
    readonly options: ConformOptions,
    readonly checks: Check[],
    readonly seed: number,
    readonly runs: number,
    readonly replayBase: string,
    startedAt: number,
  ) {
    this.model = new LifecycleModel(api);
    this.validator = new ResponseValidator(createAjv(), { strict: options.strict === true });
    this.target = options.target.replace(/\/+$/, '');
    this.pins = options.pins ?? [];
    this.headers = options.headers ?? {};
    this.deadline = startedAt + (options.timeLimitMs ?? 15 * 60_000);
    this.maxWaitMs = options.maxWaitMs ?? defaultMaxWait(api);
    this.client = new HttpClient({
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      rateLimit: options.rateLimit,
      deadline: this.deadline,
      signal: this.stopper.signal,
    });
    // every wait and request under way listens for the stop: jobs are waited on together, so many at once
    setMaxListeners(0, this.stopper.signal);
    if (options.signal?.aborted) this.stop('signal');
    else options.signal?.addEventListener('abort', () => this.stop('signal'), { once: true });
    this.statusLayout = layoutOf(api.byRole.status?.body, api.ext.lifecycle.running);
    const secrets: Record<string, string> = {};
    if (options.token) secrets[options.token] = 'JOBTWIN_TOKEN';
    if (options.otherToken) secrets[options.otherToken] = 'JOBTWIN_OTHER_TOKEN';
    if (options.expiredToken) secrets[options.expiredToken] = 'JOBTWIN_EXPIRED_TOKEN';
    // a tampered token is a character or a claim away from the real one: reports never show it
    this.tampered = options.token ? tamperedTokens(options.token) : [];
    for (const t of this.tampered) secrets[t.token] = t.variable;
    this.collector = new FailureCollector(seed, replayBase, secrets);
  }

  get timedOut(): boolean {
    return Date.now() >= this.deadline;
  }

  /** Whether the run has stopped: time limit, signal or --fail-fast. Nothing new starts once it has. */
  get halted(): boolean {
    if (this.why === undefined && this.timedOut) this.why = 'time-limit';
    return this.why !== undefined;
  }

  get stopReason(): StopReason | undefined {
    return this.halted ? this.why : undefined;
  }

  /** the stop signal: aborts requests under way and cuts waits short */
  get stopSignal(): AbortSignal {
    return this.stopper.signal;
  }

  /** Stops the run; the first reason given is the one reported. */
  stop(reason: StopReason): void {
    this.why ??= reason;
    this.stopper.abort();
  }

  /** `check`: where the skip concerns one check of the phase only (the retention phase's data_removal) */
  skip(phase: Phase, reason: string, check?: string): void {
    this.skipped.push(check ? { phase, reason, check } : { phase, reason });
    this.progress({ kind: 'skip', phase, reason });
  }

  progress(event: ProgressEvent): void {
    this.options.onProgress?.(event);
  }

  authorization(tenant: Tenant): string | null {
    const credential = this.api.credential;
    if (typeof tenant === 'object') return authorizationFor(credential, tenant.bearer);
    if (tenant === 'none') return null;
    // a scheme with no token; for a key sent as it is, a value no key can be
    if (tenant === 'malformed') return credential === 'raw' ? 'not a key' : 'Bearer';
    const token = tenant === 'other' ? this.options.otherToken : this.options.token;
    return token ? authorizationFor(credential, token) : null;
  }

  /** Sends a request for an operation; pins apply except to the value a negative case broke. */
  async send(op: OperationModel, parts: RequestParts, tenant: Tenant = 'main', unpinned?: { location: string; name: string }): Promise<Exchange> {
    const pins = unpinned ? this.pins.filter((p) => !(p.location === unpinned.location && p.name === unpinned.name)) : this.pins;
    const request = buildRequest(this.target, op, applyPins(op, parts, pins), this.headers, { authorization: this.authorization(tenant) });
    const exchange = await this.client.send(request);
    this.progress({ kind: 'exchange', count: this.client.count, failures: this.collector.size });
    return exchange;
  }

  /**
   * Runs every selected check that has something to say; returns how many failures it found. `about`:
   * the job the exchange concerns when the purpose does not name it (a status read that failed).
   */
  judge(op: OperationModel, exchange: Exchange, purpose: Purpose, where: Where, about?: JobTrace): number {
    // a request the run did not send or cut short: nothing the target did
    if (exchange.error?.kind === 'budget') return 0;
    const ctx: CheckContext = { api: this.api, op, model: this.model, validator: this.validator, statusLayout: this.statusLayout, purpose };
    const firstTime = !this.judgedExchanges.has(exchange.seq);
    this.judgedExchanges.add(exchange.seq);
    let found = 0;
    let errors = 0;
    for (const check of this.checks) {
      if (check.scope === 'exchange' && !firstTime) continue;
      const drafts = check.judge(ctx, exchange);
      if (!drafts) continue;
      this.judged.set(check.name, (this.judged.get(check.name) ?? 0) + 1);
      const on = this.judgedOn.get(check.name) ?? this.judgedOn.set(check.name, {}).get(check.name)!;
      on[op.operationId] = (on[op.operationId] ?? 0) + 1;
      for (const draft of drafts) {
        this.collector.add(check, op, draft, exchange, where);
        found++;
        if ((draft.severity ?? 'error') === 'error') errors++;
      }
    }
    if (firstTime) this.noteAssumed(op, exchange, purpose);
    this.total += found;
    const flow = this.counter.getStore();
    if (flow) flow.found += found;
    if (errors > 0) {
      const job = about ?? ('job' in purpose ? purpose.job : undefined);
      if (job) this.failedJobs.add(job);
      if (this.options.failFast) this.stop('fail-fast');
    }
    return found;
  }

  /** An answer in a status the operation only assumes: the run's report says it rests on that. */
  private noteAssumed(op: OperationModel, exchange: Exchange, purpose: Purpose): void {
    const status = exchange.response?.status;
    const assumed = status === undefined || purpose.kind === 'routing' ? undefined : op.assumed[String(status)];
    const key = `${op.operationId} ${status}`;
    if (assumed && !this.assumptions.has(key)) this.assumptions.set(key, assumedNote(op, status!, assumed, this.options.strict === true));
  }

  private total = 0;
  private readonly counter = new AsyncLocalStorage<{ found: number }>();

  /**
   * Failures found so far (every occurrence, before de-duplication): in the run, or within isolate(),
   * by that flow alone, so concurrent property runs do not see each other's failures as their own.
   */
  get found(): number {
    return this.counter.getStore()?.found ?? this.total;
  }

  isolate<T>(fn: () => Promise<T>): Promise<T> {
    return this.counter.run({ found: 0 }, fn);
  }
}
