// Every operation wants a bearer token; the token names the tenant.
import { tenantOf } from '../auth.js';
import { problem, type OperationExchange, type Stage } from './types.js';

export const authenticate: Stage<OperationExchange> = {
  name: 'auth',
  run(x) {
    const tenant = tenantOf(x.req.headers.authorization, x.deps.twin.clock.now(), x.deps.auth);
    if (tenant === null) return problem('unauthorized');
    x.tenant = tenant;
    return undefined;
  },
};
