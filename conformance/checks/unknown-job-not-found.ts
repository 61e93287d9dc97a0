import { defineCheck } from './define.js';
import { documented4xx, got, notFoundStatus } from './util.js';

export const unknownJobNotFound = defineCheck({
  name: 'unknown_job_not_found',
  title: 'Unknown job not found',
  catches: 'a well-formed job id that was never created answered with anything but the documented not-found answer',
  purposes: ['unknown-id'],
  needsResponse: true,
  run(ctx, exchange) {
    const status = exchange.response.status;
    if (status >= 500) return [];
    const expected = notFoundStatus(ctx.op);
    if (expected !== undefined ? status === expected : documented4xx(ctx.op).includes(String(status))) return [];
    return [
      {
        message: `the never-created id ${ctx.purpose.id} got ${got(exchange)}`,
        expected: expected !== undefined ? String(expected) : `a documented 4xx (${documented4xx(ctx.op).join(', ')})`,
        received: String(status),
        key: `status ${status}`,
      },
    ];
  },
});
