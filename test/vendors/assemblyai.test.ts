// AssemblyAI's transcripts from AssemblyAI's own document (fixtures/vendors/assemblyai/openapi.yml,
// unchanged) and the overlay beside it: a transcript goes queued → processing → completed (or error)
// as the clock moves, its text arriving on completion; DELETE removes its text, the transcript kept; the list pages newest
// first by before_id; errors come in AssemblyAI's {error} envelope; the ready webhook carries the auth
// header the request names; jobtwin conform --strict passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, T0, type Harness } from '../helpers/twin.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';
import { startReceiver } from '../helpers/webhook-receiver.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SPEC = 'fixtures/vendors/assemblyai/openapi.yml';
const OVERLAY = 'fixtures/vendors/assemblyai/assemblyai.overlay.yaml';
const AUDIO = 'https://assembly.ai/wildfires.mp3';
// audio_url and speech_models are what the document requires
const BODY = { audio_url: AUDIO, speech_models: ['universal'] };

describe('AssemblyAI transcripts, from the published document', () => {
  let t: Harness;
  // the key as it is in Authorization, as AssemblyAI's ApiKey scheme says (no Bearer)
  const call = (method: string, path: string, o: { key?: string | null; body?: unknown; unchecked?: boolean } = {}) =>
    t.call(method, path, { ...o, token: null, headers: o.key === null ? {} : { authorization: o.key ?? 'key-a' } });
  /** a transcript of key-a's that succeeds after these dwell times (ms) */
  const succeeding = (durations: Record<string, number>) =>
    t.control('POST', '/jobs', { api: 'assemblyai', tenant: 'key-a', outcome: 'succeed', durations, input: BODY });
  beforeAll(async () => {
    t = await startTwin({ specs: [SPEC], overlays: [OVERLAY], webhooks: 'record' });
  });
  afterAll(() => t.close());

  it('takes a request the document describes with allOf (audio_url and options together)', async () => {
    const created = await call('POST', '/v2/transcript', { body: { ...BODY, punctuate: true, language_detection: true } });
    expect(created.status, created.text).toBe(200);
    expect(created.body).toMatchObject({ status: 'queued', audio_url: AUDIO, text: null });
    const stray = await call('POST', '/v2/transcript', { body: { ...BODY, no_such_option: true } });
    expect(stray.status).toBe(400);
    expect(stray.body).toEqual({ error: expect.stringMatching(/no_such_option/) });
  });

  it('walks a transcript from queued through processing to completed', async () => {
    const created = await succeeding({ queued: 2000, processing: 30_000 });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const read = async () => (await call('GET', `/v2/transcript/${id}`)).body;

    const queued = await read();
    expect(queued).toMatchObject({ id, status: 'queued', audio_url: AUDIO, text: null, confidence: null, audio_duration: null, language_confidence: null });
    expect(queued.error).toBeUndefined();
    t.advance(2000);
    expect(await read()).toMatchObject({ status: 'processing', text: null });
    t.advance(30_000);
    const done = await read();
    expect(done).toMatchObject({ status: 'completed', confidence: 0.93, language_confidence: 0.98 });
    expect(done.text).toMatch(/^\w+( \w+){11}$/);
    expect(done.audio_duration).toBeGreaterThanOrEqual(5);
    t.advance('1h');
    expect(await read()).toEqual(done);

    const listed = (await call('GET', '/v2/transcript?status=completed')).body.transcripts.find((x: { id: string }) => x.id === id);
    expect(listed).toEqual({
      id,
      resource_url: `${t.url}/v2/transcript/${id}`,
      status: 'completed',
      created: new Date(T0).toISOString().slice(0, -1),
      completed: new Date(T0 + 32_000).toISOString().slice(0, -1),
      audio_url: AUDIO,
      error: null,
    });
  });

  it('ends a failed transcript in error, with its reason', async () => {
    const failed = await t.control('POST', '/jobs', {
      api: 'assemblyai',
      tenant: 'key-a',
      outcome: 'fail',
      durations: { queued: 500, processing: 1000 },
      input: BODY,
    });
    t.advance(1500);
    const body = (await call('GET', `/v2/transcript/${failed.body.id}`)).body;
    expect(body).toMatchObject({ status: 'error', text: null, error: expect.stringMatching(/^Download error/) });
  });

  it('serves its document at /__jobtwin/specs as the twin follows it: the overlay applied, the other operations left out', async () => {
    const list = (await t.control('GET', '/specs')).body;
    expect(list.specs).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'assemblyai', file: 'openapi.yml', overlays: ['assemblyai.overlay.yaml'] })]),
    );
    const doc = (await t.control('GET', '/specs/assemblyai')).body;
    expect(doc['x-jobtwin'].name).toBe('assemblyai');
    expect(Object.keys(doc.paths).sort()).toEqual(['/v2/transcript', '/v2/transcript/{transcript_id}']);
    const text = (await t.control('GET', '/specs/assemblyai.yaml')).text;
    expect(text).toContain('x-jobtwin:');
  });

  it('reads the key sent as it is in Authorization: each key sees its own transcripts', async () => {
    const mine = await call('POST', '/v2/transcript', { key: 'key-mine', body: BODY });
    expect(mine.status).toBe(200);
    expect((await call('GET', `/v2/transcript/${mine.body.id}`, { key: 'key-mine' })).status).toBe(200);
    expect((await call('GET', `/v2/transcript/${mine.body.id}`, { key: 'key-theirs' })).status).toBe(404);
  });

  it('deletes a transcript: its data goes, the transcript stays readable in its state', async () => {
    const created = await succeeding({ queued: 0, processing: 0 });
    const id = created.body.id as string;
    const done = (await call('GET', `/v2/transcript/${id}`)).body;
    expect(done).toMatchObject({ status: 'completed', audio_url: AUDIO });
    expect(typeof done.text).toBe('string');
    const deleted = await call('DELETE', `/v2/transcript/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id, status: 'completed', text: null, confidence: null, audio_duration: null, audio_url: AUDIO });
    const after = await call('GET', `/v2/transcript/${id}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(deleted.body);
    // and a second delete answers it as it is
    expect((await call('DELETE', `/v2/transcript/${id}`)).body).toEqual(deleted.body);
    // the control interface shows it too
    expect((await t.control('GET', `/jobs/assemblyai/${id}`)).body).toMatchObject({
      status: 'completed',
      dataRemoved: true,
      result: null,
      webhookStatus: null,
    });
  });

  it('answers errors in the {error} envelope: an unknown transcript, a bad body, no key', async () => {
    const unknown = await call('GET', '/v2/transcript/1b5a2f6e-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'Transcript not found' });
    const bad = await call('POST', '/v2/transcript', { body: { ...BODY, punctuate: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/punctuate/);
    const broken = await call('POST', '/v2/transcript', { body: '{"audio_url": ' });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: expect.stringMatching(/JSON/) });
    const elsewhere = await call('POST', '/v2/upload', { unchecked: true });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toEqual({ error: 'Not found' });
    const notAKey = await call('GET', '/v2/transcript', { key: 'not a key' });
    expect(notAKey.status).toBe(401);
    const anonymous = await call('GET', '/v2/transcript', { key: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: expect.any(String) });
  });

  it('lists newest first, a page at a time, before_id=<the last id seen>', async () => {
    const tenant = 'pager';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await call('POST', '/v2/transcript', { key: tenant, body: BODY })).body.id);
      t.advance(1000);
    }
    const seen: string[] = [];
    let query = '?limit=2';
    for (;;) {
      const page = await call('GET', `/v2/transcript${query}`, { key: tenant });
      expect(page.status).toBe(200);
      expect(page.body.page_details).toMatchObject({ limit: 2, result_count: page.body.transcripts.length });
      const got = page.body.transcripts.map((x: { id: string }) => x.id);
      seen.push(...got);
      // the previous URL points to the older transcripts: the ones after the last listed
      if (got.length === 2) {
        expect(page.body.page_details.prev_url).toMatch(new RegExp(`^${t.url}/v2/transcript\\?`));
        expect(page.body.page_details.prev_url).toContain(`before_id=${got.at(-1)}`);
      }
      if (got.length < 2) break;
      query = `?limit=2&before_id=${got.at(-1)}`;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  // last: it moves the shared twin's clock
  it("posts the create's transcriptReadyWebhook to webhook_url once the transcript is ready, and only then", async () => {
    const created = await call('POST', '/v2/transcript', { body: { ...BODY, webhook_url: 'http://127.0.0.1:9/aai' } });
    expect(created.status, created.text).toBe(200);
    const id = created.body.id as string;
    const deliveries = async () => (await t.control('GET', `/webhooks?job=${id}`)).body.deliveries as any[];
    expect(await deliveries()).toEqual([]);
    await t.control('POST', '/clock/advance', { by: '10m' });
    const [ready, ...more] = await deliveries();
    expect(more).toEqual([]);
    expect(ready.url).toBe('http://127.0.0.1:9/aai');
    expect(ready.events).toEqual(['transcript_ready']);
    // TranscriptReadyNotification: {transcript_id, status}, nothing else
    expect(ready.body).toEqual({ transcript_id: id, status: ready.state });
    expect(['completed', 'error']).toContain(ready.state);
    expect(ready.headers).toBeUndefined();
    // recorded, not sent: no receiver answered
    expect((await call('GET', `/v2/transcript/${id}`)).body).toMatchObject({
      webhook_url: 'http://127.0.0.1:9/aai',
      webhook_auth: false,
      webhook_status_code: null,
    });
  });

  it('sends back the auth header the request names with each webhook, and says so in webhook_auth', async () => {
    const auth = { webhook_auth_header_name: 'X-Hook-Secret', webhook_auth_header_value: 's3cret value' };
    const created = await call('POST', '/v2/transcript', { body: { ...BODY, webhook_url: 'http://127.0.0.1:9/aai', ...auth } });
    expect(created.status, created.text).toBe(200);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ webhook_auth: true, webhook_auth_header_name: 'X-Hook-Secret' });
    // the value is the receiver's secret: the transcript never shows it
    expect(JSON.stringify(created.body)).not.toContain('s3cret');
    await t.control('POST', '/clock/advance', { by: '10m' });
    const [ready] = (await t.control('GET', `/webhooks?job=${id}`)).body.deliveries as any[];
    expect(ready.headers).toEqual({ 'x-hook-secret': 's3cret value' });

    // a name that is no header name, or a value that would split the request, is not sent
    for (const bad of [
      { webhook_auth_header_name: 'X Hook', webhook_auth_header_value: 'v' },
      { webhook_auth_header_name: 'X-Hook', webhook_auth_header_value: 'v\r\nX-Injected: 1' },
      { webhook_auth_header_name: 'Content-Length', webhook_auth_header_value: '1' },
    ]) {
      const other = await call('POST', '/v2/transcript', { body: { ...BODY, webhook_url: 'http://127.0.0.1:9/aai', ...bad } });
      expect(other.status, other.text).toBe(200);
      await t.control('POST', '/clock/advance', { by: '10m' });
      const [sent] = (await t.control('GET', `/webhooks?job=${other.body.id}`)).body.deliveries as any[];
      expect(sent.headers).toBeUndefined();
    }
  });
});

describe('AssemblyAI webhooks sent over HTTP', () => {
  it('carry the auth header to the receiver, also when a retry waits across a restart', async () => {
    const rx = await startReceiver();
    const file = join(mkdtempSync(join(tmpdir(), 'jobtwin-aai-')), 'twin.state');
    let first: Harness | undefined;
    let second: Harness | undefined;
    try {
      rx.script(503);
      first = await startTwin({ specs: [SPEC], overlays: [OVERLAY], stateFile: file });
      const auth = { webhook_auth_header_name: 'X-Hook-Secret', webhook_auth_header_value: 'abc123' };
      const created = await first.call('POST', '/v2/transcript', {
        token: null,
        headers: { authorization: 'key-a', 'x-jobtwin-job': 'outcome=succeed; queued=1s; processing=2s' },
        body: { ...BODY, webhook_url: `${rx.url}/aai`, ...auth },
      });
      expect(created.status, created.text).toBe(200);
      await first.control('POST', '/clock/advance', { by: '3s' });
      const [refused] = await rx.count(1);
      await first.webhooks.settled();
      const statusCode = async (h: Harness) =>
        (await h.call('GET', `/v2/transcript/${created.body.id}`, { token: null, headers: { authorization: 'key-a' } })).body.webhook_status_code;
      expect(await statusCode(first)).toBe(503);
      await first.close();
      first = undefined;
      second = await startTwin({ specs: [SPEC], overlays: [OVERLAY], stateFile: file });
      // kept in the state file
      expect(await statusCode(second)).toBe(503);
      await second.control('POST', '/clock/advance', { by: '10s' });
      const [, retried] = await rx.count(2);
      for (const r of [refused, retried]) {
        expect(r.headers['x-hook-secret']).toBe('abc123');
        expect(r.body).toEqual({ transcript_id: created.body.id, status: 'completed' });
      }
      expect([refused.answered, retried.answered]).toEqual([503, 200]);
      // the transcript tells the receiver's last answer
      await second.webhooks.settled();
      expect(await statusCode(second)).toBe(200);
    } finally {
      await first?.close();
      await second?.close();
      await rx.close();
    }
  });
});

describe('jobtwin conform against the AssemblyAI twin', () => {
  it('passes with --strict', async () => {
    const run = await conformOwnTwin(SPEC, [OVERLAY], { strict: true });
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.judged.response_schema_conformance).toBeGreaterThan(0);
  }, 120_000);
});
