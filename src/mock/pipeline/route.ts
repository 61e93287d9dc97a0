// No operation at the path (404), or none for the method (405 with Allow), as the contract says.
import type { ErrorKind } from '../../spec/extension-types.js';
import type { ApiModel } from '../../spec/model.js';
import { redirectLocation } from '../router.js';
import { problem, reply, type Stage } from './types.js';

// The API's declared wording wins (FastAPI: {"detail": "Not Found"}); the explanatory one is the fallback.
const declared = (api: ApiModel | undefined, kind: ErrorKind) => api?.ext.errors.messages?.[kind] !== undefined;

export const route: Stage = {
  name: 'route',
  run(x) {
    const m = x.match;
    // Starlette's redirect_slashes: before authentication, whatever the method
    if (m.kind === 'redirect') {
      const url = x.req.url ?? '';
      const q = url.indexOf('?');
      return reply(307, undefined, { location: redirectLocation(m.to, x.req.headers.host, q < 0 ? '' : url.slice(q)) });
    }
    if (m.kind === 'none') return problem('notFound', { message: declared(x.api, 'notFound') ? undefined : `No operation at ${x.path}` });
    if (m.kind === 'method') {
      const allow = m.allow.join(', ');
      return problem('methodNotAllowed', {
        message: declared(x.api, 'methodNotAllowed') ? undefined : `${x.method} is not allowed on ${x.path}; allowed: ${allow}`,
        headers: { allow },
      });
    }
    return undefined;
  },
};
