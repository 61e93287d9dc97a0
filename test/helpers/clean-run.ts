// What a conformance run against a correct implementation (the twin, or one on a real engine) must
// give: no failure, a complete run, and something judged by each check it must exercise.
import { expect } from 'vitest';
import { runConformance } from '../../conformance/index.js';
import { formatFailure } from '../../conformance/report/console.js';
import type { ConformOptions, RunResult } from '../../conformance/runner/types.js';

/** judged against every correct implementation of the bundled APIs */
export const CORE_CHECKS = [
  'status_code_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'auth_required',
  'tenant_isolation',
  'unknown_job_not_found',
  'lifecycle_states',
  'eventual_completion',
] as const;

export async function expectCleanRun(options: ConformOptions, mustJudge: readonly string[]): Promise<RunResult> {
  const result = await runConformance({ maxWaitMs: 15_000, requestTimeoutMs: 5_000, ...options });
  const report = result.failures.map((f, i) => formatFailure(f, i + 1)).join('\n\n');
  if (report) console.log(report);
  expect(report).toBe('');
  expect(result.timedOut).toBe(false);
  expect(result.exitCode).toBe(0);
  const judged = Object.fromEntries(result.checks.map((c) => [c.name, c.judged]));
  for (const name of mustJudge) expect(judged[name], name).toBeGreaterThan(0);
  return result;
}
