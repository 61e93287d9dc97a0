// Runs one fast-check property against the target. A run fails when the checks found something;
// fast-check then shrinks it, and the failure replays with the seed and path it reports.
import fc from 'fast-check';
import type { RunContext, Where } from './context.js';
import type { Phase } from './types.js';

/** `phase/operationId/kind:seed:path` → its parts; the path may hold colons of its own. */
export function parseReplay(text: string): { property: string; seed: number; path?: string } | null {
  const m = /^([a-z]+\/[^:]+):(-?\d+)(?::([\d:]+))?$/.exec(text.trim());
  return m ? { property: m[1], seed: Number(m[2]), path: m[3] } : null;
}

export function where(phase: Phase, operationId: string, kind: string): Where {
  return { phase, property: `${phase}/${operationId}/${kind}` };
}

/** Whether the property runs: all do, or in replay mode only the one named. */
export function selected(ctx: RunContext, w: Where): boolean {
  if (!ctx.options.replay) return true;
  return parseReplay(ctx.options.replay)?.property === w.property;
}

export async function runProperty<T>(ctx: RunContext, w: Where, arbitrary: fc.Arbitrary<T>, body: (value: T) => Promise<number>, numRuns: number): Promise<void> {
  if (!selected(ctx, w) || ctx.timedOut) return;
  const replay = ctx.options.replay ? parseReplay(ctx.options.replay) : null;
  ctx.collector.begin(w.property);
  ctx.progress({ kind: 'property', phase: w.phase, name: w.property, runs: numRuns });
  let failedOnce = false;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const found = await body(value);
    if (found === 0) return true;
    failedOnce = true;
    ctx.collector.startShrinking();
    return false;
  });
  const details = await fc.check(property, {
    seed: replay?.seed ?? ctx.seed,
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
  ctx.collector.end(details.failed && failedOnce ? details.counterexamplePath ?? undefined : undefined);
}
