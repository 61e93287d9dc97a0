// lifecycle_timestamps on a spec whose status template binds times through `|unix` (seconds) and
// job.enteredAt.<running> (the start of the latest attempt): the suite reads them as seconds.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lifecycleTimestamps } from '../../../conformance/checks/lifecycle-timestamps.js';
import { layoutOf, readObservation } from '../../../conformance/model/observation.js';
import { compileTemplate } from '../../../src/template/compile.js';
import { answer, contextOf, job, keys, loadSpec } from './fixture.js';

const SPEC = join(import.meta.dirname, '../../../fixtures/specs/vendor30/unix-batch.openapi.yaml');
const batch = await loadSpec(SPEC);
const T = 1_767_225_600; // 2026-01-01T00:00:00Z in seconds

const body = (status: string, times: Record<string, number | null>) => ({
  id: 'batch_1',
  object: 'batch',
  status,
  created_at: T,
  in_progress_at: null,
  completed_at: null,
  expires_at: T + 86_400,
  ...times,
});

/** The check's keys on the last of a job's status reads of the unix batch API. */
function onLast(...bodies: Array<Record<string, unknown>>): string[] | undefined {
  const trace = job('batch_1');
  const layout = layoutOf(batch.byRole.status?.body, batch.ext.lifecycle.running);
  let last: { exchange: ReturnType<typeof answer>; observation: ReturnType<typeof readObservation> } | undefined;
  for (const b of bodies) {
    const exchange = answer(200, b);
    const observation = readObservation(layout, b, { at: exchange.at, seq: exchange.seq, httpStatus: 200 });
    trace.observations.push(observation);
    trace.exchanges.push(exchange);
    last = { exchange, observation };
  }
  return keys(lifecycleTimestamps, contextOf(batch, 'retrieveBatch', { kind: 'status', job: trace, observation: last!.observation }), last!.exchange);
}

describe('lifecycle_timestamps on unix seconds', () => {
  it('reads |unix fields as seconds and job.enteredAt.<running> as the start', () => {
    const layout = layoutOf(batch.byRole.status?.body, batch.ext.lifecycle.running);
    expect(layout.createdAt).toMatchObject({ pointer: '/created_at', format: 'unix' });
    expect(layout.startedAt).toMatchObject({ pointer: '/in_progress_at', format: 'unix' });
    // expires_at is created + 24 h, another time: not read as a job fact
    expect(Object.values(layout).map((spot) => ('pointer' in spot ? spot.pointer : undefined))).not.toContain('/expires_at');
    const obs = readObservation(layout, body('in_progress', { in_progress_at: T + 2 }), { at: 0, seq: 0, httpStatus: 200 });
    expect(obs.times).toEqual({ createdAt: T * 1000, startedAt: (T + 2) * 1000 });
  });

  it('passes seconds in order', () => {
    expect(
      onLast(body('validating', {}), body('in_progress', { in_progress_at: T + 1 }), body('completed', { in_progress_at: T + 1, completed_at: T + 9 })),
    ).toEqual([]);
  });

  it('fails milliseconds where seconds are declared, and seconds out of order', () => {
    expect(onLast(body('validating', { created_at: T * 1000 }))).toEqual(['unreadable']);
    expect(onLast(body('in_progress', { created_at: T + 5, in_progress_at: T + 1 }))).toEqual(['createdAt>startedAt']);
    expect(onLast(body('in_progress', { in_progress_at: null }))).toEqual(['no start in in_progress']);
  });

  it('judges a mix of seconds and ISO times on one scale', () => {
    // started through |unix, created as ISO: read as ms, the start (in seconds) would be 1970, before the creation
    const template = compileTemplate({ status: '{{job.status}}', created: '{{job.createdAt|iso}}', started: '{{job.startedAt|unix}}' });
    const obs = readObservation(
      layoutOf(template),
      { status: 'in_progress', created: '2026-01-01T00:00:00.000Z', started: T + 3 },
      { at: 0, seq: 0, httpStatus: 200 },
    );
    expect(obs.times).toEqual({ createdAt: T * 1000, startedAt: (T + 3) * 1000 });
    expect(obs.problems).toEqual([]);
  });
});
