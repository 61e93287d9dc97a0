// No operation at the path (404), or none for the method (405 with Allow), as the contract says.
import type { ErrorKind } from '../../spec/extension-types.js';
import type { ApiModel } from '../../spec/model.js';
import { problem, type Stage } from './types.js';

// The API's declared wording wins (FastAPI: {"detail": "Not Found"}); the explanatory one is the fallback.
const declared = (api: ApiModel | undefined, kind: ErrorKind) => api?.ext.errors.messages?.[kind] !== undefined;

export const route: Stage = {
  name: 'route',
  run(x) {
    const m = x.match;
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
