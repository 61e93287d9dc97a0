import type { Check } from './types.js';
import { got, is2xx } from './util.js';

export const authRequired: Check = {
  name: 'auth_required',
  title: 'Authentication required',
  catches: 'an operation that answers without credentials, or with malformed ones, anything but 401',
  scope: 'purpose',
  applies: (ctx, exchange) => ctx.purpose.kind === 'auth' && !exchange.error,
  run(ctx, exchange) {
    if (ctx.purpose.kind !== 'auth') return [];
    const status = exchange.response!.status;
    // a 5xx is not_a_server_error's
    if (status === 401 || status >= 500) return [];
    const how = ctx.purpose.variant === 'missing' ? 'without an Authorization header' : 'with a malformed Authorization header';
    return [{
      message: `${is2xx(status) ? 'answered' : 'refused'} ${how} with ${got(exchange)}`,
      expected: '401',
      received: String(status),
      key: `${ctx.purpose.variant} ${status}`,
    }];
  },
};
