import { defineCheck } from './define.js';
import { got, is2xx } from './util.js';

export const authRequired = defineCheck({
  name: 'auth_required',
  title: 'Authentication required',
  catches:
    'an operation that answers without credentials, with malformed ones, or with well-formed but invalid ones (a JWT --token with a changed signature, another sub or a past exp; the --expired-token) anything but 401',
  purposes: ['auth'],
  needsResponse: true,
  run(ctx, exchange) {
    const status = exchange.response.status;
    // a 5xx is not_a_server_error's
    if (status === 401 || status >= 500) return [];
    const v = ctx.purpose.variant;
    const how =
      v === 'missing'
        ? 'without an Authorization header'
        : v === 'malformed'
          ? 'with a malformed Authorization header'
          : v === 'expired'
            ? 'with the expired token (--expired-token)'
            : `with ${ctx.purpose.description ?? v}`;
    return [
      {
        message: `${is2xx(status) ? 'answered' : 'refused'} ${how} with ${got(exchange)}`,
        expected: '401',
        received: String(status),
        key: `${ctx.purpose.variant} ${status}`,
      },
    ];
  },
});
