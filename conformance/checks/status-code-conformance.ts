import { defineCheck } from './define.js';
import { responseCheck } from './util.js';

export const statusCodeConformance = defineCheck({
  name: 'status_code_conformance',
  title: 'Status code conformance',
  catches: 'a status the operation does not document (exactly, as a range such as 4XX, or as default) and x-jobtwin errors.assumed does not assume',
  scope: 'exchange',
  needsResponse: true,
  // a routing probe answers for no documented operation: undocumented_routes judges it
  applies: (ctx) => ctx.purpose.kind !== 'routing',
  run(ctx, exchange) {
    const verdict = responseCheck(ctx, exchange);
    if (verdict.ok || verdict.problem !== 'status') return [];
    const status = exchange.response.status;
    const assumed = Object.keys(ctx.op.assumed);
    const expected = [...ctx.op.statuses].join(', ') + (assumed.length ? `; assumed: ${assumed.join(', ')}` : '');
    return [{ message: `${status} is not documented`, expected, received: String(status), key: `status ${status}` }];
  },
});
