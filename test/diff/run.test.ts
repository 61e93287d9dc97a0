// A whole diff in-process against twins on real time (system clock, fast): the APIs with cancel, list,
// results and two tenants show no difference, and every scenario is run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMarkdownDiff } from '../../src/diff/report-markdown.js';
import { runDiff } from '../../src/diff/run.js';
import { startMock, type RunningMock } from '../../src/index.js';

describe('runDiff against a twin of the same spec', () => {
  const targets: Record<string, RunningMock> = {};
  beforeAll(async () => {
    for (const api of ['alchemyst', 'contextual']) targets[api] = await startMock({ apis: [api], clock: 'system', speed: 500, seed: 9 });
  });
  afterAll(async () => {
    await Promise.all(Object.values(targets).map((t) => t.close()));
  });

  it.each(['alchemyst', 'contextual'])('%s: no differences, with cancel, list, results and another tenant', async (api) => {
    const report = await runDiff({ api, target: targets[api].urls[api], token: 'tenant-a', otherToken: 'tenant-b', seed: 4, pollMs: 5, maxWaitMs: 5000 });
    expect(report.differences, toMarkdownDiff(report)).toEqual([]);
    expect(report.scenarios).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^job 3 \(completed/),
        expect.stringMatching(/^list on .* \(this run's jobs\)$/),
        expect.stringMatching(/^unknown id on /),
      ]),
    );
    if (api === 'alchemyst') expect(report.scenarios).toContain('cancel');
    // only what polling may miss is noted
    for (const note of report.notes) expect(['states', 'status']).toContain(note.aspect);
  });

  it('a spec that does not load is a usage error naming the file', async () => {
    await expect(runDiff({ spec: '/nonexistent/x.yaml', target: 'http://127.0.0.1:9' })).rejects.toThrow(/x\.yaml/);
  });
});
