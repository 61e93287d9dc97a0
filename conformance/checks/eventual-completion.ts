import { lastStatus, statusObservations } from '../model/job.js';
import { defineCheck } from './define.js';

export const eventualCompletion = defineCheck({
  name: 'eventual_completion',
  title: 'Eventual completion',
  catches: 'a job that has not reached a terminal state within --max-wait-ms',
  purposes: ['settled'],
  run(ctx) {
    const { job, waitedMs, maxWaitMs } = ctx.purpose;
    if (job.removed) return [];
    const state = lastStatus(job);
    if (state !== undefined && ctx.model.isTerminal(state)) return [];
    return [
      {
        message: `job ${job.id} is still "${state ?? 'unknown'}" after ${waitedMs} ms`,
        expected: `a terminal state (${[...ctx.model.terminal].join(', ')}) within ${maxWaitMs} ms`,
        received: state ?? '(no status read)',
        key: `stuck ${state}`,
        observations: statusObservations(job).slice(-8),
      },
    ];
  },
});
