// A broken server makes a run shorter, not longer: a job that has shown a lifecycle failure is no longer
// waited on. The target is the real twin behind a proxy whose status answers flip a job between two
// states for ever, so no job ever ends: waited on, each would cost the whole --max-wait-ms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { runConformance } from '../../conformance/index.js';
import { parseJson, startProxy, withJson, type RunningProxy } from '../../fixtures/broken/proxy.js';
import { onRoles, type Env } from '../../fixtures/broken/target.js';

const MAX_WAIT_MS = 90_000;

describe('jobs that flip between states are not waited on', () => {
  let twin: RunningMock;
  let proxy: RunningProxy;
  let target: string;

  beforeAll(async () => {
    twin = await startMock({ apis: ['crosmos'], clock: 'system', speed: 200, seed: 2 });
    const api = twin.twin.apiList().find((a) => a.name === 'crosmos')!;
    const prefix = new URL(twin.urls.crosmos).pathname.replace(/\/+$/, '');
    const env: Env = { api, prefix, control: `${twin.url}/__jobtwin` };
    const reads = new Map<string, number>();
    // processing, pending, processing, …: processing → pending is no declared transition, and no job ends
    proxy = await startProxy(
      twin.url,
      onRoles(env, ['status'], async (x, r) => {
        const answer = await x.forward();
        const body = parseJson(answer.body);
        if (answer.status !== 200 || !body || !r.id) return answer;
        const n = reads.get(r.id) ?? 0;
        reads.set(r.id, n + 1);
        body.status = n % 2 === 0 ? 'processing' : 'pending';
        body.completed_at = null;
        return withJson(answer, body);
      }),
    );
    target = `${proxy.url}${prefix}`;
  });
  afterAll(async () => {
    await proxy?.close();
    await twin?.close();
  });

  it(
    'reports the flip and ends long before one job could have been waited out',
    async () => {
      const result = await runConformance({
        api: 'crosmos',
        target,
        token: 'tenant-a',
        seed: 3,
        runs: 4,
        maxWaitMs: MAX_WAIT_MS,
        phases: ['stateless', 'lifecycle'],
      });
      expect(result.exitCode).toBe(1);
      expect(result.failures.map((f) => f.check)).toContain('lifecycle_transitions');
      // stuck jobs were not waited out, so none is reported as never finishing
      expect(result.failures.map((f) => f.check)).not.toContain('eventual_completion');
      expect(result.wallMs).toBeLessThan(MAX_WAIT_MS);
    },
    MAX_WAIT_MS + 60_000,
  );
});
