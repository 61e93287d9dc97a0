// The suite on creates as vendors answer them (the Replicate-like predictions fixture): it passes the
// twin, listening for webhooks on an ephemeral port, and trips webhook_delivery or create_wait on each
// broken target (webhooks out of order, the terminal one missing, 201 with a running job).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_SECRET, startMock } from '../../src/index.js';
import { SPEC_TARGETS, startBroken } from '../../fixtures/broken/index.js';
import { PREDICTIONS_SPEC } from '../../fixtures/broken/webhooks.js';
import { runConformance } from '../../conformance/index.js';
import type { ConformOptions, RunResult } from '../../conformance/runner/types.js';

const OPTIONS = {
  spec: PREDICTIONS_SPEC,
  token: 'tenant-a',
  otherToken: 'tenant-b',
  seed: 1,
  runs: 5,
  maxWaitMs: 8000,
  requestTimeoutMs: 3000,
  timeLimitMs: 60_000,
  webhookListen: '0',
  webhookSecret: DEFAULT_WEBHOOK_SECRET,
} satisfies Partial<ConformOptions>;

const results = new Map<string, RunResult>();

const describeFailures = (result: RunResult) => result.failures.map((f) => `${f.check} ×${f.count}: ${f.message}`).join('\n') || '(no failures)';

async function againstTwin(options: Partial<ConformOptions> = {}): Promise<RunResult> {
  const twin = await startMock({ specs: [PREDICTIONS_SPEC], seed: 3, speed: 200, clock: 'system' });
  try {
    return await runConformance({ ...OPTIONS, target: twin.url, ...options });
  } finally {
    await twin.close();
  }
}

beforeAll(async () => {
  results.set('twin', await againstTwin());
  results.set('twin unheard', await againstTwin({ webhookListen: undefined, phases: ['lifecycle'] }));
  for (const target of SPEC_TARGETS) {
    const running = await startBroken(target.name);
    try {
      results.set(target.name, await runConformance({ ...OPTIONS, target: running.target }));
    } finally {
      await running.close();
    }
  }
}, 300_000);

afterAll(() => results.clear());

describe('the suite on webhooks and Prefer: wait', () => {
  it('passes the twin, judging webhooks and held creates', () => {
    const result = results.get('twin')!;
    expect(result.failures, describeFailures(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const judged = Object.fromEntries(result.checks.map((c) => [c.name, c.judged]));
    expect(judged.webhook_delivery).toBe(2);
    expect(judged.create_wait).toBeGreaterThan(2);
  });

  it('says why webhooks were not checked without --webhook-listen', () => {
    const result = results.get('twin unheard')!;
    expect(result.failures, describeFailures(result)).toEqual([]);
    const summary = result.checks.find((c) => c.name === 'webhook_delivery')!;
    expect(summary.skipped).toBe('needs --webhook-listen [HOST:]PORT: a listener the target can reach, whose URL the creates carry');
    expect(result.checks.find((c) => c.name === 'create_wait')!.judged).toBeGreaterThan(0);
  });

  for (const target of SPEC_TARGETS) {
    it(`${target.name} trips ${target.catches.join(', ')}`, () => {
      const result = results.get(target.name)!;
      const fired = new Set(result.failures.map((f) => f.check));
      for (const check of target.catches) expect(fired.has(check), `${check} did not fire; failures:\n${describeFailures(result)}`).toBe(true);
      expect(result.exitCode).toBe(1);
    });
  }

  it('names the deviation in its failure', () => {
    const messages = (name: string) => results.get(name)!.failures.map((f) => f.message);
    expect(
      messages('replicate-webhooks-out-of-order').some((m) => /says "starting" after a webhook that said "processing": out of lifecycle order/.test(m)),
    ).toBe(true);
    expect(messages('replicate-no-terminal-webhook').some((m) => /ended "(succeeded|failed)" but no webhook said so within 8000 ms/.test(m))).toBe(true);
    expect(messages('replicate-201-running').some((m) => /answered 201, the status of a job that has ended, with the job still "starting"/.test(m))).toBe(true);
  });
});
