// A CORS preflight is the browser asking, not the app calling: answered here, before faults and
// operations, and journalled as a preflight.
import type { Stage } from './types.js';

export const preflight: Stage = {
  name: 'preflight',
  run(x) {
    const { cors, router } = x.deps;
    if (!cors.isPreflight(x.method, x.req.headers)) return undefined;
    x.preflight = true;
    return { kind: 'reply', status: 204, body: undefined, headers: cors.preflight(x.req.headers, 'api', router.methodsAt(x.path)) };
  },
};
