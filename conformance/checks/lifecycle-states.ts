import { defineCheck } from './define.js';

export const lifecycleStates = defineCheck({
  name: 'lifecycle_states',
  title: 'Lifecycle states',
  catches: 'a job status that is not one of the states the spec declares (x-jobtwin lifecycle.states)',
  purposes: ['status'],
  run(ctx) {
    const obs = ctx.purpose.observation;
    const declared = [...ctx.model.states].join(', ');
    if (obs.status === undefined) {
      const spot = ctx.statusLayout.status;
      if (!spot || ctx.op.ext?.role !== 'status') return [];
      return [{ message: `no job status at ${spot.pointer}`, expected: declared, received: '(none)', key: 'missing', observations: [obs] }];
    }
    if (ctx.model.isState(obs.status)) return [];
    return [
      {
        message: `job ${ctx.purpose.job.id} is "${obs.status}", not a declared state`,
        expected: declared,
        received: obs.status,
        key: `state ${obs.status}`,
        observations: [obs],
      },
    ];
  },
});
