// The suite against the twin itself, all four APIs: a correct implementation must pass every check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { CORE_CHECKS, expectCleanRun } from '../helpers/clean-run.js';

const APIS = ['alchemyst', 'crosmos', 'contextual', 'jobs'] as const;

describe.each(APIS)('jobtwin conform against the twin: %s', (api) => {
  let twin: RunningMock;
  beforeAll(async () => {
    twin = await startMock({ apis: [api], clock: 'system', speed: 2000, seed: 7 });
  });
  afterAll(() => twin.close());

  it('passes every check, with a second tenant and the retention check', async () => {
    const options = { api, target: twin.urls[api], token: 'tenant-a', otherToken: 'tenant-b', seed: 11, runs: 8, maxWaitMs: 10_000 };
    const result = await expectCleanRun(options, ['not_a_server_error', ...CORE_CHECKS]);
    const judged = Object.fromEntries(result.checks.map((c) => [c.name, c.judged]));
    if (twin.twin && (api === 'contextual' || api === 'crosmos')) expect(judged.retention).toBeGreaterThan(0);
    expect(result.exchanges).toBeGreaterThan(50);
  }, 60_000);
});
