// Every operation wants a bearer token (or, where the API's scheme says so, the key as it is in
// Authorization); the token names the tenant.
import { tenantOf } from '../auth.js';
import { problem, type OperationExchange, type Stage } from './types.js';

/** A key sent as it is, read as the bearer token it stands for: one word, nothing else. */
function asBearer(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && /^\S+$/.test(header.trim()) ? `Bearer ${header.trim()}` : undefined;
}

export const authenticate: Stage<OperationExchange> = {
  name: 'auth',
  run(x) {
    const header = x.api.credential === 'raw' ? asBearer(x.req.headers.authorization) : x.req.headers.authorization;
    const tenant = tenantOf(header, x.deps.twin.clock.now(), x.deps.auth);
    if (tenant === null) return problem('unauthorized');
    x.tenant = tenant;
    return undefined;
  },
};
