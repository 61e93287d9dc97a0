// A spec whose templates answer unix seconds (`|unix`): jobtwin conform reads those fields as seconds,
// so it passes the spec's own twin and fails a target that answers milliseconds where seconds are declared.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { runConformance } from '../../conformance/index.js';
import { parseJson, startProxy, withJson, type RunningProxy } from '../../fixtures/broken/proxy.js';
import { onRoles, type Env } from '../../fixtures/broken/target.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const SPEC = join(import.meta.dirname, '../../fixtures/specs/vendor30/unix-batch.openapi.yaml');

describe('timestamps in unix seconds', () => {
  it('jobtwin conform passes the twin of a spec answering seconds', { timeout: 120_000 }, async () => {
    const run = await conformOwnTwin(SPEC, []);
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.judged.lifecycle_timestamps).toBeGreaterThan(0);
  });

  describe('a target answering milliseconds where seconds are declared', () => {
    let twin: RunningMock;
    let proxy: RunningProxy;
    let target: string;

    beforeAll(async () => {
      twin = await startMock({ specs: [SPEC], clock: 'system', speed: 2000, seed: 5 });
      const api = twin.twin.apiList()[0];
      const prefix = new URL(Object.values(twin.urls)[0]).pathname.replace(/\/+$/, '');
      const env: Env = { api, prefix, control: `${twin.url}/__jobtwin` };
      proxy = await startProxy(
        twin.url,
        onRoles(env, ['status'], async (x) => {
          const answer = await x.forward();
          const body = parseJson(answer.body);
          if (answer.status !== 200 || !body) return answer;
          body.created_at *= 1000;
          return withJson(answer, body);
        }),
      );
      target = `${proxy.url}${prefix}`;
    });
    afterAll(async () => {
      await proxy?.close();
      await twin?.close();
    });

    it('fails lifecycle_timestamps, saying the value reads as milliseconds', { timeout: 120_000 }, async () => {
      const result = await runConformance({
        spec: SPEC,
        target,
        token: 'tenant-a',
        otherToken: 'tenant-b',
        seed: 3,
        runs: 4,
        maxWaitMs: 10_000,
        requestTimeoutMs: 5_000,
      });
      expect(result.exitCode).toBe(1);
      const failures = result.failures.filter((f) => f.check === 'lifecycle_timestamps');
      expect(failures.length).toBeGreaterThan(0);
      expect(failures[0].message).toMatch(/createdAt at \/created_at is \d{13}, not unix seconds \(it reads as milliseconds\)/);
      expect(new Set(result.failures.map((f) => f.check))).toEqual(new Set(['lifecycle_timestamps']));
    });
  });
});
