import type { Check } from './types.js';
import { got, is2xx } from './util.js';

export const tenantIsolation: Check = {
  name: 'tenant_isolation',
  title: 'Tenant isolation',
  catches: 'another tenant (--other-token) reading, listing or touching a job: it must answer exactly as an unknown id',
  scope: 'purpose',
  applies: (ctx, exchange) =>
    !exchange.error && (ctx.purpose.kind === 'other-tenant' || (ctx.purpose.kind === 'list' && ctx.purpose.otherTenant === true)),
  run(ctx, exchange) {
    const p = ctx.purpose;
    const status = exchange.response!.status;
    if (status >= 500) return [];
    if (p.kind === 'list') {
      if (p.verdict !== 'found') return [];
      return [{ message: `another tenant's list shows job ${p.job.id}`, expected: 'the job absent from the other tenant\'s list', received: 'listed', key: 'listed', exchanges: [p.job.created] }];
    }
    if (p.kind !== 'other-tenant' || status === p.notFoundStatus) return [];
    return [{
      message: `another tenant got ${got(exchange)} for job ${p.job.id}${is2xx(status) ? ': it can read the job' : ', not the unknown-id answer'}`,
      expected: `${p.notFoundStatus}, as for an unknown id`,
      received: String(status),
      key: `status ${status}`,
      exchanges: [p.job.created],
    }];
  },
};
