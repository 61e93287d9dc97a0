import { statusObservations } from '../model/job.js';
import { defineCheck } from './define.js';

export const lifecycleTransitions = defineCheck({
  name: 'lifecycle_transitions',
  title: 'Lifecycle transitions',
  catches: 'consecutive observations of a job that no path of declared transitions joins (polling may skip states), or a job leaving a terminal state',
  purposes: ['status'],
  applies: (ctx) => ctx.purpose.observation.status !== undefined,
  run(ctx) {
    const { job, observation } = ctx.purpose;
    const seen = statusObservations(job);
    const i = seen.indexOf(observation);
    if (i <= 0) return [];
    const prev = seen[i - 1].status!;
    const cur = observation.status!;
    const m = ctx.model;
    if (!m.isState(prev) || !m.isState(cur) || m.canReach(prev, cur)) return [];
    const why = m.isTerminal(prev)
      ? `left the terminal state "${prev}" for "${cur}"`
      : `went from "${prev}" to "${cur}": no path of declared transitions leads there`;
    return [
      {
        message: `job ${job.id} ${why}`,
        expected: `"${prev}" or a state reachable from it: ${[...m.reachableFrom(prev)].join(', ')}`,
        received: cur,
        key: `${prev} -> ${cur}`,
        observations: seen.slice(0, i + 1),
        exchanges: job.exchanges.slice(-4, -1),
      },
    ];
  },
});
