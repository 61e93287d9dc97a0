// Tampered and expired credentials against correct targets: the twin behind a gate that verifies
// HS256 signatures and exp, as a real service does. The suite derives tampered tokens from the JWT it
// is given and sends the expired one; a correct target refuses them all, so nothing may fail.
// (Routing is left to twin.test.ts: the gate passes undocumented methods through to the twin.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJwtReference, type RunningBroken } from '../../fixtures/broken/index.js';
import { runConformance } from '../../conformance/index.js';
import { formatFailure } from '../../conformance/report/console.js';

describe.each(['jobs', 'alchemyst'])('tampered credentials against a target that verifies JWTs: %s', (api) => {
  let target: RunningBroken;
  beforeAll(async () => {
    target = await startJwtReference(api);
  });
  afterAll(() => target?.close());

  it('sends a changed signature, another sub, a past exp and the expired token on every operation, and finds nothing', async () => {
    const result = await runConformance({
      api,
      target: target.target,
      ...target.options,
      seed: 3,
      runs: 4,
      maxWaitMs: 8000,
      requestTimeoutMs: 5000,
      phases: ['stateless', 'lifecycle'],
      excludeChecks: ['undocumented_routes'],
    });
    expect(result.failures.map((f, i) => formatFailure(f, i + 1)).join('\n\n')).toBe('');
    expect(result.skipped.filter((s) => /tampered/.test(s.reason))).toEqual([]);
    const judged = result.checks.find((c) => c.name === 'auth_required')!.judged;
    // per operation: missing, malformed, three tampered tokens and the expired one
    expect(judged).toBeGreaterThanOrEqual(6 * 2);
    expect(result.exitCode).toBe(0);
  }, 60_000);
});
