// Faults the control interface planted: latency, a status, a rate limit, or a dropped connection.
import type { Answer, Stage } from './types.js';
import type { FaultRule } from '../faults.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const injectFaults: Stage = {
  name: 'faults',
  run(x) {
    const { faults } = x.deps;
    if (!faults.active) return undefined;
    const rule = faults.take({ api: x.api?.name, method: x.method, path: x.path });
    if (!rule) return undefined;
    x.fault = rule.id;
    const act = (): Answer | undefined => {
      if (rule.kind === 'drop') {
        x.req.socket.destroy();
        return { kind: 'dropped' };
      }
      return answerFor(rule);
    };
    return rule.latencyMs ? sleep(rule.latencyMs).then(act) : act();
  },
};

function answerFor(rule: FaultRule): Answer | undefined {
  if (rule.kind === 'rateLimit') return { kind: 'error', error: 'rateLimited', headers: { 'retry-after': String(rule.retryAfterSeconds ?? 1) } };
  if (rule.kind === 'status') return { kind: 'error', error: rule.status === 503 ? 'unavailable' : 'internal', status: rule.status, message: `Injected fault ${rule.id}` };
  // latency alone: the request goes on, late
  return undefined;
}
