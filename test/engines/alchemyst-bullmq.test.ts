// The conformance suite against a real BullMQ implementation of the Alchemyst API (redis-server on a
// free loopback port, BullMQ Queue + Worker behind node:http): a faithful spec passes it clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../conformance/index.js';
import { formatFailure } from '../../conformance/report/console.js';
import { redisMissing, startRedis, type RedisServer } from './alchemyst-bullmq/redis.js';
import { startReferenceServer, type ReferenceServer } from './alchemyst-bullmq/server.js';

const missing = redisMissing();
if (missing) console.warn(`skipping the BullMQ engine tests: ${missing}`);

describe.skipIf(missing !== null)('jobtwin conform against Alchemyst on BullMQ', () => {
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

  it.each([1, 2])('seed %i: no failures', async (seed) => {
    const result = await runConformance({ api: 'alchemyst', target: server!.url, token: 'tenant-a', otherToken: 'tenant-b', seed, runs: 5, maxWaitMs: 10_000, requestTimeoutMs: 5_000, timeLimitMs: 25_000 });
    const report = result.failures.map((f, i) => formatFailure(f, i + 1)).join('\n\n');
    if (report) console.log(report);
    expect(report).toBe('');
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    const judged = Object.fromEntries(result.checks.map((c) => [c.name, c.judged]));
    for (const name of ['response_schema_conformance', 'status_code_conformance', 'attempts_bounds', 'lifecycle_timestamps', 'cancel_semantics', 'tenant_isolation', 'eventual_completion']) {
      expect(judged[name], name).toBeGreaterThan(0);
    }
  }, 30_000);
});
