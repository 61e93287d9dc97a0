// A vendor's prediction API (fixtures/specs/predictions: Replicate's shape) served from its own file
// plus an overlay: Cancel-After ends a prediction aborted before it starts and canceled after, a cancel
// of an ended prediction answers it unchanged, and inputs and outputs go an hour after it ends.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const DIR = join(import.meta.dirname, '../../fixtures/specs/predictions');
const SPEC = join(DIR, 'predictions.openapi.yaml');
const OVERLAY = join(DIR, 'predictions.overlay.yaml');

describe('a prediction API from its vendor file and an overlay', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC], overlays: [OVERLAY] });
  });
  afterAll(() => t.close());

  const create = async (job: string, headers: Record<string, string> = {}) => {
    const created = await t.call('POST', '/v1/predictions', {
      body: { version: 'v1', input: { prompt: 'a cat' } },
      headers: { 'x-jobtwin-job': job, ...headers },
    });
    expect(created.status, created.text).toBe(201);
    return created.body as Record<string, any>;
  };
  const read = async (id: string) => (await t.call('GET', `/v1/predictions/${id}`)).body as Record<string, any>;

  it('aborts a prediction whose Cancel-After passes before it starts', async () => {
    const { id } = await create('starting=1m', { 'Cancel-After': '5s' });
    t.advance('5s');
    expect(await read(id)).toMatchObject({ status: 'aborted', started_at: null, completed_at: expect.any(String) });
  });

  it('cancels one whose Cancel-After passes while it runs', async () => {
    const { id } = await create('outcome=succeed; starting=1s; processing=1h', { 'Cancel-After': '90' });
    t.advance('89s');
    expect((await read(id)).status).toBe('processing');
    t.advance('1s');
    expect(await read(id)).toMatchObject({ status: 'canceled', started_at: expect.any(String), output: null });
  });

  it('reads the deadline of a job the control interface creates from its headers, as the create does', async () => {
    const made = await t.control('POST', '/jobs', { api: 'predictions', tenant: 'tenant-a', outcome: 'never', headers: { 'cancel-after': '45s' } });
    expect(made.status, made.text).toBe(201);
    t.advance('44s');
    expect((await read(made.body.id)).status).not.toMatch(/^(aborted|canceled)$/);
    t.advance('1s');
    expect((await read(made.body.id)).status).toMatch(/^(aborted|canceled)$/);
    // a value the create would refuse is refused, and headers must be strings
    const bad = await t.control('POST', '/jobs', { api: 'predictions', tenant: 'tenant-a', headers: { 'Cancel-After': 'soon' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Cancel-After/);
    const odd = await t.control('POST', '/jobs', { api: 'predictions', tenant: 'tenant-a', headers: { 'Cancel-After': 45 } });
    expect(odd.status).toBe(400);
    expect(odd.body.error.message).toMatch(/"headers" must be an object of strings/);
  });

  it('keeps the deadline over a move made through the control interface', async () => {
    const { id } = await create('outcome=succeed; starting=1h', { 'Cancel-After': '30s' });
    t.advance('28s');
    // the move re-draws the run (2–10 s): it would end after the deadline but for the cut
    const moved = await t.control('POST', `/jobs/predictions/${id}/transition`, { to: 'processing' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.timeline.map((s: { state: string }) => s.state)).toEqual(['starting', 'processing', 'canceled']);
    t.advance('1999ms');
    expect((await read(id)).status).toBe('processing');
    t.advance(1);
    expect((await read(id)).status).toBe('canceled');
  });

  it('answers a cancel of an ended prediction with it as it is', async () => {
    const { id } = await create('outcome=succeed; starting=1s; processing=2s');
    t.advance('3s');
    const done = await read(id);
    expect(done.status).toBe('succeeded');
    const again = await t.call('POST', `/v1/predictions/${id}/cancel`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done);
  });

  it('removes the input and the output an hour after the prediction ends, and keeps the record', async () => {
    const { id } = await create('outcome=succeed; starting=1s; processing=2s');
    t.advance('3s');
    const done = await read(id);
    expect(done).toMatchObject({ input: { prompt: 'a cat' }, output: { image: expect.any(String) }, data_removed: false });
    t.advance('1h');
    expect(await read(id)).toEqual({ ...done, input: null, output: null, data_removed: true });
  });

  it('passes its own conformance suite, the deadline included', async () => {
    const run = await conformOwnTwin(SPEC, [OVERLAY]);
    expect(run.failures).toBe('');
    expect(run.judged.deadline).toBe(1);
    expect(run.judged.cancel_semantics).toBeGreaterThan(0);
  }, 120_000);
});
