// The conformance suite against a real BullMQ implementation of the Alchemyst API (redis-server on a
// free loopback port, BullMQ Queue + Worker behind node:http): a faithful spec passes it clean.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../conformance/index.js';
import { startMock } from '../../src/index.js';
import { expectCleanRun } from '../helpers/clean-run.js';
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

  it.each([1, 2])(
    'seed %i: no failures',
    async (seed) => {
      const options = { api: 'alchemyst', target: server!.url, token: 'tenant-a', otherToken: 'tenant-b', seed, runs: 5, maxWaitMs: 10_000 };
      const result = await expectCleanRun({ ...options, timeLimitMs: 25_000 }, [
        'response_schema_conformance',
        'status_code_conformance',
        'attempts_bounds',
        'lifecycle_timestamps',
        'cancel_semantics',
        'tenant_isolation',
        'eventual_completion',
      ]);
      console.log(`seed ${seed}: ${result.exchanges} exchanges; judged ${JSON.stringify(Object.fromEntries(result.checks.map((c) => [c.name, c.judged])))}`);
    },
    30_000,
  );

  it('tells the declarations apart: the same spec declaring attempts counted when they start fails against BullMQ', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobtwin-spec-'));
    try {
      const text = await readFile(new URL('../../specs/alchemyst.openapi.yaml', import.meta.url), 'utf8');
      const file = join(dir, 'alchemyst-started.openapi.yaml');
      expect(text).toContain('    attempts: ended\n');
      await writeFile(file, text.replace('    attempts: ended\n', '    attempts: started\n'));
      const result = await runConformance({
        spec: file,
        target: server!.url,
        token: 'tenant-a',
        seed: 1,
        runs: 2,
        maxWaitMs: 10_000,
        requestTimeoutMs: 5_000,
        timeLimitMs: 20_000,
        phases: ['lifecycle'],
        checks: ['attempts_bounds'],
      });
      const messages = result.failures.filter((f) => f.check === 'attempts_bounds').map((f) => f.message);
      expect(
        messages.some((m) => /"active" with 0 attempts/.test(m)),
        messages.join('\n') || '(no attempts_bounds failure)',
      ).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

// The other way round, without an engine: a target counting attempts when they start (the twin told so)
// fails the BullMQ spec's attempts_bounds (an attempt that ran, not counted when it ended).
describe('attempts_bounds against a target that counts attempts when they start', () => {
  it('fires on the BullMQ spec', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobtwin-spec-'));
    const text = await readFile(new URL('../../specs/alchemyst.openapi.yaml', import.meta.url), 'utf8');
    const file = join(dir, 'alchemyst-started.openapi.yaml');
    await writeFile(file, text.replace('    attempts: ended\n', '    attempts: started\n'));
    const twin = await startMock({ specs: [file], clock: 'system', speed: 2000, seed: 3 });
    try {
      const result = await runConformance({
        api: 'alchemyst',
        target: twin.urls.alchemyst,
        token: 'tenant-a',
        seed: 1,
        runs: 4,
        workers: 1,
        maxWaitMs: 10_000,
        requestTimeoutMs: 5_000,
        phases: ['lifecycle'],
        checks: ['attempts_bounds'],
      });
      const messages = result.failures.filter((f) => f.check === 'attempts_bounds').map((f) => f.message);
      expect(
        messages.some((m) => /has ended|running attempt would be one over/.test(m)),
        messages.join('\n') || '(no attempts_bounds failure)',
      ).toBe(true);
    } finally {
      await twin.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
