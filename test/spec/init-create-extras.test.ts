// `jobtwin init` on the predictions fixture with its x-jobtwin taken out: the draft declares Prefer:
// wait, the status of an ended create and the webhook with its events, and the twin starts on it and
// posts webhooks as the hand-written declaration does.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { draftOverlay } from '../../src/init/draft.js';
import { readDocument } from '../../src/spec/read-document.js';
import { loadApis } from '../../src/spec/resolve.js';
import { startMock } from '../../src/index.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/specs/replicate/predictions.openapi.yaml');

function stripped(doc: Record<string, any>): Record<string, any> {
  const out = structuredClone(doc);
  delete out['x-jobtwin'];
  for (const item of Object.values<any>(out.paths)) for (const op of Object.values<any>(item)) if (op && typeof op === 'object') delete op['x-jobtwin'];
  return out;
}

describe('jobtwin init on a create with Prefer: wait, 201 and 202, and a webhook', () => {
  it('drafts wait, endedStatus and webhook, and the draft serves webhooks', async () => {
    const vendor = stripped(await readDocument(FIXTURE));
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-hooks-'));
    const spec = join(dir, 'predictions.openapi.yaml');
    writeFileSync(spec, yaml.dump(vendor, { lineWidth: -1 }));
    const draft = await draftOverlay(vendor, { file: spec });
    const create = (draft.overlay.actions as any[]).find((a) => a.update?.['x-jobtwin']?.role === 'create').update['x-jobtwin'];
    expect(create).toMatchObject({
      status: 202,
      endedStatus: 201,
      wait: { max: 60 },
      webhook: {
        url: 'webhook',
        filter: 'webhook_events_filter',
        events: { start: ['starting'], output: ['processing'], logs: ['processing'], completed: ['succeeded', 'failed', 'canceled'] },
      },
    });
    expect(draft.yaml).toMatch(/# DECIDE: the states whose entry sends each event webhook_events_filter names/);

    const overlay = join(dir, 'predictions.overlay.yaml');
    writeFileSync(overlay, draft.yaml);
    await loadApis({ specs: [spec], overlays: [overlay] });
    const twin = await startMock({ specs: [spec], overlays: [overlay], webhooks: 'record' });
    try {
      const created = await fetch(`${twin.url}/v1/predictions`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json', 'x-jobtwin-job': 'outcome=succeed; starting=1s; processing=1s' },
        body: JSON.stringify({ version: 'v1', input: {}, webhook: 'http://127.0.0.1:9/in', webhook_events_filter: ['start', 'completed'] }),
      });
      expect(created.status).toBe(202);
      twin.advance('5s');
      expect(twin.webhooks.entries().map((d) => [d.state, d.events])).toEqual([
        ['starting', ['start']],
        ['succeeded', ['completed']],
      ]);
    } finally {
      await twin.close();
    }
  });
});

describe('jobtwin init on a create that documents its callback (AssemblyAI)', () => {
  it('drafts the webhook from the callback: the URL field its expression reads, the states its status enum names, its body', async () => {
    const file = join(import.meta.dirname, '../../fixtures/vendors/assemblyai/openapi.yml');
    const draft = await draftOverlay(await readDocument(file), { file });
    const create = (draft.overlay.actions as any[]).find((a) => a.update?.['x-jobtwin']?.role === 'create').update['x-jobtwin'];
    // {$request.body#/webhook_url} → TranscriptReadyNotification {transcript_id, status: completed | error}
    expect(create.webhook).toEqual({
      url: 'webhook_url',
      events: { transcriptReadyWebhook: ['completed', 'error'] },
      body: { transcript_id: '{{job.id}}', status: '{{job.status}}' },
    });
  });
});
