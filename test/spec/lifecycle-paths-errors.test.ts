// Lifecycle paths, the cancel state, deadlines and data removal that do not hang together fail at
// load, each with the JSON pointer of the spot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadApi } from '../../src/spec/load.js';
import { loadFailure } from '../helpers/load-failure.js';

const FILE = join(import.meta.dirname, '../../fixtures/specs/batch-lifecycle.openapi.yaml');
const original = parseYaml(readFileSync(FILE, 'utf8'));

const failure = (mutate: (lc: any, ext: any) => void) => loadFailure(original, (doc) => mutate(doc['x-jobtwin'].lifecycle, doc['x-jobtwin']));

describe('lifecycle path errors name the spot', () => {
  it('accepts the fixture as it is', async () => {
    await expect(loadApi('my.yaml', structuredClone(original))).resolves.toMatchObject({ name: 'batches' });
  });

  it('wants paths to start at the initial state and end at their outcome', async () => {
    expect(await failure((lc) => (lc.paths.succeeded = ['in_progress', 'finalizing', 'completed']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/succeeded\/0: a path starts at lifecycle\.initial \("validating"\), not "in_progress"/,
    );
    expect(await failure((lc) => (lc.paths.succeeded = ['validating', 'in_progress', 'finalizing', 'failed']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/succeeded\/3: the path ends at lifecycle\.outcomes\.succeeded \("completed"\), not "failed"/,
    );
    expect(await failure((lc) => (lc.paths.rejected = ['validating', 'cancelling']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/rejected\/1: "cancelling" is not terminal/,
    );
    expect(await failure((lc) => (lc.paths.partial = ['validating', 'in_progress', 'completed']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/partial: lifecycle\.outcomes has no partial/,
    );
  });

  it('wants a cancel to do one thing: remove the job, remove its data, or move it', async () => {
    expect(
      await failure((lc) => {
        lc.cancel.removesData = { fields: ['result'] };
      }),
    ).toMatch(/#\/x-jobtwin\/lifecycle\/cancel: one of removes, removesData and to, not removesData and to/);
    expect(
      await failure((lc) => {
        lc.cancel.removesData = true;
        delete lc.cancel.to;
      }),
    ).toMatch(/#\/x-jobtwin\/lifecycle\/cancel\/via: a cancel that removes data moves the job nowhere/);
    expect(
      await failure((lc) => {
        delete lc.cancel.to;
        delete lc.cancel.via;
      }),
    ).toMatch(/#\/x-jobtwin\/lifecycle\/cancel: say `removes: true`, `removesData: true` or `to: <state>`/);
  });

  it('wants running once in a path that runs, and never in the rejected one', async () => {
    expect(await failure((lc) => (lc.paths.succeeded = ['validating', 'finalizing', 'completed']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/succeeded: "in_progress" must appear once \(it appears 0 times\)/,
    );
    expect(await failure((lc) => (lc.paths.rejected = ['validating', 'in_progress', 'failed']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/rejected: the rejected path never runs/,
    );
  });

  it('wants every step of a path to be a declared transition between known states', async () => {
    expect(await failure((lc) => (lc.transitions.in_progress = ['failed', 'cancelling', 'expired', 'aborted']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/succeeded\/2: "in_progress" → "finalizing" is not in lifecycle\.transitions \(paths\.succeeded\)/,
    );
    expect(await failure((lc) => (lc.paths.failed = ['validating', 'in_progress', 'wrapping_up', 'failed']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/paths\/failed\/2: "wrapping_up" is not in lifecycle\.states/,
    );
  });

  it('wants the cancel state to be entered and left by declared transitions', async () => {
    expect(await failure((lc) => (lc.transitions.cancelling = []))).toMatch(
      /#\/x-jobtwin\/lifecycle\/cancel\/via: "cancelling" → "cancelled" is not in lifecycle\.transitions/,
    );
    expect(await failure((lc) => (lc.transitions.finalizing = ['completed', 'failed', 'expired', 'aborted']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/cancel\/allowed\/2: "finalizing" → "cancelling" is not in lifecycle\.transitions/,
    );
    expect(await failure((lc) => (lc.cancel.via = 'cancelled'))).toMatch(/#\/x-jobtwin\/lifecycle\/cancel\/via: "cancelled" is terminal/);
    expect(await failure((lc) => (lc.cancel.unchanged = ['stopped']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/cancel\/unchanged\/0: "stopped" is not in lifecycle\.states/,
    );
  });

  it('wants deadline end states that exist, end, and are reachable where the job may be', async () => {
    expect(await failure((lc) => (lc.deadlines[0].to = 'timed_out'))).toMatch(
      /#\/x-jobtwin\/lifecycle\/deadlines\/0\/to: "timed_out" is not in lifecycle\.states/,
    );
    expect(await failure((lc) => (lc.deadlines[1].started = 'finalizing'))).toMatch(
      /#\/x-jobtwin\/lifecycle\/deadlines\/1\/started: "finalizing" is not terminal/,
    );
    expect(await failure((lc) => (lc.transitions.finalizing = ['completed', 'failed', 'cancelling', 'aborted']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/deadlines\/0\/to: "finalizing" → "expired" is not in lifecycle\.transitions \(the deadline passes after the job has started\)/,
    );
    expect(await failure((lc) => (lc.deadlines[0].after = 'a day'))).toMatch(/#\/x-jobtwin\/lifecycle\/deadlines\/0\/after/);
  });

  it('wants a reject rate only with a rejected path, and a dwell for every new state', async () => {
    expect(await failure((lc) => delete lc.paths.rejected)).toMatch(/#\/x-jobtwin\/simulation\/rejectRate: declare lifecycle\.paths\.rejected/);
    expect(await failure((_lc, ext) => delete ext.simulation.durations.finalizing)).toMatch(
      /#\/x-jobtwin\/simulation\/durations: give a \[min, max\] for "finalizing"/,
    );
    expect(await failure((_lc, ext) => delete ext.simulation.durations.cancelling)).toMatch(
      /#\/x-jobtwin\/simulation\/durations: give a \[min, max\] for "cancelling"/,
    );
  });

  it('points at a bad data removal', async () => {
    expect(await failure((lc) => (lc.dataRemoval = { after: '1h', fields: ['output'] }))).toMatch(/#\/x-jobtwin\/lifecycle\/dataRemoval\/fields\/0/);
  });
});
