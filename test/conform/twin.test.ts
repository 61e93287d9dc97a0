// The suite against the twin itself, all four APIs: a correct implementation must pass every check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { runConformance } from '../../conformance/index.js';
import { formatFailure } from '../../conformance/report/console.js';

const APIS = ['alchemyst', 'crosmos', 'contextual', 'jobs'] as const;

describe.each(APIS)('jobtwin conform against the twin: %s', (api) => {
  let twin: RunningMock;
  beforeAll(async () => {
    twin = await startMock({ apis: [api], clock: 'system', speed: 2000, seed: 7 });
  });
  afterAll(() => twin.close());

  it('passes every check, with a second tenant and the retention check', async () => {
    const result = await runConformance({
      api,
      target: twin.urls[api],
      token: 'tenant-a',
      otherToken: 'tenant-b',
      seed: 11,
      runs: 8,
      maxWaitMs: 10_000,
      requestTimeoutMs: 5_000,
    });
    const report = result.failures.map((f, i) => formatFailure(f, i + 1)).join('\n\n');
    expect(report).toBe('');
    expect(result.exitCode).toBe(0);
    const judged = Object.fromEntries(result.checks.map((c) => [c.name, c.judged]));
    for (const name of [
      'not_a_server_error',
      'status_code_conformance',
      'response_schema_conformance',
      'negative_data_rejection',
      'positive_data_acceptance',
      'auth_required',
      'tenant_isolation',
      'unknown_job_not_found',
      'lifecycle_states',
      'eventual_completion',
    ]) {
      expect(judged[name], name).toBeGreaterThan(0);
    }
    if (twin.twin && (api === 'contextual' || api === 'crosmos')) expect(judged.retention).toBeGreaterThan(0);
    expect(result.exchanges).toBeGreaterThan(50);
  }, 60_000);
});
