// Faults the control interface planted: latency, a status, a rate limit, or a dropped connection.
// Every matching latency applies (added up), then the first matching fault of another kind answers.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer, Stage } from './types.js';
import type { FaultRule } from '../faults.js';

// The delay comes from node:timers rather than the global setTimeout: a test runner's fake timers
// (vi.useFakeTimers, jest's modern timers) replace the global and would hold the request until the test
// advances them. A latency fault is wall-clock time the client waits, whatever the test's timers do.

export const injectFaults: Stage = {
  name: 'faults',
  run(x) {
    const { faults } = x.deps;
    if (!faults.active) return undefined;
    const rules = faults.take({ api: x.api?.name, method: x.method, path: x.path });
    if (rules.length === 0) return undefined;
    x.fault = rules.map((r) => r.id).join(',');
    const answering = rules.find((r) => r.kind !== 'latency');
    const act = (): Answer | undefined => {
      if (!answering) return undefined; // latency alone: the request goes on, late
      if (answering.kind === 'drop') {
        x.req.socket.destroy();
        return { kind: 'dropped' };
      }
      return answerFor(answering);
    };
    const latencyMs = rules.reduce((sum, r) => sum + (r.latencyMs ?? 0), 0);
    return latencyMs > 0 ? sleep(latencyMs).then(act) : act();
  },
};

function answerFor(rule: FaultRule): Answer | undefined {
  if (rule.kind === 'rateLimit') return { kind: 'error', error: 'rateLimited', headers: { 'retry-after': String(rule.retryAfterSeconds ?? 1) } };
  if (rule.kind === 'status')
    return { kind: 'error', error: rule.status === 503 ? 'unavailable' : 'internal', status: rule.status, message: `Injected fault ${rule.id}` };
  return undefined;
}
