// jobtwin diff against the jobs API on a real NestJS 12 app: the twin of the bundled spec answers as the
// engine does, in every scenario diff runs (jobs to their end, edge requests, another user's job).
import { describe, expect, it } from 'vitest';
import { runDiff } from '../../src/diff/run.js';
import { toMarkdownDiff } from '../../src/diff/report-markdown.js';
import { SECRET, hs256 } from './jobs-nestjs/tokens-and-traces.js';

// The engine is a dev dependency: without it, say so and skip rather than fail on the import.
const missing = await Promise.all(
  ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', 'class-validator', 'class-transformer'].map((name) =>
    import(name).then(
      () => null,
      () => name,
    ),
  ),
);
const absent = missing.filter((name) => name !== null);
if (absent.length) console.log(`jobs on NestJS (diff): skipped, not installed: ${absent.join(', ')}`);
const engine = absent.length ? undefined : await import('./jobs-nestjs/app.js');

describe.skipIf(!engine)('jobtwin diff against jobs on NestJS 12', () => {
  it.each([1, 2])(
    'seed %i: no differences',
    async (seed) => {
      const nest = await engine!.startJobsNest({ secret: SECRET });
      try {
        const report = await runDiff({
          api: 'jobs',
          target: nest.url,
          token: hs256({ sub: 'alice' }),
          otherToken: hs256({ sub: 'bob' }),
          seed,
          pollMs: 20,
          maxWaitMs: 5000,
        });
        expect(report.differences, toMarkdownDiff(report)).toEqual([]);
        expect(report.scenarios.length).toBeGreaterThanOrEqual(8);
        console.log(toMarkdownDiff(report).split('\n').slice(0, 5).join('\n'));
      } finally {
        await nest.close();
      }
    },
    20_000,
  );

  // The engine takes the twin's plan header: jobs that retry, and that fail every attempt, on the target.
  it.each(['failures=1', 'outcome=fail'])(
    'jobs planned with %s: no differences',
    async (plan) => {
      const nest = await engine!.startJobsNest({ secret: SECRET });
      try {
        const headers = { 'X-Jobtwin-Job': `${plan}; queue=60ms; run=60ms; backoff=60ms` };
        const report = await runDiff({ api: 'jobs', target: nest.url, token: hs256({ sub: 'alice' }), headers, seed: 3, jobs: 2, pollMs: 15, maxWaitMs: 5000 });
        expect(report.differences, toMarkdownDiff(report)).toEqual([]);
        console.log(toMarkdownDiff(report));
      } finally {
        await nest.close();
      }
    },
    20_000,
  );
});
