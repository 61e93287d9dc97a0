// jobtwin conform against the twin of a spec and its overlays, both given the same way: a spec's
// declaration must hold against its own twin.
import { startMock } from '../../src/index.js';
import { runConformance } from '../../conformance/index.js';
import { formatFailure } from '../../conformance/report/console.js';

export interface OwnTwinRun {
  exitCode: number;
  /** every failure, formatted as the console report prints it ('' when none) */
  failures: string;
  /** how many times each check judged */
  judged: Record<string, number>;
  /** the run's notes on answers in an assumed status (x-jobtwin errors.assumed) */
  assumptions: string[];
}

export async function conformOwnTwin(spec: string, overlays: string[], options: { strict?: boolean } = {}): Promise<OwnTwinRun> {
  const twin = await startMock({ specs: [spec], overlays, clock: 'system', speed: 2000, seed: 5 });
  try {
    const result = await runConformance({
      spec,
      overlays,
      target: Object.values(twin.urls)[0],
      token: 'tenant-a',
      otherToken: 'tenant-b',
      seed: 3,
      runs: 6,
      maxWaitMs: 10_000,
      requestTimeoutMs: 5_000,
      strict: options.strict,
    });
    return {
      exitCode: result.exitCode,
      failures: result.failures.map((f, i) => formatFailure(f, i + 1)).join('\n\n'),
      judged: Object.fromEntries(result.checks.map((c) => [c.name, c.judged])),
      assumptions: result.assumptions ?? [],
    };
  } finally {
    await twin.close();
  }
}
