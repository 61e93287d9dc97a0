// The conformance suite against real FastAPI implementations of Crosmos and Contextual (test/engines/fastapi).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CORE_CHECKS, expectCleanRun } from '../helpers/clean-run.js';
import { engineVersions, fastapiMissing, startApp, type RunningApp } from './fastapi/harness.js';

const missing = fastapiMissing();
if (missing) console.warn(`skipping the FastAPI engine tests: ${missing}`);

const APPS = [
  { api: 'crosmos', app: 'crosmos_app', prefix: '', seeds: [11, 29] },
  { api: 'contextual', app: 'contextual_app', prefix: '/v1', seeds: [11, 29] },
];

for (const { api, app: module, prefix, seeds } of APPS) {
  describe.skipIf(missing !== null)(`jobtwin conform against ${api} on FastAPI (${missing ? 'unavailable' : engineVersions()})`, () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(module);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it.each(seeds)(
      'seed %i: no failures',
      async (seed) => {
        await expectCleanRun({ api, target: `${app.url}${prefix}`, token: 'tenant-a', otherToken: 'tenant-b', seed, runs: 8 }, CORE_CHECKS);
      },
      50_000,
    );
  });
}
