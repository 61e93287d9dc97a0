import { defineCheck } from './define.js';
import { documented4xx, got } from './util.js';

export const negativeDataRejection = defineCheck({
  name: 'negative_data_rejection',
  title: 'Negative data rejection',
  catches: "a request that breaks its operation's schema (a path, query, header or body value) accepted, or refused with something other than a documented 4xx",
  purposes: ['negative'],
  applies: (_ctx, exchange) => exchange.error?.kind !== 'budget',
  run(ctx, exchange) {
    const p = ctx.purpose;
    const documented = documented4xx(ctx.op);
    const status = exchange.response?.status;
    // the operation names the one status for this kind of error (x-jobtwin errors.validationStatus, documented)
    if (p.status !== undefined && status !== undefined && status >= 400 && status < 500 && status !== p.status) {
      return [
        {
          message: `${p.location} "${p.name}" breaking ${p.keyword} (${p.description}) got ${got(exchange)}, not the ${p.status} the operation documents for it`,
          expected: String(p.status),
          received: String(status),
          key: `${p.location} ${p.name} ${p.keyword} ${status} not ${p.status}`,
        },
      ];
    }
    const ok =
      status !== undefined &&
      status >= 400 &&
      status < 500 &&
      (documented.includes(String(status)) || documented.includes(`${String(status)[0]}XX`) || documented.includes(`${String(status)[0]}xx`));
    if (ok || exchange.error || (status !== undefined && status >= 500)) return [];
    const what = `${p.location} ${p.name ? `"${p.name}"` : ''} breaking ${p.keyword}${p.description ? ` (${p.description})` : ''}`.replace(/\s+/g, ' ');
    const accepted = status !== undefined && status < 400;
    return [
      {
        message: `${accepted ? 'accepted' : 'refused with an undocumented status'}: ${what} got ${got(exchange)}`,
        expected: `a documented 4xx (${documented.join(', ') || 'none documented'})`,
        received: String(status),
        key: `${p.location} ${p.name} ${p.keyword} ${status}`,
      },
    ];
  },
});
