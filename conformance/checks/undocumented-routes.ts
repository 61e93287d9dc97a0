import { defineCheck } from './define.js';
import { got } from './util.js';

export const undocumentedRoutes = defineCheck({
  name: 'undocumented_routes',
  title: 'Undocumented methods and paths',
  catches:
    'a documented path called with an undocumented method (HEAD included) answered with anything but 405 and an Allow header listing the documented methods, or an unknown path with anything but 404 (as x-jobtwin http declares)',
  purposes: ['routing'],
  needsResponse: true,
  run(ctx, exchange) {
    const p = ctx.purpose;
    const r = exchange.response;
    // a 5xx is not_a_server_error's
    if (r.status >= 500) return [];
    const what = `${p.method} ${p.path}`;
    if (p.expect === 'unknownPath') {
      if (r.status === 404) return [];
      return [{ message: `the unknown path ${what} got ${got(exchange)}`, expected: '404', received: String(r.status), key: `unknown path ${r.status}` }];
    }
    const documented = p.documented ?? [];
    if (r.status !== 405) {
      return [
        {
          message: `${p.method} is not documented on ${p.path} (documented: ${documented.join(', ')}) but got ${got(exchange)}`,
          expected: '405 with Allow',
          received: String(r.status),
          key: `method ${p.method} ${r.status}`,
        },
      ];
    }
    const allow = (r.headers.allow ?? '')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const missing = documented.filter((m) => !allow.includes(m));
    if (missing.length === 0 && !allow.includes(p.method)) return [];
    return [
      {
        message: `405 for ${what} with ${r.headers.allow === undefined ? 'no Allow header' : `Allow: ${r.headers.allow}`}`,
        expected: `Allow listing ${documented.join(', ')} (and not ${p.method})`,
        received: r.headers.allow ?? '(none)',
        key: `allow ${p.method}`,
      },
    ];
  },
});
