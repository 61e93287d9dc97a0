// A large store is saved in slices: the twin keeps answering during the save, and the file loads back whole.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApis } from '../../src/spec/resolve.js';
import { Twin } from '../../src/core/twin.js';
import { TrackedClock } from '../../src/persist/clock.js';
import { stampApis } from '../../src/persist/format.js';
import { saveState } from '../../src/persist/save.js';
import { loadState } from '../../src/persist/load.js';

const JOBS = 100_000;
const INPUT = { documents: [{ content: 'Customer asked about pricing.' }], source: 'bench', context_type: 'resource', scope: 'internal' };

describe('state file: a store of 100,000 jobs', () => {
  it('saves without blocking the event loop for long, and loads back', async () => {
    const apis = await loadApis({ apis: ['alchemyst'] });
    const api = apis[0];
    const twin = new Twin(apis, new TrackedClock({ start: Date.parse('2026-01-01T00:00:00Z'), frozen: true }), 1, 1);
    for (let i = 0; i < JOBS; i++) twin.create(api, { tenant: `tenant-${i % 100}`, input: INPUT });
    const stamps = await stampApis(apis);
    const file = join(mkdtempSync(join(tmpdir(), 'jobtwin-large-')), 'large.state');

    // Turns of the event loop while the save runs (and, for the log, the longest stretch without one).
    let turns = 0;
    let longest = 0;
    let last = performance.now();
    let ticking = true;
    const tick = () => {
      const now = performance.now();
      turns++;
      longest = Math.max(longest, now - last);
      last = now;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const report = await saveState(file, { twin, clock: twin.clock as TrackedClock, apis: stamps });
    ticking = false;

    const loadStarted = performance.now();
    const loaded = await loadState(file, apis, stamps);
    const loadMs = Math.round(performance.now() - loadStarted);
    const bytes = statSync(file).size;
    console.log(
      `state file, ${JOBS} jobs: saved in ${report.ms} ms, ${(bytes / 2 ** 20).toFixed(1)} MiB (${Math.round(bytes / JOBS)} bytes per job), ` +
        `longest event-loop block ${Math.round(longest)} ms; loaded in ${loadMs} ms`,
    );
    expect(report).toMatchObject({ jobs: JOBS, bytes });
    expect(loaded?.jobs).toHaveLength(JOBS);
    expect(loaded?.jobs[JOBS - 1]).toEqual(twin.find(api, null, loaded!.jobs[JOBS - 1].id));
    // The save gives the server turns as it goes (in slices), rather than blocking for the whole
    // file; counted, not timed, so a busy machine cannot fail it. The block times are in the log.
    expect(turns).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
