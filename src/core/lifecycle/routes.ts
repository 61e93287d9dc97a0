// The ordered states a job passes per way it ends (lifecycle.paths), read once per lifecycle. Without
// paths it is today's walk: initial, running, then the outcome.
import type { Lifecycle } from '../../spec/extension-types.js';

export type PathOutcome = 'succeeded' | 'failed' | 'partial';

export interface Routes {
  /** the states before running on a first pass, in order ([] where the job starts running) */
  pre: string[];
  /** per outcome: the states between running and the outcome (a finalizing step), in order */
  post: Record<PathOutcome, string[]>;
  /** a way out before running: at `from` the job may be rejected; it then passes `to` ending at the last */
  rejected?: { from: string; to: string[] };
}

const cache = new WeakMap<Lifecycle, Routes>();

/** The routes of a lifecycle, memoised: the walk asks on every step. */
export function routesOf(lifecycle: Lifecycle): Routes {
  let routes = cache.get(lifecycle);
  if (!routes) {
    routes = build(lifecycle);
    cache.set(lifecycle, routes);
  }
  return routes;
}

function build(lc: Lifecycle): Routes {
  const paths = lc.paths ?? {};
  const runner = [paths.succeeded, paths.partial, paths.failed].find((p) => p?.includes(lc.running));
  const pre = runner ? runner.slice(0, runner.indexOf(lc.running)) : lc.initial === lc.running ? [] : [lc.initial];
  const postOf = (path: string[] | undefined): string[] => {
    const i = path ? path.indexOf(lc.running) : -1;
    // between running and the last state (the outcome)
    return path && i >= 0 ? path.slice(i + 1, -1) : [];
  };
  const routes: Routes = { pre, post: { succeeded: postOf(paths.succeeded), failed: postOf(paths.failed), partial: postOf(paths.partial) } };
  const rejected = paths.rejected;
  if (rejected && rejected.length >= 2) {
    // it leaves the run path at the last state the two share
    let k = 0;
    while (k < rejected.length - 1 && k < pre.length && rejected[k] === pre[k]) k++;
    const from = rejected[Math.max(0, k - 1)];
    routes.rejected = { from, to: rejected.slice(Math.max(1, k)) };
  }
  return routes;
}

/**
 * The outcome path (and index in its post states) a post state belongs to: the `heading` one when it
 * passes the state (a failed run passing finalizing, as a successful one does, still fails), else the
 * first found in this order.
 */
export function postPlace(routes: Routes, state: string, heading?: PathOutcome): { outcome: PathOutcome; index: number } | undefined {
  if (heading && routes.post[heading].includes(state)) return { outcome: heading, index: routes.post[heading].indexOf(state) };
  for (const outcome of ['succeeded', 'partial', 'failed'] as const) {
    const index = routes.post[outcome].indexOf(state);
    if (index >= 0) return { outcome, index };
  }
  return undefined;
}
