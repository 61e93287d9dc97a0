// jobtwin conform on a list paged by the last item's id (fixtures/specs/vendor30/list-batch, OpenAI's
// shape): it passes the spec's own twin, walking every page and a window of creation times, and fails
// each broken paging target with the check that target breaks.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../conformance/index.js';
import type { RunResult } from '../../conformance/runner/types.js';
import { BROKEN_TARGETS, startBroken, type RunningBroken } from '../../fixtures/broken/index.js';
import { PAGING_TARGETS } from '../../fixtures/broken/paging.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const DIR = join(import.meta.dirname, '../../fixtures/specs/vendor30');
const SPEC = join(DIR, 'list-batch.openapi.yaml');
const OVERLAY = join(DIR, 'list-batch.overlay.yaml');

const OPTIONS = { token: 'tenant-a', otherToken: 'tenant-b', seed: 1, runs: 4, maxWaitMs: 8000, requestTimeoutMs: 3000, timeLimitMs: 60_000 };

describe('id paging under jobtwin conform', () => {
  it('passes the twin, judging its pages and its window', { timeout: 120_000 }, async () => {
    const run = await conformOwnTwin(SPEC, [OVERLAY]);
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.judged.list_paging).toBeGreaterThan(0);
    expect(run.judged.list_window).toBeGreaterThan(0);
  });

  it('registers the paging targets in the catalogue, each on the fixture spec', () => {
    for (const t of PAGING_TARGETS) expect(BROKEN_TARGETS.find((b) => b.name === t.name)?.spec?.file).toBe(SPEC);
  });

  describe.each(PAGING_TARGETS)('$name', (target) => {
    let running: RunningBroken;
    let result: RunResult;
    beforeAll(async () => {
      running = await startBroken(target.name);
      result = await runConformance({ ...OPTIONS, spec: SPEC, overlays: [OVERLAY], target: running.target });
    }, 120_000);
    afterAll(() => running?.close());

    it('shows its deviation over real HTTP, where the twin behind it answers correctly', async () => {
      // a tenant of its own, so the run's jobs are not in the way
      const get = async (base: string, query: string) => {
        const res = await fetch(`${base}/batches${query}`, { headers: { authorization: 'Bearer tenant-hand' } });
        expect(res.status).toBe(200);
        return (await res.json()) as { data: Array<{ id: string; created_at: number }>; has_more: boolean; first_id: string | null };
      };
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${running.target}/batches`, {
          method: 'POST',
          headers: { authorization: 'Bearer tenant-hand', 'content-type': 'application/json' },
          body: JSON.stringify({ input_file_id: `file-${i}` }),
        });
        ids.push(((await res.json()) as { id: string }).id);
      }
      const [oldest, middle, newest] = ids;
      const both = async (query: string) => [await get(running.upstream, query), await get(running.target, query)];
      if (target.name === 'listbatch-after-skips-one') {
        const [twin, broken] = await both(`?limit=2&after=${newest}`);
        expect([twin.data[0].id, broken.data[0].id, broken.first_id]).toEqual([middle, oldest, oldest]);
      }
      if (target.name === 'listbatch-has-more-lies') {
        const [twin, broken] = await both('?limit=1');
        expect([twin.has_more, broken.has_more]).toEqual([true, false]);
      }
      if (target.name === 'listbatch-window-ignores-until') {
        const created = (await get(running.upstream, '')).data.find((b) => b.id === newest)!.created_at;
        const [twin, broken] = await both(`?created_before=${created}`);
        expect(twin.data.map((b) => b.id)).not.toContain(newest);
        expect(broken.data.map((b) => b.id)).toContain(newest);
      }
    });

    it(`trips ${target.catches.join(', ')}`, () => {
      const fired = new Set(result.failures.map((f) => f.check));
      const all = result.failures.map((f) => `${f.check}: ${f.message}`).join('\n');
      for (const check of target.catches) expect(fired.has(check), all).toBe(true);
      expect(result.exitCode).toBe(1);
    });
  });
});
