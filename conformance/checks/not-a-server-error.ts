import { defineCheck } from './define.js';

export const notAServerError = defineCheck({
  name: 'not_a_server_error',
  title: 'Not a server error',
  catches: 'a 5xx answer, or no usable answer at all: refused or reset connections, timeouts, bodies past the size cap',
  scope: 'exchange',
  run(_ctx, exchange) {
    if (exchange.error) {
      if (exchange.error.kind === 'budget') return [];
      return [
        {
          message: `no usable answer: ${exchange.error.message}`,
          expected: 'an HTTP answer',
          received: exchange.error.kind,
          key: `transport ${exchange.error.kind}`,
        },
      ];
    }
    const { status } = exchange.response;
    if (status < 500) return [];
    return [{ message: `server error ${status}`, expected: 'a status below 500', received: String(status), key: `status ${status}` }];
  },
});
