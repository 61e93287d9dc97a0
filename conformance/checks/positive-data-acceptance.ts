import { defineCheck } from './define.js';
import { got, is2xx } from './util.js';

export const positiveDataAcceptance = defineCheck({
  name: 'positive_data_acceptance',
  title: 'Positive data acceptance',
  catches: "a request that matches its operation's schema (or is a documented example) refused",
  purposes: ['positive', 'example'],
  applies: (ctx, exchange) => (ctx.purpose.kind === 'positive' || ctx.purpose.expectSuccess) && exchange.error?.kind !== 'budget',
  run(ctx, exchange) {
    const status = exchange.response?.status;
    if (status !== undefined && is2xx(status)) return [];
    // no answer or a 5xx: not_a_server_error reports it once
    if (exchange.error || status === undefined || status >= 500) return [];
    const what = ctx.purpose.kind === 'example' ? `the documented example "${ctx.purpose.name}"` : 'a schema-valid request';
    const hint = status === 401 || status === 403 ? ' (is --token right?)' : '';
    return [
      {
        message: `${what} was refused: ${got(exchange)}${hint}`,
        expected: `2xx (${ctx.op.successStatus})`,
        received: String(status),
        key: `${ctx.purpose.kind} ${status}`,
      },
    ];
  },
});
