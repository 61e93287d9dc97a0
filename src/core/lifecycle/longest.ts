// The longest a job can take to end by the lifecycle's declared dwell times: every attempt failing but
// the last, each state held for its longest, then a cancel through a timed state at the last moment.
// A target's job may take that long and still be correct.
import type { Lifecycle, Simulation } from '../../spec/extension-types.js';
import { maxAttempts } from './plan.js';
import { routesOf } from './routes.js';

const longest = (range: readonly number[] | undefined): number => (range ? Math.max(...range) : 0);

/** ms from creation to a terminal state at the latest, at speed 1 (the walk of plan.ts, maximised). */
export function longestLifetime(lifecycle: Lifecycle, simulation: Simulation): number {
  const attempts = maxAttempts(lifecycle);
  const routes = routesOf(lifecycle);
  const sum = (states: readonly string[]) => states.reduce((total, s) => total + longest(simulation.durations[s]), 0);
  const queue = sum(routes.pre);
  const run = longest(simulation.durations[lifecycle.running]);
  // the longest way from running to the outcome (finalizing), and the rejected path's own length
  const after = Math.max(...Object.values(routes.post).map(sum));
  const rejected = routes.rejected ? sum(routes.pre.slice(0, routes.pre.indexOf(routes.rejected.from) + 1)) + sum(routes.rejected.to.slice(0, -1)) : 0;
  // between two attempts: each state of the retry path, by its retry dwell where one is declared
  const between = (lifecycle.retry?.via ?? [])
    .filter((s) => s !== lifecycle.running)
    .reduce((sum, s) => sum + longest(simulation.retryDurations?.[s] ?? simulation.durations[s]), 0);
  // a cancel just before the end passes the timed state a cancel goes through (OpenAI's cancelling)
  const cancelling = lifecycle.cancel?.via ? longest(simulation.durations[lifecycle.cancel.via]) : 0;
  return Math.max(queue + attempts * run + (attempts - 1) * between + after, rejected) + cancelling;
}
