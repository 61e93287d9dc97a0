// Runs one fast-check property against the target. A run fails when the checks found something;
// fast-check then shrinks it, and the failure replays with the seed and path it reports (and, for
// command sequences, the replayPath that says which commands ran).
import fc from 'fast-check';
import type { RunContext, Where } from './context.js';
import type { Phase } from './types.js';

export interface Replay {
  property: string;
  seed: number;
  path?: string;
  /** fast-check's replayPath of a command sequence: which commands of the shrunk case ran */
  replayPath?: string;
}

/** `phase/operationId/kind:seed[:path][~replayPath]`; the path may hold colons of its own, so may the replayPath. */
export function parseReplay(text: string): Replay | null {
  const m = /^([a-z]+\/[^:]+):(-?\d+)(?::([\d:]+))?(?:~([A-Za-z0-9+/]*:[A-Za-z0-9+/]*))?$/.exec(text.trim());
  if (!m) return null;
  const replay: Replay = { property: m[1], seed: Number(m[2]) };
  if (m[3] !== undefined) replay.path = m[3];
  if (m[4] !== undefined) replay.replayPath = m[4];
  return replay;
}

export function where(phase: Phase, operationId: string, kind: string): Where {
  return { phase, property: `${phase}/${operationId}/${kind}` };
}

/** Whether the property runs: all do, or in replay mode only the one named. */
export function selected(ctx: RunContext, w: Where): boolean {
  if (!ctx.options.replay) return true;
  return parseReplay(ctx.options.replay)?.property === w.property;
}

/** The replay of this property, when the run replays it. */
export function replayOf(ctx: RunContext, w: Where): Replay | null {
  const replay = ctx.options.replay ? parseReplay(ctx.options.replay) : null;
  return replay?.property === w.property ? replay : null;
}

/** fast-check prints a command sequence with `/*replayPath="…"*\/`: the part a replay needs. */
export function replayPathIn(value: unknown): string | undefined {
  const text = (() => {
    try {
      return fc.stringify(value);
    } catch {
      return '';
    }
  })();
  return /replayPath="([A-Za-z0-9+/]*:[A-Za-z0-9+/]*)"/.exec(text)?.[1];
}

/** How long a failure may be shrunk, per property, when --shrink-time-ms is not given. */
export const DEFAULT_SHRINK_TIME_MS = 10_000;

export async function runProperty<T>(
  ctx: RunContext,
  w: Where,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => Promise<number>,
  numRuns: number,
): Promise<void> {
  if (!selected(ctx, w)) return;
  if (ctx.halted) {
    ctx.notRun.push(w.property);
    return;
  }
  const replay = replayOf(ctx, w);
  const scope = w.scope ?? w.property;
  ctx.property = w.property;
  ctx.collector.begin(scope);
  ctx.progress({ kind: 'property', phase: w.phase, name: w.property, runs: numRuns });
  let failedOnce = false;
  let cut = false;
  // Shrinking a failure sends real requests (a lifecycle sequence waits on real jobs): it gets a
  // budget, so a broken target makes the run shorter, not longer. Past it, the smallest case that
  // failed so far is the one reported.
  let shrinkUntil = Infinity;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    // the run has stopped: the remaining cases (and shrinks) pass without a request
    if (ctx.halted) {
      cut = true;
      return true;
    }
    if (failedOnce && Date.now() >= shrinkUntil) return true;
    const found = await body(value);
    if (found === 0) return true;
    if (!failedOnce) shrinkUntil = Date.now() + (ctx.options.shrinkTimeMs ?? DEFAULT_SHRINK_TIME_MS);
    failedOnce = true;
    ctx.collector.startShrinking(scope);
    return false;
  });
  const details = await fc.check(property, {
    seed: replay?.seed ?? w.seed ?? ctx.seed,
    path: replay?.path,
    numRuns: Math.max(1, numRuns),
    endOnFailure: replay?.path !== undefined,
    interruptAfterTimeLimit: Math.max(1, ctx.deadline - Date.now()),
    markInterruptAsFailure: false,
  });
  if (details.failed && !failedOnce) {
    // not a check failure: the generators or the suite itself broke on this operation
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? 'unknown error');
    ctx.skip(w.phase, `${w.property}: ${error.split('\n')[0]}`);
  }
  if ((cut || details.interrupted) && !failedOnce) ctx.cutShort ??= w.property;
  const path = details.failed && failedOnce ? (details.counterexamplePath ?? undefined) : undefined;
  // the seed fast-check ran with names the case: the replayed one's, which may be a worker's
  const ran = replay ? { ...w, seed: replay.seed } : w;
  ctx.collector.end(ran, path, path !== undefined && details.counterexample ? replayPathIn(details.counterexample) : undefined);
  ctx.property = undefined;
}
