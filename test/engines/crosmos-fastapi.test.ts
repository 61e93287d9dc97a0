// The conformance suite against a real FastAPI implementation of Crosmos (test/engines/fastapi).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../conformance/index.js';
import { formatFailure } from '../../conformance/report/console.js';
import { engineVersions, fastapiMissing, startApp, type RunningApp } from './fastapi/harness.js';

const missing = fastapiMissing();
if (missing) console.warn(`skipping the Crosmos FastAPI engine tests: ${missing}`);

describe.skipIf(missing !== null)(`jobtwin conform against Crosmos on FastAPI (${missing ? 'unavailable' : engineVersions()})`, () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp('crosmos_app');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each([11, 29])(
    'seed %i: no failures',
    async (seed) => {
      const result = await runConformance({
        api: 'crosmos',
        target: app.url,
        token: 'tenant-a',
        otherToken: 'tenant-b',
        seed,
        runs: 8,
        maxWaitMs: 15_000,
        requestTimeoutMs: 5_000,
      });
      const report = result.failures.map((f, i) => formatFailure(f, i + 1)).join('\n\n');
      if (report) console.log(report);
      expect(report).toBe('');
      expect(result.exitCode).toBe(0);
      const judged = Object.fromEntries(result.checks.map((c) => [c.name, c.judged]));
      for (const name of [
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
    },
    50_000,
  );
});
