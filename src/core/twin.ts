// The twin's domain core: jobs of every served API on one clock and one seed. The HTTP layer
// (public operations and the control interface) only translates requests into these calls.
import type { ApiModel } from '../spec/model.js';
import type { Clock } from './clock/clock.js';
import { MemoryStore } from './store/memory-store.js';
import type { Job, JobMarks } from './store/job.js';
import { createRng, hashSeed, tokenFrom, uuidFrom, type Rng } from '../rng/rng.js';
import { drawPlan, maxAttempts, walkFrom, type PlanContext, type PlanOverrides, type Step } from './lifecycle/plan.js';
import { expiresAt, isExpired, jobView, snapshotOf, type JobView } from './lifecycle/view.js';
import type { Snapshot } from './lifecycle/snapshot.js';
import { ExpiryQueue } from './store/expiry-queue.js';
import { truncateAt } from './lifecycle/snapshot.js';
import { cutAtDeadline, deadlineOf, type DeadlineSource } from './lifecycle/deadline.js';
import { Alarms, type Alarm, type AlarmClock } from './clock/alarms.js';

export interface TenantSimulation {
  /** 402 or 403 on every operation that documents it */
  status: 402 | 403;
}

export interface CreateArgs {
  tenant: string;
  input: unknown;
  type?: string | null;
  overrides?: PlanOverrides;
  /** create the job already in this state (control interface) */
  state?: string;
  /** where a deadline the request gives is read (lifecycle.deadlines[].param) */
  deadlineSource?: DeadlineSource;
}

export class TwinError extends Error {
  constructor(
    readonly kind: 'notFound' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** `unchanged`: the cancel answered with success and left the job as it was (lifecycle.cancel.unchanged) */
export type CancelResult = { outcome: 'cancelled'; view: JobView; unchanged?: true } | { outcome: 'conflict' | 'notFound'; state?: string };

/** What the state file keeps of the twin besides its jobs and clock. */
export interface TwinSettings {
  seed: number;
  speed: number;
  /** the sequence number of the latest job created */
  sequence: number;
  tenants: Array<[string, 402 | 403]>;
  /** what other parts of the twin keep in the state file, by name (absent in older files) */
  parts?: Record<string, unknown>;
}

/** A part of the twin's state kept beside the jobs (pending webhook deliveries). */
export interface StatePart {
  /** undefined: nothing to keep */
  save(): unknown;
  /** after the jobs were adopted; undefined when the file kept nothing for it */
  restore(saved: unknown): void;
}

/** A job entering a state, told at the virtual time it happens (its plan says when, nothing polls). */
export interface JobChange {
  api: ApiModel;
  job: Job;
  /** null: the job was just created */
  from: string | null;
  to: string;
  /** the step entered, and its index in the job's steps */
  step: Step;
  index: number;
  /** epoch ms on the twin's clock */
  at: number;
}

export type ChangeListener = (change: JobChange) => void;

interface Watcher {
  listener: ChangeListener;
  /** which jobs it is told about: only those get alarms */
  wants: (job: Job) => boolean;
}

/** A job that is still there, with its state now. */
export interface LiveJob {
  job: Job;
  snap: Snapshot;
}

export class Twin {
  private readonly store = new MemoryStore();
  private readonly tenants = new Map<string, TenantSimulation>();
  private readonly expiry = new ExpiryQueue();
  private readonly apis = new Map<string, ApiModel>();
  private seedValue: number;
  private speedValue: number;
  private alarmsValue: Alarms | undefined;
  private readonly watchers: Watcher[] = [];
  /** the watched jobs' next alarms */
  private readonly watches = new Map<Job, Alarm>();
  private readonly resetListeners = new Set<() => void>();
  private readonly parts = new Map<string, StatePart>();

  constructor(
    apis: ApiModel[],
    readonly clock: Clock,
    seed: number,
    /** every drawn duration is divided by it */
    speed: number,
  ) {
    for (const api of apis) this.apis.set(api.name, api);
    this.seedValue = seed;
    this.speedValue = speed;
  }

  get seed(): number {
    return this.seedValue;
  }

  get speed(): number {
    return this.speedValue;
  }

  /** For jobs created from now on; jobs already planned keep their timelines. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new TwinError('invalid', `speed must be above 0 (got ${speed})`);
    this.speedValue = speed;
  }

  /** How many jobs the store holds (retention may not have swept all of them yet). */
  get jobCount(): number {
    return this.store.size;
  }

  /** The sequence number of the latest job created: no cursor can point past it. */
  get lastSeq(): number {
    return this.store.lastSeq;
  }

  /** Grows on every change to the jobs, so a saver can tell whether there is anything new to write. */
  get revision(): number {
    return this.store.revision;
  }

  /** Every job held, oldest first per tenant (control listings and the state file). */
  jobs(): Iterable<Job> {
    return this.store.all();
  }

  /** A tenant's jobs of one API in creation order, with retention applied: expired ones are dropped. */
  liveJobs(api: ApiModel, tenant: string): LiveJob[] {
    const now = this.clock.now();
    const live: LiveJob[] = [];
    const expired: Job[] = [];
    for (const job of this.store.ofTenant(api.name, tenant)) {
      const snap = snapshotOf(api, job, now);
      if (isExpired(api, job, now, snap)) expired.push(job);
      else live.push({ job, snap });
    }
    for (const job of expired) this.store.delete(job);
    return live;
  }

  /** Deletes a job outright (control interface). */
  remove(job: Job): void {
    this.store.delete(job);
  }

  api(name: string): ApiModel | undefined {
    return this.apis.get(name);
  }

  apiList(): ApiModel[] {
    return [...this.apis.values()];
  }

  /** The alarms on the twin's clock (its clock must tell its moves: a TwinClock does). */
  get alarms(): Alarms {
    if (!this.alarmsValue) {
      const clock = this.clock as Partial<AlarmClock>;
      if (typeof clock.onMove !== 'function') throw new Error('this clock does not tell its moves: alarms need a TwinClock');
      this.alarmsValue = new Alarms(this.clock as AlarmClock);
    }
    return this.alarmsValue;
  }

  /**
   * Tells `listener` every state a job `wants` accepts enters, from its creation on, at the virtual
   * time it enters it, in time order across jobs. Jobs no listener wants cost nothing.
   */
  onChange(listener: ChangeListener, wants: (job: Job) => boolean = () => true): () => void {
    const watcher = { listener, wants };
    this.watchers.push(watcher);
    return () => {
      const i = this.watchers.indexOf(watcher);
      if (i >= 0) this.watchers.splice(i, 1);
    };
  }

  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /**
   * Watches every wanted job again from the first step after `since` (a restored state: the changes
   * while the twin was down are told now, in order).
   */
  rewatch(since: number): void {
    for (const job of this.store.all()) this.watchFrom(job, firstStepAfter(job, since));
  }

  /** Starts telling a job already created to the listeners that want it, from its next step on. */
  follow(job: Job): void {
    if (!this.watches.has(job)) this.watchFrom(job, firstStepAfter(job, this.clock.now()));
  }

  private watchFrom(job: Job, index: number): void {
    this.watches.get(job)?.cancel();
    this.watches.delete(job);
    if (index >= job.steps.length || !this.watchers.some((w) => w.wants(job))) return;
    const step = job.steps[index];
    const steps = job.steps;
    this.watches.set(
      job,
      this.alarms.at(job.createdAt + step.at, (at) => {
        // A job moved since has re-drawn its steps (and a new alarm); a removed one says no more.
        if (job.gone || job.steps !== steps) return;
        this.watches.delete(job);
        const api = this.apis.get(job.api)!;
        const change: JobChange = { api, job, from: index ? steps[index - 1].state : null, to: step.state, step, index, at };
        // the next step is watched whatever a listener does
        this.watchFrom(job, index + 1);
        for (const w of [...this.watchers]) {
          try {
            if (w.wants(job)) w.listener(change);
          } catch (error) {
            console.error(`jobtwin: telling ${job.id} entered "${step.state}" failed: ${(error as Error)?.message ?? String(error)}`);
          }
        }
      }),
    );
  }

  reset(seed = this.seed): void {
    for (const alarm of this.watches.values()) alarm.cancel();
    this.watches.clear();
    for (const listener of this.resetListeners) listener();
    this.seedValue = seed;
    this.store.clear();
    this.store.resetSequence();
    this.expiry.clear();
    this.tenants.clear();
  }

  private planContext(api: ApiModel, rng: Rng, overrides?: PlanOverrides): PlanContext {
    return { lifecycle: api.ext.lifecycle, simulation: api.ext.simulation, rng, speed: this.speed, overrides };
  }

  private newId(api: ApiModel, rng: Rng): string {
    const ids = api.ext.ids;
    for (;;) {
      const id = ids.format === 'uuid' ? uuidFrom(rng) : [ids.prefix ?? '', tokenFrom(rng, ids.length ?? 26)].join('');
      if (!this.store.get(api.name, id)) return id;
    }
  }

  create(api: ApiModel, args: CreateArgs): Job {
    const types = api.ext.simulation.jobTypes;
    if (args.type && types && !types.includes(args.type)) {
      throw new TwinError('invalid', `type "${args.type}" is not one of ${api.name}'s job types (${types.join(', ')})`);
    }
    const createdAt = this.clock.now();
    const deadline = deadlineOf(api.ext.lifecycle, createdAt, args.deadlineSource);
    if (typeof deadline === 'string') throw new TwinError('invalid', deadline);
    const seq = this.store.nextSeq();
    const seed = hashSeed(this.seed, api.name, seq);
    const rng = createRng(seed);
    const id = this.newId(api, rng);
    const ctx = this.planContext(api, rng, args.overrides);
    const steps = args.state ? this.stepsReaching(api, ctx, args.state) : drawPlan(ctx);
    const job: Job = {
      api: api.name,
      id,
      tenant: args.tenant,
      seq,
      type: args.type ?? api.ext.simulation.jobType ?? null,
      createdAt,
      input: args.input,
      seed,
      steps,
      itemCount: countItems(args.input),
    };
    if (deadline) {
      job.deadline = deadline;
      job.steps = this.cut(api, job, 0);
    }
    this.store.add(job);
    this.expiry.push(expiresAt(api, job), job);
    if (this.watchers.length) this.watchFrom(job, 0);
    return job;
  }

  /** A history that reaches `state` at once (every earlier step at offset 0), then goes on as drawn. */
  private stepsReaching(api: ApiModel, ctx: PlanContext, state: string): Step[] {
    const lc = api.ext.lifecycle;
    if (!lc.states.includes(state)) throw new TwinError('invalid', `"${state}" is not a state of ${api.name} (${lc.states.join(', ')})`);
    const path = pathTo(api, state);
    if (!path) throw new TwinError('invalid', `"${state}" cannot be reached from "${lc.initial}" in ${api.name}`);
    const steps: Step[] = [];
    let attempt = 0;
    path.forEach((s, i) => {
      const prev = path[i - 1];
      if (s === lc.running) attempt += 1;
      const failure =
        prev === lc.running && isFailureExit(api, s)
          ? ctx.rng.pick(api.ext.simulation.failureReasons.length ? api.ext.simulation.failureReasons : ['attempt failed'])
          : undefined;
      steps.push(failure ? { at: 0, state: s, attempt, failure } : { at: 0, state: s, attempt });
    });
    const last = steps[steps.length - 1];
    return [...steps.slice(0, -1), ...walkFrom(ctx, last.state, last.attempt, 0).map((s, i) => (i === 0 ? { ...last } : s))];
  }

  /** A job as its tenant sees it now, or undefined when unknown, another tenant's, or expired. */
  find(api: ApiModel, tenant: string | null, id: string): Job | undefined {
    const job = this.store.get(api.name, id);
    if (!job || (tenant !== null && job.tenant !== tenant)) return undefined;
    if (isExpired(api, job, this.clock.now())) {
      this.store.delete(job);
      return undefined;
    }
    return job;
  }

  view(api: ApiModel, job: Job): JobView {
    return jobView(api, job, this.clock.now());
  }

  /** The public cancel operation's rules (x-jobtwin.lifecycle.cancel). */
  cancel(api: ApiModel, job: Job): CancelResult {
    const rule = api.ext.lifecycle.cancel;
    const now = this.clock.now();
    const snap = snapshotOf(api, job, now);
    if (rule?.unchanged?.includes(snap.state)) return { outcome: 'cancelled', view: jobView(api, job, now, snap), unchanged: true };
    if (!rule || rule.notFound.includes(snap.state)) return { outcome: 'notFound', state: snap.state };
    if (!rule.allowed.includes(snap.state)) return { outcome: 'conflict', state: snap.state };
    if (rule.removes) {
      const view = jobView(api, job, now, snap);
      this.store.delete(job);
      return { outcome: 'cancelled', view };
    }
    if (rule.removesData) {
      // the record stays, in its state and on its way; its data is gone from now on
      this.mark(job, { dataRemovedAt: job.marks?.dataRemovedAt ?? now });
      return { outcome: 'cancelled', view: jobView(api, job, now, snap) };
    }
    // through the timed cancel state where there is one (cancelling → cancelled)
    this.moveTo(api, job, rule.via ?? rule.to!, true);
    return { outcome: 'cancelled', view: this.view(api, job) };
  }

  /** The job's steps cut at its deadline, for a walk that began `from` ms after creation. */
  private cut(api: ApiModel, job: Job, from: number): Step[] {
    if (!job.deadline) return job.steps;
    return cutAtDeadline(api.ext.lifecycle, job.steps, job.deadline.at - job.createdAt, job.deadline.rule, from, api.endStates);
  }

  /**
   * Moves a job to `state` now and re-draws its future from there. Without `force`, only a declared
   * transition (or a control-only state from a non-terminal one) is allowed.
   */
  moveTo(api: ApiModel, job: Job, state: string, force = false): void {
    const lc = api.ext.lifecycle;
    if (!lc.states.includes(state)) throw new TwinError('invalid', `"${state}" is not a state of ${api.name} (${lc.states.join(', ')})`);
    const now = this.clock.now();
    const offset = Math.max(0, now - job.createdAt);
    const snap = snapshotOf(api, job, now);
    const declared = (lc.transitions[snap.state] ?? []).includes(state);
    const control = lc.controlStates.includes(state) && !api.endStates.has(snap.state);
    if (!force && !declared && !control) {
      const allowed = [...new Set([...(lc.transitions[snap.state] ?? []), ...(api.endStates.has(snap.state) ? [] : lc.controlStates)])];
      throw new TwinError(
        'conflict',
        `${job.id} is "${snap.state}": it can move to ${allowed.length ? allowed.join(', ') : 'nothing (terminal)'}, not "${state}" (force it with "force": true)`,
      );
    }
    // Another attempt would go past the limit: only a forced move may do that.
    if (!force && snap.attempt >= maxAttempts(lc) && !api.endStates.has(state) && (state === lc.running || snap.state === lc.running)) {
      throw new TwinError(
        'conflict',
        `${job.id} has used all ${maxAttempts(lc)} attempts: it can only end now, not go to "${state}" (force it with "force": true)`,
      );
    }
    const rng = createRng(hashSeed(job.seed, 'moved', offset, state));
    const ctx = this.planContext(api, rng);
    const attempt = state === lc.running ? snap.attempt + 1 : snap.attempt;
    const kept = truncateAt(job.steps, offset);
    const next = walkFrom(ctx, state, attempt, offset);
    if (snap.state === lc.running && isFailureExit(api, state)) {
      next[0] = { ...next[0], failure: rng.pick(api.ext.simulation.failureReasons.length ? api.ext.simulation.failureReasons : ['attempt failed']) };
    }
    job.steps = [...kept, ...next];
    job.steps = this.cut(api, job, offset);
    this.store.touch();
    this.expiry.push(expiresAt(api, job), job);
    if (this.watchers.length) this.watchFrom(job, kept.length);
  }

  /** Puts back a job saved earlier (persist/), with its id, sequence and timeline unchanged. */
  adopt(job: Job): void {
    const api = this.apis.get(job.api);
    if (!api) throw new TwinError('invalid', `no API named "${job.api}" is served`);
    this.store.add(job);
    this.expiry.push(expiresAt(api, job), job);
    if (this.watchers.length) this.watchFrom(job, firstStepAfter(job, this.clock.now()));
  }

  /** Records facts a job gathered after creation (job.marks): the state file keeps them. */
  mark(job: Job, marks: JobMarks): void {
    job.marks = { ...job.marks, ...marks };
    this.store.touch();
  }

  /** Marks a change the state file should save (a part of the state kept beside the jobs). */
  touch(): void {
    this.store.touch();
  }

  /** Drops the jobs retention has removed; returns how many. Costs what expires, not the store's size. */
  sweep(): number {
    const now = this.clock.now();
    let removed = 0;
    for (const { job } of this.expiry.popDue(now)) {
      const api = this.apis.get(job.api);
      // Stale entries (the job was moved, cancelled or already dropped) are skipped.
      if (!api || this.store.get(job.api, job.id) !== job || !isExpired(api, job, now)) continue;
      this.store.delete(job);
      removed++;
    }
    return removed;
  }

  simulationFor(tenant: string): TenantSimulation | undefined {
    return this.tenants.get(tenant);
  }

  /** 402 or 403 for every operation of this tenant that documents it; null stops it. */
  simulate(tenant: string, status: 402 | 403 | null): void {
    if (status === null) this.tenants.delete(tenant);
    else this.tenants.set(tenant, { status });
  }

  simulations(): Array<[string, TenantSimulation]> {
    return [...this.tenants];
  }

  /**
   * Cancels as the control interface does: by the API's cancel rules where it has a cancel
   * operation, else by moving the job to its declared control cancel state.
   */
  cancelByControl(api: ApiModel, job: Job): ControlCancelResult {
    if (api.ext.lifecycle.cancel) return this.cancel(api, job);
    const state = controlCancelState(api);
    if (!state) return { outcome: 'unsupported' };
    // From an end state: TwinError conflict, 409.
    this.moveTo(api, job, state);
    return { outcome: 'cancelled', view: this.view(api, job) };
  }

  /** Keeps `part` in the state file under `name`. */
  keep(name: string, part: StatePart): void {
    this.parts.set(name, part);
  }

  settings(): TwinSettings {
    const settings: TwinSettings = {
      seed: this.seedValue,
      speed: this.speedValue,
      sequence: this.store.lastSeq,
      tenants: [...this.tenants].map(([tenant, simulation]) => [tenant, simulation.status]),
    };
    const parts: Record<string, unknown> = {};
    for (const [name, part] of this.parts) {
      const saved = part.save();
      if (saved !== undefined) parts[name] = saved;
    }
    if (Object.keys(parts).length) settings.parts = parts;
    return settings;
  }

  /** Puts back the settings a state file kept, after its jobs were adopted. */
  restoreSettings(saved: TwinSettings): void {
    this.seedValue = saved.seed;
    this.speedValue = saved.speed;
    this.store.restoreSequence(saved.sequence);
    this.tenants.clear();
    for (const [tenant, status] of saved.tenants) this.tenants.set(tenant, { status });
    for (const [name, part] of this.parts) part.restore(saved.parts?.[name]);
  }
}

export type ControlCancelResult = CancelResult | { outcome: 'unsupported' };

/** The state a control cancel moves to without a cancel operation: declared, or the control state named so. */
function controlCancelState(api: ApiModel): string | undefined {
  const lc = api.ext.lifecycle;
  const states = lc.controlStates;
  return lc.controlCancel ?? states.find((s) => s === 'cancelled' || s === 'canceled' || s === 'CANCELLED' || s === 'CANCELED');
}

/** The shortest route through the declared transitions, with a failure run out to the attempts limit. */
function pathTo(api: ApiModel, target: string): string[] | null {
  const lc = api.ext.lifecycle;
  if (target === lc.outcomes.failed && lc.retry && lc.retry.maxAttempts > 1) {
    const path = [lc.initial];
    for (let k = 1; k <= lc.retry.maxAttempts; k++) {
      path.push(lc.running);
      if (k < lc.retry.maxAttempts) path.push(...lc.retry.via.filter((s, i) => !(i === lc.retry!.via.length - 1 && s === lc.running)));
    }
    path.push(target);
    return collapse(path);
  }
  if (lc.controlStates.includes(target)) return [lc.initial, target];
  const previous = new Map<string, string | null>([[lc.initial, null]]);
  const queue = [lc.initial];
  while (queue.length) {
    const state = queue.shift()!;
    if (state === target) break;
    for (const next of lc.transitions[state] ?? []) {
      if (!previous.has(next)) {
        previous.set(next, state);
        queue.push(next);
      }
    }
  }
  if (!previous.has(target)) return null;
  const path: string[] = [];
  for (let s: string | null = target; s !== null; s = previous.get(s) ?? null) path.unshift(s);
  return path;
}

/** The index of a job's first step after `time` (its length when there is none). */
function firstStepAfter(job: Job, time: number): number {
  const i = job.steps.findIndex((s) => job.createdAt + s.at > time);
  return i < 0 ? job.steps.length : i;
}

function collapse(path: string[]): string[] {
  return path.filter((s, i) => i === 0 || s !== path[i - 1]);
}

function countItems(input: unknown): number {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return 0;
  for (const value of Object.values(input)) if (Array.isArray(value)) return value.length;
  return 0;
}

/** Whether leaving `running` for `state` means the attempt failed (not success, not a control move). */
function isFailureExit(api: ApiModel, state: string): boolean {
  const lc = api.ext.lifecycle;
  return state !== lc.running && state !== lc.outcomes.succeeded && state !== lc.outcomes.partial && !lc.controlStates.includes(state);
}
