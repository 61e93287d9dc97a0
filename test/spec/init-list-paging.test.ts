// jobtwin init on lists paged by the last listed id: OpenAI's after/before/limit answering
// {object, data, first_id, last_id, has_more}, Stripe's starting_after/ending_before, and a creation
// window; an opaque cursor without has_more stays a cursor. Each draft loads, renders and serves.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftOverlay } from '../../src/init/draft.js';
import { readDocument } from '../../src/spec/read-document.js';
import { loadApis } from '../../src/spec/resolve.js';
import { checkRendering } from '../../src/mock/render-check.js';
import { createAjv } from '../../src/validation/ajv.js';
import { startTwin } from '../helpers/twin.js';

const VENDOR = join(import.meta.dirname, '../../fixtures/specs/vendor30/list-batch.openapi.yaml');

function listOf(draft: Awaited<ReturnType<typeof draftOverlay>>): Record<string, any> {
  return draft.overlay.actions.find((a: any) => a.update['x-jobtwin']?.role === 'list').update['x-jobtwin'];
}

/** The draft written beside the spec, loaded as a user would load it, and its templates rendered. */
async function loads(spec: string, yaml: string): Promise<string> {
  const overlay = spec.replace(/\.(json|ya?ml)$/, '.overlay.yaml');
  writeFileSync(overlay, yaml);
  const [api] = await loadApis({ specs: [spec], overlays: [overlay] });
  checkRendering(api, createAjv());
  return overlay;
}

/** A vendor's jobs API whose list takes `params` and answers `page` (with the jobs under `data`). */
function vendor(params: unknown[], page: Record<string, unknown>): Record<string, unknown> {
  const job = {
    type: 'object',
    required: ['id', 'status'],
    properties: { id: { type: 'string' }, status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] } },
  };
  const answer = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
  return {
    openapi: '3.1.0',
    info: { title: 'Exports', version: '1' },
    servers: [{ url: 'https://api.exports.example.test' }],
    paths: {
      '/exports': {
        post: { operationId: 'createExport', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: answer(job) },
        get: {
          operationId: 'listExports',
          description: 'Exports, newest first.',
          parameters: params,
          responses: answer({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: job }, ...page } }),
        },
      },
      '/exports/{id}': {
        get: { operationId: 'getExport', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: answer(job) },
      },
    },
  };
}

const q = (name: string, schema: unknown) => ({ name, in: 'query', schema });

describe('jobtwin init drafts id paging', () => {
  it("drafts OpenAI's after/before/limit with first_id, last_id, has_more and the creation window, and the draft serves pages", async () => {
    const draft = await draftOverlay(await readDocument(VENDOR), { file: VENDOR });
    const list = listOf(draft);
    expect(list.paging).toEqual({ style: 'id', limit: { param: 'limit', default: 20, max: 100 }, after: { param: 'after' }, before: { param: 'before' } });
    expect(list.since).toEqual({ param: 'created_after' });
    expect(list.until).toEqual({ param: 'created_before' });
    expect(list.body).toMatchObject({ data: '{{page.items}}', first_id: '{{page.firstId}}', last_id: '{{page.lastId}}', has_more: '{{page.hasMore}}' });
    expect(draft.yaml).toContain("after and before take a listed job's id, and the answer says has_more");

    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-paging-'));
    const spec = join(dir, 'list-batch.openapi.yaml');
    writeFileSync(spec, JSON.stringify(await readDocument(VENDOR)));
    const overlay = await loads(spec, draft.yaml);
    const t = await startTwin({ specs: [spec], overlays: [overlay] });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await t.call('POST', '/v1/batches', { body: { input_file_id: 'file-1' } })).body.id);
        t.advance(1000);
      }
      const first = await t.call('GET', '/v1/batches?limit=2');
      expect(first.body).toMatchObject({ first_id: ids[2], last_id: ids[1], has_more: true });
      const second = await t.call('GET', `/v1/batches?limit=2&after=${first.body.last_id}`);
      expect(second.body).toMatchObject({ first_id: ids[0], last_id: ids[0], has_more: false });
    } finally {
      await t.close();
    }
  });

  it("drafts Stripe's starting_after/ending_before when the page says has_more", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-paging-'));
    const spec = join(dir, 'exports.json');
    const params = [
      q('limit', { type: 'integer', default: 10, maximum: 100 }),
      q('starting_after', { type: 'string' }),
      q('ending_before', { type: 'string' }),
    ];
    writeFileSync(spec, JSON.stringify(vendor(params, { has_more: { type: 'boolean' } })));
    const draft = await draftOverlay(await readDocument(spec), { file: spec });
    const list = listOf(draft);
    expect(list.paging).toEqual({
      style: 'id',
      limit: { param: 'limit', default: 10, max: 100 },
      after: { param: 'starting_after' },
      before: { param: 'ending_before' },
    });
    expect(list.body).toMatchObject({ data: '{{page.items}}', has_more: '{{page.hasMore}}' });
    await loads(spec, draft.yaml);
  });

  it('keeps an opaque cursor where the answer says nothing of has_more or ids, and reads next/previous URLs and a date-time until', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-paging-'));
    const spec = join(dir, 'exports.json');
    const params = [
      q('limit', { type: 'integer', default: 10 }),
      q('offset', { type: 'integer' }),
      q('created_before', { type: 'string', format: 'date-time' }),
    ];
    const links = { next: { type: ['string', 'null'], format: 'uri' }, previous: { type: ['string', 'null'], format: 'uri' } };
    writeFileSync(spec, JSON.stringify(vendor(params, links)));
    const draft = await draftOverlay(await readDocument(spec), { file: spec });
    const list = listOf(draft);
    expect(list.paging).toMatchObject({ style: 'offset', offset: { param: 'offset' } });
    expect(list.until).toEqual({ param: 'created_before' });
    expect(list.body).toMatchObject({ next: '{{page.next}}', previous: '{{page.previous}}' });
    await loads(spec, draft.yaml);

    const opaque = join(dir, 'opaque.json');
    writeFileSync(
      opaque,
      JSON.stringify(vendor([q('limit', { type: 'integer', default: 10 }), q('after', { type: 'string' })], { next_cursor: { type: ['string', 'null'] } })),
    );
    const cursorDraft = await draftOverlay(await readDocument(opaque), { file: opaque });
    expect(listOf(cursorDraft).paging).toMatchObject({ style: 'cursor', cursor: { param: 'after' } });
  });
});
