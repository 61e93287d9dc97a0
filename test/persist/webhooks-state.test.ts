// Pending webhook deliveries are kept in the state file: a twin stopped while a delivery waits for its
// retry sends it, and the job's later events, once restarted and its clock moved. A twin without
// webhooks writes the header as before, and a header without them loads.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin } from '../helpers/twin.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const SPEC = join(import.meta.dirname, '../../fixtures/specs/replicate/predictions.openapi.yaml');
const TINY = join(import.meta.dirname, '../../fixtures/specs/tiny.openapi.yaml');

const headerOf = (file: string) => JSON.parse(readFileSync(file, 'utf8').split('\n')[0]);

describe('state file: pending webhook deliveries', () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(() => rx.close());

  it('survive a restart and go out, in order, when the restored clock moves', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jobtwin-hooks-')), 'twin.state');
    rx.script(500);
    const first = await startTwin({ specs: [SPEC], stateFile: file });
    const created = await first.call('POST', '/v1/predictions', {
      body: { version: 'v1', input: {}, webhook: rx.url },
      headers: { 'x-jobtwin-job': 'outcome=succeed; starting=1s; processing=3s' },
    });
    await rx.count(1);
    await first.webhooks.settled();
    expect(first.webhooks.pending()).toHaveLength(1);
    await first.close();
    const saved = headerOf(file).twin.parts.webhooks;
    expect(saved.pending).toHaveLength(1);
    expect(saved.pending[0].slice(0, 5)).toEqual(['replicate', created.body.id, rx.url, ['start'], 'starting']);

    const second = await startTwin({ specs: [SPEC], stateFile: file });
    try {
      expect(second.webhooks.pending()).toMatchObject([{ jobId: created.body.id, state: 'starting', attempts: 1 }]);
      await second.control('POST', '/clock/advance', { by: '10s' });
      await rx.count(4);
      expect(rx.received.map((r) => [r.body.status, r.answered])).toEqual([
        ['starting', 500],
        ['starting', 200],
        ['processing', 200],
        ['succeeded', 200],
      ]);
      await second.webhooks.settled();
    } finally {
      await second.close();
    }
    expect(headerOf(file).twin.parts.webhooks.pending).toEqual([]);
  });

  it("send a restored job's later events as the restored clock moves, and not its earlier ones again", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jobtwin-hooks-')), 'twin.state');
    const start = rx.received.length;
    const first = await startTwin({ specs: [SPEC], stateFile: file });
    const created = await first.call('POST', '/v1/predictions', {
      body: { version: 'v1', input: {}, webhook: rx.url, webhook_events_filter: ['start', 'completed'] },
      headers: { 'x-jobtwin-job': 'outcome=succeed; starting=1s; processing=1s' },
    });
    await rx.count(start + 1);
    await first.webhooks.settled();
    await first.close();
    const second = await startTwin({ specs: [SPEC], stateFile: file });
    try {
      await second.control('POST', '/clock/advance', { by: '5s' });
      const all = await rx.count(start + 2);
      await second.webhooks.settled();
      expect(rx.received.slice(start).map((r) => [r.body.id, r.body.status])).toEqual([
        [created.body.id, 'starting'],
        [created.body.id, 'succeeded'],
      ]);
      expect(all).toHaveLength(start + 2);
    } finally {
      await second.close();
    }
  });

  it('are absent from the header of a twin without webhooks, which loads as before', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jobtwin-hooks-')), 'twin.state');
    const first = await startTwin({ specs: [TINY], stateFile: file });
    await first.call('POST', '/jobs', { body: { name: 'a' } });
    await first.close();
    expect(headerOf(file).twin.parts).toBeUndefined();
    const second = await startTwin({ specs: [TINY], stateFile: file });
    expect(second.twin.jobCount).toBe(1);
    await second.close();
  });
});
