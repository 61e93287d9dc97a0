// jobtwin diff against the FastAPI implementations of Crosmos and Contextual: the twin of each bundled
// spec shows no difference a client would notice, but one the installed pydantic may cause. The twin
// follows pydantic 2 (what the services run); under pydantic 1 a 422 item has no `input` and no `ctx`,
// and diff reports it (docs/fidelity.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../../src/diff/run.js';
import { toMarkdownDiff } from '../../src/diff/report-markdown.js';
import type { Difference } from '../../src/diff/types.js';
import { engineVersions, fastapiMissing, startApp, type RunningApp } from './fastapi/harness.js';

const missing = fastapiMissing();
if (missing) console.warn(`skipping the FastAPI diff tests: ${missing}`);
const versions = missing ? '' : engineVersions();
const pydantic1 = /pydantic 1\./.test(versions);

/** A 422 item without pydantic 2's `input` and `ctx`: pydantic 1's wording of the same error. */
function pydantic1Items(d: Difference): boolean {
  const gaps = d.twin.replace(/^\d+ /, '').split('; ');
  return pydantic1 && d.aspect === 'shape' && /^422 /.test(d.target) && gaps.every((g) => /^\/detail\/\*\/(input|ctx)(\/|:)/.test(g));
}

const APPS = [
  { api: 'crosmos', module: 'crosmos_app', prefix: '' },
  { api: 'contextual', module: 'contextual_app', prefix: '/v1' },
];

for (const { api, module, prefix } of APPS) {
  describe.skipIf(missing !== null)(`jobtwin diff against ${api} on FastAPI (${versions || 'unavailable'})`, () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(module);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it('no differences but the installed pydantic major version', async () => {
      const report = await runDiff({ api, target: `${app.url}${prefix}`, token: 'tenant-a', otherToken: 'tenant-b', seed: 11, pollMs: 25, maxWaitMs: 8000 });
      const left = report.differences.filter((d) => !pydantic1Items(d));
      expect(left, toMarkdownDiff(report)).toEqual([]);
      expect(report.scenarios.some((s) => s.startsWith('bad body'))).toBe(true);
    }, 20_000);
  });
}
