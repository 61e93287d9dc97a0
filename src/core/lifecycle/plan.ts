// A job's whole timeline, drawn once from a seeded rng when it is created (or re-drawn from a forced
// state). The state at any instant is then read off the steps: no timers.
import type { Lifecycle, Simulation } from '../../spec/extension-types.js';
import type { Rng } from '../../rng/rng.js';
import { postPlace, routesOf, type PathOutcome } from './routes.js';

export interface Step {
  /** ms since the job's creation */
  at: number;
  state: string;
  /** attempts started so far (what a status shows is `countedAttempts`, per lifecycle.attempts) */
  attempt: number;
  /** set on the step that follows a failed attempt: its reason */
  failure?: string;
}

/** `reject`: the job takes lifecycle.paths.rejected (it fails before it runs) */
export type Outcome = 'succeed' | 'fail' | 'partial' | 'never' | 'reject';

export interface PlanOverrides {
  outcome?: Outcome;
  /** attempts that fail before the outcome applies */
  failures?: number;
  /** fixed dwell per state, ms (not scaled by speed) */
  durations?: Record<string, number>;
  /** fixed dwell in the first state after a failed attempt (the back-off), over `durations` */
  backoff?: number;
}

export interface PlanContext {
  lifecycle: Lifecycle;
  simulation: Simulation;
  rng: Rng;
  /** every drawn duration is divided by it */
  speed: number;
  overrides?: PlanOverrides;
}

export function maxAttempts(lifecycle: Lifecycle): number {
  return lifecycle.retry?.maxAttempts ?? 1;
}

function draw(ctx: PlanContext, range: [number, number]): number {
  const drawn = range[0] + ctx.rng.next() * (range[1] - range[0]);
  return Math.max(0, Math.round(drawn / ctx.speed));
}

function dwell(ctx: PlanContext, state: string): number {
  const fixed = ctx.overrides?.durations?.[state];
  if (fixed !== undefined) return Math.max(0, fixed);
  return draw(ctx, ctx.simulation.durations[state] ?? [0, 0]);
}

/**
 * The dwell in a state passed on the retry path. The back-off (the first state after a failed
 * attempt) takes the job's own `backoff` when it has one; a state with declared
 * `simulation.retryDurations` takes those over the header's per-state time, which pins the first
 * visit (e.g. BullMQ: a job whose back-off is over goes from `waiting` to `active` at once, it does
 * not queue again for `queue=`).
 */
function retryDwell(ctx: PlanContext, state: string, backingOff: boolean): number {
  if (backingOff && ctx.overrides?.backoff !== undefined) return Math.max(0, ctx.overrides.backoff);
  const declared = ctx.simulation.retryDurations?.[state];
  return declared ? draw(ctx, declared) : dwell(ctx, state);
}

/** Attempts as the counter declares them, from the attempts started and the state. */
export function countedAttempts(lifecycle: Lifecycle, started: number, state: string): number {
  // `ended`: the attempt that is running has not ended yet (BullMQ's attemptsMade).
  if ((lifecycle.attempts ?? 'started') === 'ended' && state === lifecycle.running) return Math.max(0, started - 1);
  return started;
}

type AttemptEnd = 'failed' | 'succeeded' | 'partial' | 'never';

function decideAttempt(ctx: PlanContext, attempt: number): AttemptEnd {
  const o = ctx.overrides ?? {};
  let fails: boolean;
  if (o.outcome === 'fail') fails = true;
  else if (o.failures !== undefined) fails = attempt <= o.failures;
  else if (o.outcome) fails = false;
  else fails = ctx.rng.next() < ctx.simulation.attemptFailureRate;
  if (fails) return 'failed';
  if (o.outcome === 'never') return 'never';
  if (o.outcome === 'partial') return ctx.lifecycle.outcomes.partial ? 'partial' : 'succeeded';
  if (!o.outcome && ctx.lifecycle.outcomes.partial && ctx.rng.next() < (ctx.simulation.partialRate ?? 0)) return 'partial';
  return 'succeeded';
}

/** Whether a job at the rejection point takes the rejected path: the rng is asked only when not overridden. */
function decideReject(ctx: PlanContext): boolean {
  const o = ctx.overrides ?? {};
  if (o.outcome === 'reject') return true;
  if (o.outcome || o.failures !== undefined) return false;
  return ctx.rng.next() < (ctx.simulation.rejectRate ?? 0);
}

function failureReason(ctx: PlanContext): string {
  return ctx.rng.pick(ctx.simulation.failureReasons.length ? ctx.simulation.failureReasons : ['attempt failed']);
}

/**
 * Walks the lifecycle from `state` (entered at `at` with `attempt` attempts started) to a terminal
 * state, or to a state it never leaves, and returns the steps from that one on.
 */
export function walkFrom(ctx: PlanContext, state: string, attempt: number, at: number): Step[] {
  const { lifecycle } = ctx;
  const terminal = new Set([...lifecycle.terminal, ...lifecycle.controlStates]);
  const via = lifecycle.retry?.via ?? [];
  const limit = maxAttempts(lifecycle);
  const routes = routesOf(lifecycle);
  const cancel = lifecycle.cancel;
  const others = routes.pre.length + (routes.rejected?.to.length ?? 0) + routes.post.succeeded.length + routes.post.failed.length + routes.post.partial.length;
  const steps: Step[] = [{ at, state, attempt }];
  let t = at;
  let current = state;
  let k = attempt;
  // On the retry path: after a failed attempt until the next one starts (or entered there by a forced move).
  let retrying = attempt > 0 && state !== lifecycle.running && via.includes(state);
  // the outcome the states after running lead to, once the run has ended (they may be shared)
  let heading: PathOutcome | undefined;
  // Bounded: each turn either ends or starts another attempt, and attempts are bounded by the limit.
  for (let guard = 0; guard < 4 * (limit + via.length + others + 4); guard++) {
    if (terminal.has(current)) return steps;
    // cancelling: a timed state on the way to the cancel's end state
    if (cancel?.via !== undefined && current === cancel.via && cancel.to !== undefined) {
      // at least 1 ms: the cancel's own answer shows the job in it
      t += Math.max(1, dwell(ctx, current));
      steps.push({ at: t, state: cancel.to, attempt: k });
      return steps;
    }
    const rejectedAt = routes.rejected ? routes.rejected.to.indexOf(current) : -1;
    if (rejectedAt >= 0 && rejectedAt < routes.rejected!.to.length - 1) {
      t += dwell(ctx, current);
      current = routes.rejected!.to[rejectedAt + 1];
      steps.push({ at: t, state: current, attempt: k });
      continue;
    }
    const post = current === lifecycle.running ? undefined : postPlace(routes, current, heading);
    if (post) {
      t += dwell(ctx, current);
      const states = routes.post[post.outcome];
      current = post.index + 1 < states.length ? states[post.index + 1] : lifecycle.outcomes[post.outcome]!;
      steps.push({ at: t, state: current, attempt: k });
      continue;
    }
    if (current === lifecycle.running) {
      const end = decideAttempt(ctx, Math.max(k, 1));
      if (end === 'never') return steps;
      t += dwell(ctx, current);
      if (end === 'succeeded' || end === 'partial') {
        const final = end === 'partial' ? lifecycle.outcomes.partial! : lifecycle.outcomes.succeeded;
        const after = routes.post[end];
        if (after.length) {
          // on through the states after running (finalizing) before the outcome
          heading = end;
          current = after[0];
          steps.push({ at: t, state: current, attempt: k });
          continue;
        }
        steps.push({ at: t, state: final, attempt: k });
        return steps;
      }
      const failure = failureReason(ctx);
      if (k >= limit && routes.post.failed.length) {
        heading = 'failed';
        current = routes.post.failed[0];
        steps.push({ at: t, state: current, attempt: k, failure });
        continue;
      }
      if (k < limit) {
        current = via[0] ?? lifecycle.running;
        if (current === lifecycle.running) k += 1;
        else retrying = true;
        steps.push({ at: t, state: current, attempt: k, failure });
      } else {
        steps.push({ at: t, state: lifecycle.outcomes.failed, attempt: k, failure });
        return steps;
      }
      continue;
    }
    // A waiting state: the initial queue, or a state on the retry path. The back-off is its own
    // setting even where the retry path passes through the queue state (jobs: back to PENDING).
    const backingOff = k > 0 && via[0] === current && steps[steps.length - 1].failure !== undefined;
    // the first pass may end here, before the job ever runs (input validation failing)
    if (k === 0 && routes.rejected?.from === current && decideReject(ctx)) {
      t += dwell(ctx, current);
      current = routes.rejected.to[0];
      steps.push({ at: t, state: current, attempt: k, failure: failureReason(ctx) });
      continue;
    }
    t += retrying ? retryDwell(ctx, current, backingOff) : dwell(ctx, current);
    const i = k > 0 ? via.indexOf(current) : -1;
    const p = i < 0 ? routes.pre.indexOf(current) : -1;
    current = i >= 0 && i < via.length - 1 ? via[i + 1] : p >= 0 && p < routes.pre.length - 1 ? routes.pre[p + 1] : lifecycle.running;
    if (current === lifecycle.running) {
      k += 1;
      retrying = false;
    }
    steps.push({ at: t, state: current, attempt: k });
  }
  return steps;
}

export function drawPlan(ctx: PlanContext): Step[] {
  return walkFrom(ctx, ctx.lifecycle.initial, 0, 0);
}
