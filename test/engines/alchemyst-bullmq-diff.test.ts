// jobtwin diff against Alchemyst on real BullMQ (redis-server on a free loopback port): the twin of the
// bundled spec shows no difference a client would notice. BullMQ's short `waiting` before a free worker
// takes a job may be missed by polling: diff notes it, and does not count it (docs/fidelity.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../../src/diff/run.js';
import { toMarkdownDiff } from '../../src/diff/report-markdown.js';
import { redisMissing, startRedis, type RedisServer } from './alchemyst-bullmq/redis.js';
import { startReferenceServer, type ReferenceServer } from './alchemyst-bullmq/server.js';

const missing = redisMissing();
if (missing) console.warn(`skipping the BullMQ diff tests: ${missing}`);

describe.skipIf(missing !== null)('jobtwin diff against Alchemyst on BullMQ', () => {
  let redis: RedisServer | undefined;
  let server: ReferenceServer | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    server = await startReferenceServer({ redis });
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  it.each([1, 2])(
    'seed %i: no differences',
    async (seed) => {
      const report = await runDiff({ api: 'alchemyst', target: server!.url, token: 'tenant-a', otherToken: 'tenant-b', seed, pollMs: 20, maxWaitMs: 8000 });
      expect(report.differences, toMarkdownDiff(report)).toEqual([]);
      expect(report.scenarios).toContain('cancel');
      // what may be noted: a state polling did not see, a cancel that met a job that had moved on
      for (const note of report.notes) expect(['states', 'status', 'shape']).toContain(note.aspect);
    },
    20_000,
  );

  it('jobs that retry once and that fail every attempt (planned on the engine with the twin header): no differences', async () => {
    for (const plan of ['failures=1', 'outcome=fail']) {
      const headers = { 'X-Jobtwin-Job': `${plan}; run=100ms; backoff=100ms` };
      const report = await runDiff({ api: 'alchemyst', target: server!.url, token: 'tenant-a', headers, seed: 5, jobs: 2, pollMs: 15, maxWaitMs: 8000 });
      expect(report.differences, `${plan}\n${toMarkdownDiff(report)}`).toEqual([]);
      expect(report.scenarios[0]).toMatch(plan === 'outcome=fail' ? /\(failed, attempts 3\)/ : /\(completed, attempts 2\)/);
    }
  }, 20_000);
});
