import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';
import { got, is2xx } from './util.js';

export const tenantIsolation = defineCheck({
  name: 'tenant_isolation',
  title: 'Tenant isolation',
  catches: 'another tenant (--other-token) reading, listing or touching a job: it must answer exactly as an unknown id',
  purposes: ['other-tenant', 'list'],
  needsResponse: true,
  skipReason: (run) => (run.options.otherToken ? 'no job was read as the other tenant' : 'needs --other-token (a second tenant)'),
  // the owner's own list reads are list_consistency's
  applies: (ctx) => ctx.purpose.kind === 'other-tenant' || ctx.purpose.otherTenant === true,
  run(ctx, exchange) {
    const p = ctx.purpose;
    const status = exchange.response.status;
    if (status >= 500) return [];
    if (p.kind === 'list') {
      if (p.verdict !== 'found') return [];
      return [
        {
          message: `another tenant's list shows job ${p.job.id}`,
          expected: "the job absent from the other tenant's list",
          received: 'listed',
          key: 'listed',
          exchanges: [p.job.created],
        },
      ];
    }
    const out: FailureDraft[] = [];
    const cancelled = ctx.model.cancel;
    if (p.owner && (p.owner.notFound || (cancelled?.to !== undefined && p.owner.status === cancelled.to && p.owner.before !== cancelled.to))) {
      out.push({
        message: `after another tenant's ${ctx.op.method.toUpperCase()} (${got(exchange)}), the owner's job ${p.job.id} is ${p.owner.notFound ? 'gone' : `"${p.owner.status}"`}`,
        expected: `the owner's job unchanged${p.owner.before ? ` ("${p.owner.before}" or a state it reaches by itself)` : ''}`,
        received: p.owner.notFound ? 'not found' : String(p.owner.status),
        key: `owner changed ${p.owner.notFound ? 'gone' : p.owner.status}`,
        exchanges: [p.job.created],
      });
    }
    if (status === p.notFoundStatus) return out;
    return [
      ...out,
      {
        message: `another tenant got ${got(exchange)} for job ${p.job.id}${is2xx(status) ? (ctx.op.method === 'get' ? ': it can read the job' : ': it can act on the job') : ', not the unknown-id answer'}`,
        expected: `${p.notFoundStatus}, as for an unknown id`,
        received: String(status),
        key: `status ${status}`,
        exchanges: [p.job.created],
      },
    ];
  },
});
