import { defineCheck } from './define.js';
import { got } from './util.js';

const DAY = 86_400_000;

export const retention = defineCheck({
  name: 'retention',
  title: 'Retention',
  catches:
    "a job still readable or listed once the declared retention has passed, or gone before it (moves the target's clock through jobtwin's control interface; skipped elsewhere)",
  purposes: ['retention'],
  needsResponse: true,
  skipReason: (run) => run.skipped.find((s) => s.phase === 'retention' && !s.check)?.reason ?? 'no job was checked past retention',
  run(ctx, exchange) {
    const p = ctx.purpose;
    const status = exchange.response.status;
    const age = `${(p.advancedMs / DAY).toFixed(2)} days later`;
    const rule = ctx.model.retention ? `retention ${ctx.model.retention.days} days (${ctx.model.retention.applies})` : 'no retention: jobs are kept';
    if (p.via === 'list') {
      if (p.expect === 'gone' && p.listed)
        return [{ message: `job ${p.job.id} still listed ${age}`, expected: `absent (${rule})`, received: 'listed', key: 'gone listed' }];
      if (p.expect === 'kept' && p.listed === false)
        return [{ message: `job ${p.job.id} no longer listed ${age}`, expected: `listed (${rule})`, received: 'absent', key: 'kept absent' }];
      return [];
    }
    if (p.expect === 'gone' && status !== p.notFoundStatus) {
      return [
        {
          message: `job ${p.job.id} still answers ${got(exchange)} ${age}`,
          expected: `${p.notFoundStatus} (${rule})`,
          received: String(status),
          key: `gone ${status}`,
        },
      ];
    }
    if (p.expect === 'kept' && !(status >= 200 && status < 300)) {
      return [{ message: `job ${p.job.id} answers ${got(exchange)} ${age}`, expected: `2xx (${rule})`, received: String(status), key: `kept ${status}` }];
    }
    return [];
  },
});
