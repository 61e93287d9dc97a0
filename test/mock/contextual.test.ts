import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startTwin, T0, type Answer, type Harness } from '../helpers/twin.js';
import { Router, mountsFor } from '../../src/mock/router.js';
import { ResponseValidator } from '../../src/validation/response.js';
import { createAjv } from '../../src/validation/ajv.js';

const SPEC = parseYaml(readFileSync(new URL('../../specs/contextual.openapi.yaml', import.meta.url), 'utf8'));
const TRANSITIONS: Record<string, string[]> = SPEC['x-jobtwin'].lifecycle.transitions;
const BODY_LIMIT: number = SPEC['x-jobtwin'].limits.bodyBytes;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNKNOWN = '0f5a2c7e-9b14-4d83-a6e0-5c1d8b3f2a97';
const PDF = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

function parseForm(fileName = 'attention-is-all-you-need.pdf', extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.append('raw_file', new Blob([PDF], { type: 'application/pdf' }), fileName);
  form.append('parse_mode', 'standard');
  form.append('enable_document_hierarchy', 'true');
  form.append('max_split_table_cells', '100');
  form.append('figure_caption_mode', 'concise');
  form.append('page_range', '0-2,5');
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
}

/** a 422 HTTPValidationError whose details, pydantic 2 items ({type, loc, msg, input} and maybe ctx), name `loc` */
function expect422(res: Answer, loc?: (string | number)[]): void {
  expect(res.status, res.text).toBe(422);
  expect(res.body).toEqual({ detail: expect.any(Array) });
  expect(res.body.detail.length).toBeGreaterThan(0);
  for (const d of res.body.detail) {
    expect(d).toMatchObject({ type: expect.any(String), loc: expect.any(Array), msg: expect.any(String) });
    expect(d, 'input').toHaveProperty('input');
    expect(Object.keys(d).filter((k) => !['type', 'loc', 'msg', 'input', 'ctx'].includes(k))).toEqual([]);
  }
  if (loc) expect(res.body.detail.map((d: any) => d.loc)).toContainEqual(loc);
}

describe('contextual (alone, at /v1)', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ apis: ['contextual'] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.control('POST', '/reset', { seed: 7 });
  });

  const create = async (plan?: string, options: { token?: string; fileName?: string } = {}) => {
    const res = await t.call('POST', '/v1/parse', {
      form: parseForm(options.fileName),
      token: options.token,
      headers: plan ? { 'x-jobtwin-job': plan } : {},
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ job_id: expect.stringMatching(UUID) });
    return res.body.job_id as string;
  };
  const status = (id: string, token?: string) => t.call('GET', `/v1/parse/jobs/${id}/status`, { token });
  const results = (id: string, query = '', token?: string) => t.call('GET', `/v1/parse/jobs/${id}/results${query}`, { token });
  const list = (query = '', token?: string) => t.call('GET', `/v1/parse/jobs${query}`, { token });
  const detail = async (id: string) => {
    const res = await t.control('GET', `/jobs/contextual/${id}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  /** polls every second of virtual time and keeps each distinct state once, in order */
  const walk = async (id: string, until: string[], maxSeconds = 120) => {
    const seen: string[] = [];
    for (let i = 0; i < maxSeconds; i++) {
      const res = await status(id);
      expect(res.status).toBe(200);
      if (seen[seen.length - 1] !== res.body.status) seen.push(res.body.status);
      if (until.includes(res.body.status)) break;
      t.advance(1000);
    }
    return seen;
  };

  describe('POST /v1/parse', () => {
    it('creates a pending job from a multipart upload and keeps the uploaded fields', async () => {
      const start = t.clock.now();
      const id = await create('queue=1s; run=5s', { fileName: 'q3-board-deck.pptx' });
      const res = await status(id);
      expect(res.body).toEqual({ status: 'pending', file_name: 'q3-board-deck.pptx' });
      const job = await detail(id);
      expect(job).toMatchObject({ api: 'contextual', id, tenant: 'tenant-a', status: 'pending', attempts: 0, createdAt: new Date(start).toISOString() });
      expect(job.input).toEqual({
        raw_file: { filename: 'q3-board-deck.pptx', contentType: 'application/pdf', size: Buffer.byteLength(PDF) },
        parse_mode: 'standard',
        enable_document_hierarchy: true,
        max_split_table_cells: 100,
        figure_caption_mode: 'concise',
        page_range: '0-2,5',
      });
    });

    it('accepts raw_file alone (every other field is optional)', async () => {
      const form = new FormData();
      form.append('raw_file', new Blob([PDF]), 'only-file.pdf');
      const res = await t.call('POST', '/v1/parse', { form });
      expect(res.status, res.text).toBe(200);
      expect((await status(res.body.job_id)).body).toEqual({ status: 'pending', file_name: 'only-file.pdf' });
    });

    it('keeps a non-ASCII file name as uploaded', async () => {
      const name = 'Résumé – 年度報告 2024.pdf';
      const id = await create(undefined, { fileName: name });
      expect((await status(id)).body).toEqual({ status: 'pending', file_name: name });
      expect((await list()).body.jobs[0]).toEqual({ id, status: 'pending', file_name: name });
    });

    it('rejects a malformed X-Jobtwin-Job directive with 422', async () => {
      const res = await t.call('POST', '/v1/parse', { form: parseForm(), headers: { 'x-jobtwin-job': 'outcome=maybe' } });
      expect422(res);
      expect(res.body.detail[0].msg).toMatch(/outcome/);
    });
  });

  describe('lifecycle', () => {
    it('goes pending → processing → completed, with file_name all along', async () => {
      const start = t.clock.now();
      const id = await create('outcome=succeed; queue=1s; run=5s');
      expect((await status(id)).body).toEqual({ status: 'pending', file_name: 'attention-is-all-you-need.pdf' });
      t.advance(1000);
      expect((await status(id)).body).toEqual({ status: 'processing', file_name: 'attention-is-all-you-need.pdf' });
      t.advance(4999);
      expect((await status(id)).body.status).toBe('processing');
      t.advance(1);
      expect((await status(id)).body).toEqual({ status: 'completed', file_name: 'attention-is-all-you-need.pdf' });
      const job = await detail(id);
      expect(job).toMatchObject({ attempts: 1, startedAt: new Date(start + 1000).toISOString(), finishedAt: new Date(start + 6000).toISOString() });
    });

    it('retries a failed attempt: processing → retrying → processing → completed', async () => {
      const start = t.clock.now();
      const id = await create('failures=1; queue=1s; run=5s; backoff=1s');
      expect(await walk(id, ['completed', 'failed'])).toEqual(['pending', 'processing', 'retrying', 'processing', 'completed']);
      const job = await detail(id);
      expect(job.attempts).toBe(2);
      expect(job.finishedAt).toBe(new Date(start + 12_000).toISOString());
      expect(job.timeline.map((s: any) => s.state)).toEqual(['pending', 'processing', 'retrying', 'processing', 'completed']);
    });

    it('fails for good after 3 attempts, through declared transitions only', async () => {
      const id = await create('outcome=fail; queue=1s; run=2s; backoff=1s');
      expect(await walk(id, ['completed', 'failed'])).toEqual(['pending', 'processing', 'retrying', 'processing', 'retrying', 'processing', 'failed']);
      expect((await status(id)).body).toEqual({ status: 'failed', file_name: 'attention-is-all-you-need.pdf' });
      const job = await detail(id);
      expect(job.attempts).toBe(3);
      expect(job.maxAttempts).toBe(3);
      expect(job.status).toBe('failed');
      expect(job.error).toEqual(expect.any(String));
      expect(job.result).toBeNull();
      const states: string[] = job.timeline.map((s: any) => s.state);
      expect(states[0]).toBe('pending');
      expect(states[states.length - 1]).toBe('failed');
      for (let i = 1; i < states.length; i++) {
        expect(TRANSITIONS[states[i - 1]] ?? [], `${states[i - 1]} → ${states[i]}`).toContain(states[i]);
      }
      expect(job.timeline.every((s: any) => s.reached)).toBe(true);
      // each failed attempt carries a reason; times never go backwards
      expect(job.timeline.filter((s: any) => s.failure).length).toBe(3);
      const times = job.timeline.map((s: any) => Date.parse(s.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      // a failed job has no content
      expect((await results(id)).body).toEqual({ file_name: 'attention-is-all-you-need.pdf', status: 'failed' });
    });

    it('never ends with outcome=never', async () => {
      const id = await create('outcome=never; queue=1s');
      t.advance('10d');
      expect((await status(id)).body.status).toBe('processing');
    });
  });

  describe('results', () => {
    it('holds only file_name and status before completion', async () => {
      const id = await create('outcome=succeed; queue=1s; run=5s');
      expect((await results(id)).body).toEqual({ file_name: 'attention-is-all-you-need.pdf', status: 'pending' });
      t.advance(2000);
      expect((await results(id, '?output_types=markdown-document&output_types=markdown-per-page&output_types=blocks-per-page')).body).toEqual({
        file_name: 'attention-is-all-you-need.pdf',
        status: 'processing',
      });
    });

    it('by default gives markdown_document and document_metadata, no pages', async () => {
      const id = await create('outcome=succeed; queue=1s; run=5s');
      t.advance(6000);
      const res = await results(id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        file_name: 'attention-is-all-you-need.pdf',
        status: 'completed',
        document_metadata: expect.any(Object),
        markdown_document: expect.stringContaining('# attention-is-all-you-need.pdf'),
      });
      expect(res.body.pages).toBeUndefined();
      expect(res.body.document_metadata.hierarchy.table_of_contents).toContain('attention-is-all-you-need.pdf');
      // the same default when asked explicitly
      expect((await results(id, '?output_types=markdown-document')).body).toEqual(res.body);
    });

    it('gives pages (each with its index and markdown) for markdown-per-page, and no markdown_document', async () => {
      const id = await create('outcome=succeed; queue=0s; run=1s');
      t.advance(1000);
      const res = await results(id, '?output_types=markdown-per-page');
      expect(res.status).toBe(200);
      expect(res.body.markdown_document).toBeUndefined();
      expect(res.body.document_metadata).toEqual(expect.any(Object));
      expect(res.body.pages).toEqual(expect.any(Array));
      expect(res.body.pages.length).toBeGreaterThan(0);
      res.body.pages.forEach((page: any, i: number) => {
        expect(page.index).toBe(i);
        expect(page.markdown).toEqual(expect.any(String));
      });
    });

    it('gives only per-page markdown for markdown-per-page, only per-page blocks for blocks-per-page', async () => {
      // specs/contextual.openapi.yaml, PageResult: `markdown` "Present if markdown-per-page was among the
      // requested output types", `blocks` "Present if blocks-per-page was among the requested output types".
      const id = await create('outcome=succeed; queue=0s; run=1s');
      t.advance(1000);
      const markdown = await results(id, '?output_types=markdown-per-page');
      for (const page of markdown.body.pages) {
        expect(page.markdown).toEqual(expect.any(String));
        expect(page.blocks, 'blocks without blocks-per-page').toBeUndefined();
      }
      const blocks = await results(id, '?output_types=blocks-per-page');
      for (const page of blocks.body.pages) {
        expect(page.blocks).toEqual(expect.any(Array));
        expect(page.markdown, 'markdown without markdown-per-page').toBeUndefined();
      }
    });

    it('gives both for markdown-document and blocks-per-page', async () => {
      const id = await create('outcome=succeed; queue=0s; run=1s');
      t.advance(1000);
      const res = await results(id, '?output_types=markdown-document&output_types=blocks-per-page');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ file_name: 'attention-is-all-you-need.pdf', status: 'completed' });
      expect(res.body.markdown_document).toEqual(expect.any(String));
      expect(res.body.document_metadata).toEqual(expect.any(Object));
      expect(res.body.pages.length).toBeGreaterThan(0);
      for (const [i, page] of res.body.pages.entries()) {
        expect(page.index).toBe(i);
        expect(page.blocks.length).toBeGreaterThan(0);
        for (const block of page.blocks)
          expect(block).toMatchObject({ id: expect.any(String), type: expect.any(String), bounding_box: expect.any(Object), markdown: expect.any(String) });
      }
    });

    it('rejects an output_types outside its enum with 422', async () => {
      const id = await create('outcome=succeed; queue=0s; run=1s');
      t.advance(1000);
      const res = await results(id, '?output_types=markdown-document&output_types=pdf');
      expect422(res);
      expect(res.body.detail[0].loc.slice(0, 2)).toEqual(['query', 'output_types']);
      expect(res.body.detail[0].type).toBe('enum');
    });

    it('gives the same content for the same job on every read', async () => {
      const id = await create('outcome=succeed; queue=0s; run=1s');
      t.advance(1000);
      const q = '?output_types=markdown-document&output_types=markdown-per-page&output_types=blocks-per-page';
      expect((await results(id, q)).body).toEqual((await results(id, q)).body);
    });
  });

  describe('GET /v1/parse/jobs', () => {
    it('lists newest first with total_jobs and the current status', async () => {
      const a = await create('outcome=succeed; queue=0s; run=1s', { fileName: 'a.pdf' });
      t.advance('1m');
      const b = await create('outcome=fail; queue=0s; run=1s; backoff=0s', { fileName: 'b.docx' });
      t.advance('1m');
      const c = await create('queue=1h', { fileName: 'c.pptx' });
      const res = await list();
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        jobs: [
          { id: c, status: 'pending', file_name: 'c.pptx' },
          { id: b, status: 'failed', file_name: 'b.docx' },
          { id: a, status: 'completed', file_name: 'a.pdf' },
        ],
        total_jobs: 3,
      });
    });

    it('answers an empty list for a tenant with no jobs', async () => {
      expect((await list('', 'nobody')).body).toEqual({ jobs: [], total_jobs: 0 });
    });

    it('takes limit in 1..1000 and answers 422 outside it', async () => {
      const ids = [await create(), await create(), await create()];
      let res = await list('?limit=1');
      expect(res.body.jobs.map((j: any) => j.id)).toEqual([ids[2]]);
      expect(res.body.total_jobs).toBe(3);
      expect(res.body.next_cursor).toEqual(expect.any(String));
      res = await list('?limit=1000');
      expect(res.body.jobs).toHaveLength(3);
      expect(res.body.next_cursor).toBeUndefined();
      for (const bad of ['0', '1001', '-1', 'ten']) {
        res = await list(`?limit=${bad}`);
        expect422(res, ['query', 'limit']);
      }
      expect((await list('?limit=1001')).body.detail[0]).toMatchObject({ loc: ['query', 'limit'], type: 'less_than_equal' });
      expect((await list('?limit=0')).body.detail[0]).toMatchObject({ loc: ['query', 'limit'], type: 'greater_than_equal' });
    });

    it('pages through 5 jobs with limit=2 and next_cursor: 3 pages, none twice, none missed', async () => {
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(await create(undefined, { fileName: `doc-${i}.pdf` }));
        t.advance(1000);
      }
      const pages: string[][] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const res = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.total_jobs).toBe(5);
        pages.push(res.body.jobs.map((j: any) => j.id));
        cursor = res.body.next_cursor;
        if (cursor === undefined) {
          expect('next_cursor' in res.body).toBe(false);
          break;
        }
      }
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual([...created].reverse());
      expect(new Set(pages.flat()).size).toBe(5);
    });

    it('answers 422 for a cursor it did not issue', async () => {
      await create();
      await create();
      for (const forged of ['not-a-cursor', Buffer.from('{"after":"x"}').toString('base64url'), '%%%']) {
        const res = await list(`?limit=1&cursor=${encodeURIComponent(forged)}`);
        expect422(res);
      }
    });

    it('answers 422 for a well-formed cursor that names no job it ever issued', async () => {
      // the twin's cursors are base64url({"after": <job sequence>}): one naming a sequence never issued is forged too
      await create();
      await create();
      const page = await list('?limit=1');
      expect(JSON.parse(Buffer.from(page.body.next_cursor, 'base64url').toString('utf8'))).toEqual({ after: expect.any(Number) });
      for (const after of [999_999, -3]) {
        const res = await list(`?limit=1&cursor=${Buffer.from(JSON.stringify({ after })).toString('base64url')}`);
        expect422(res);
      }
    });

    it('filters by uploaded_after (creation time, inclusive)', async () => {
      const old = await create();
      t.advance('2h');
      const cut = new Date(t.clock.now()).toISOString();
      const atCut = await create();
      t.advance('1h');
      const later = await create();
      let res = await list(`?uploaded_after=${encodeURIComponent(cut)}`);
      expect(res.body).toMatchObject({ total_jobs: 2 });
      expect(res.body.jobs.map((j: any) => j.id)).toEqual([later, atCut]);
      res = await list(`?uploaded_after=${encodeURIComponent(new Date(t.clock.now() - 86_400_000).toISOString())}`);
      expect(res.body.jobs.map((j: any) => j.id)).toEqual([later, atCut, old]);
      res = await list(`?uploaded_after=${encodeURIComponent(new Date(t.clock.now() + 1).toISOString())}`);
      expect(res.body).toEqual({ jobs: [], total_jobs: 0 });
      expect422(await list('?uploaded_after=yesterday'), ['query', 'uploaded_after']);
    });

    it('never lists another tenant jobs', async () => {
      const mine = await create();
      const theirs = await create(undefined, { token: 'tenant-b' });
      expect((await list()).body).toEqual({ jobs: [{ id: mine, status: 'pending', file_name: 'attention-is-all-you-need.pdf' }], total_jobs: 1 });
      expect((await list('', 'tenant-b')).body.jobs.map((j: any) => j.id)).toEqual([theirs]);
    });

    it('ignores unknown query parameters', async () => {
      const id = await create();
      expect((await list('?colour=blue')).body.jobs.map((j: any) => j.id)).toEqual([id]);
    });
  });

  describe('retention', () => {
    it('keeps a job 29 days, then 404 and out of the list after 30; a later job is unaffected', async () => {
      const old = await create('outcome=succeed; queue=0s; run=1s', { fileName: 'old.pdf' });
      t.advance('29d');
      expect((await status(old)).body).toEqual({ status: 'completed', file_name: 'old.pdf' });
      expect((await results(old)).status).toBe(200);
      expect((await list()).body.jobs.map((j: any) => j.id)).toEqual([old]);
      const young = await create('outcome=succeed; queue=0s; run=1s', { fileName: 'young.pdf' });
      t.advance('2d'); // old: 31 days; young: 2 days
      const s = await status(old);
      expect(s.status).toBe(404);
      expect(s.body).toEqual({ detail: `Parse job ${old} not found` });
      const r = await results(old);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: `Parse job ${old} not found` });
      expect((await list()).body).toEqual({ jobs: [{ id: young, status: 'completed', file_name: 'young.pdf' }], total_jobs: 1 });
      expect((await status(young)).body).toEqual({ status: 'completed', file_name: 'young.pdf' });
      expect((await t.control('GET', `/jobs/contextual/${old}`)).status).toBe(404);
    });

    it('expires exactly 30 days after creation, whatever the state', async () => {
      const id = await create('outcome=never; queue=0s');
      t.advance(30 * 86_400_000 - 1);
      expect((await status(id)).body.status).toBe('processing');
      t.advance(1);
      expect((await status(id)).status).toBe(404);
    });
  });

  describe('cancel (control interface only)', () => {
    it('cancels a pending job', async () => {
      const id = await create('queue=10s; run=10s');
      const res = await t.control('POST', `/jobs/contextual/${id}/cancel`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ cancelled: true, removed: false, job: { id, status: 'cancelled' } });
      expect((await status(id)).body).toEqual({ status: 'cancelled', file_name: 'attention-is-all-you-need.pdf' });
      expect((await results(id)).body).toEqual({ file_name: 'attention-is-all-you-need.pdf', status: 'cancelled' });
      t.advance('1h');
      expect((await status(id)).body.status).toBe('cancelled');
      expect((await list()).body.jobs).toEqual([{ id, status: 'cancelled', file_name: 'attention-is-all-you-need.pdf' }]);
    });

    it('cancels a processing job', async () => {
      const id = await create('queue=1s; run=10s; outcome=succeed');
      t.advance(2000);
      expect((await status(id)).body.status).toBe('processing');
      const res = await t.control('POST', `/jobs/contextual/${id}/cancel`);
      expect(res.status, res.text).toBe(200);
      expect((await status(id)).body.status).toBe('cancelled');
      t.advance('1m');
      expect((await status(id)).body.status).toBe('cancelled');
      const job = await detail(id);
      const states: string[] = job.timeline.map((s: any) => s.state);
      expect(states).toEqual(['pending', 'processing', 'cancelled']);
    });

    it('refuses to cancel a finished job (409) and has no public cancel operation', async () => {
      const id = await create('queue=0s; run=1s; outcome=succeed');
      t.advance(1000);
      const res = await t.control('POST', `/jobs/contextual/${id}/cancel`);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: { code: 'CONFLICT', message: expect.any(String) } });
      expect((await status(id)).body.status).toBe('completed');
      for (const method of ['DELETE', 'POST']) {
        const pub = await t.call(method, `/v1/parse/jobs/${id}/cancel`);
        expect(pub.status).toBe(404);
      }
    });
  });

  describe('errors', () => {
    it('answers 401 {detail} without a bearer token, on every operation', async () => {
      const id = await create();
      const calls: Array<[string, string, FormData?]> = [
        ['POST', '/v1/parse', parseForm()],
        ['GET', `/v1/parse/jobs/${id}/status`],
        ['GET', `/v1/parse/jobs/${id}/results`],
        ['GET', '/v1/parse/jobs'],
      ];
      for (const [method, path, form] of calls) {
        for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }] as Record<string, string>[]) {
          const res = await t.call(method, path, { token: null, form, headers });
          expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
          expect(res.body).toEqual({ detail: 'Not authenticated' });
        }
      }
      // nothing was created without a token
      expect((await list()).body.total_jobs).toBe(1);
    });

    it('answers 404 {detail} for an unknown job and, identically, for another tenant job', async () => {
      const id = await create();
      for (const op of ['status', 'results']) {
        const unknown = await t.call('GET', `/v1/parse/jobs/${UNKNOWN}/${op}`, { token: 'tenant-b' });
        expect(unknown.status).toBe(404);
        expect(unknown.body).toEqual({ detail: `Parse job ${UNKNOWN} not found` });
        const other = await t.call('GET', `/v1/parse/jobs/${id}/${op}`, { token: 'tenant-b' });
        expect(other.status).toBe(404);
        // the same answer as an unknown id, except for the id it names
        expect(other.body).toEqual({ detail: unknown.body.detail.replace(UNKNOWN, id) });
        expect(other.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
        // after tenant-b's calls, the owner still sees it
        expect((await t.call('GET', `/v1/parse/jobs/${id}/${op}`)).status).toBe(200);
      }
      // byte for byte: the same id asked while it is someone else's, and once it exists no more
      const whileTheirs = await status(id, 'tenant-b');
      expect((await t.control('DELETE', `/jobs/contextual/${id}`)).status).toBe(204);
      const onceGone = await status(id, 'tenant-b');
      expect(onceGone.status).toBe(whileTheirs.status);
      expect(onceGone.text).toBe(whileTheirs.text);
      expect((await status(id)).text).toBe(whileTheirs.text);
    });

    it('finds a job by its uuid in any letter case (job_id is a uuid: RFC 9562 reads hex case-insensitively)', async () => {
      const id = await create('outcome=succeed; queue=0s; run=1s');
      t.advance(1000);
      const upper = id.toUpperCase();
      const s = await status(upper);
      expect(s.status, s.text).toBe(200);
      expect(s.body).toEqual({ status: 'completed', file_name: 'attention-is-all-you-need.pdf' });
      const r = await results(upper);
      expect(r.status, r.text).toBe(200);
      expect(r.body.status).toBe('completed');
    });

    it('answers 422 for a malformed job id', async () => {
      for (const op of ['status', 'results']) {
        const res = await t.call('GET', `/v1/parse/jobs/not-a-uuid/${op}`);
        expect422(res, ['path', 'job_id']);
        expect(res.body.detail[0]).toMatchObject({ loc: ['path', 'job_id'], type: 'uuid_parsing' });
      }
    });

    it('answers 422 for a missing raw_file', async () => {
      const form = new FormData();
      form.append('parse_mode', 'standard');
      const res = await t.call('POST', '/v1/parse', { form });
      expect422(res, ['body', 'raw_file']);
      expect(res.body.detail.find((d: any) => d.loc.join('.') === 'body.raw_file')).toMatchObject({ msg: 'Field required', type: 'missing' });
    });

    it('answers 422 for raw_file sent as a text field', async () => {
      const form = new FormData();
      form.append('raw_file', 'just some text, not a file');
      const res = await t.call('POST', '/v1/parse', { form });
      expect422(res, ['body', 'raw_file']);
    });

    it('answers 422 for values outside their schema', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{ parse_mode: 'turbo' }, 'parse_mode'],
        [{ figure_caption_mode: 'verbose' }, 'figure_caption_mode'],
        [{ enable_document_hierarchy: 'perhaps' }, 'enable_document_hierarchy'],
        [{ max_split_table_cells: 'many' }, 'max_split_table_cells'],
      ];
      for (const [fields, name] of cases) {
        const res = await t.call('POST', '/v1/parse', { form: parseForm(undefined, fields) });
        expect422(res, ['body', name]);
      }
      const turbo = await t.call('POST', '/v1/parse', { form: parseForm(undefined, { parse_mode: 'turbo' }) });
      expect(turbo.body.detail[0]).toMatchObject({ loc: ['body', 'parse_mode'], type: 'enum' });
      expect((await list()).body.total_jobs).toBe(0);
    });

    it('words 422 items as pydantic 2 does, with input and ctx', async () => {
      const turbo = await t.call('POST', '/v1/parse', { form: parseForm(undefined, { parse_mode: 'turbo' }) });
      expect(turbo.body.detail).toEqual([
        { type: 'enum', loc: ['body', 'parse_mode'], msg: "Input should be 'basic' or 'standard'", input: 'turbo', ctx: { expected: "'basic' or 'standard'" } },
      ]);
      const many = await t.call('POST', '/v1/parse', { form: parseForm(undefined, { max_split_table_cells: 'many', enable_split_tables: 'perhaps' }) });
      expect(many.body.detail).toEqual(
        expect.arrayContaining([
          {
            type: 'int_parsing',
            loc: ['body', 'max_split_table_cells'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: 'many',
          },
          { type: 'bool_parsing', loc: ['body', 'enable_split_tables'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'perhaps' },
        ]),
      );
      const noFile = new FormData();
      noFile.append('parse_mode', 'standard');
      expect((await t.call('POST', '/v1/parse', { form: noFile })).body.detail).toEqual([
        { type: 'missing', loc: ['body', 'raw_file'], msg: 'Field required', input: null },
      ]);
      const text = new FormData();
      text.append('raw_file', 'not a file');
      expect((await t.call('POST', '/v1/parse', { form: text })).body.detail).toEqual([
        {
          type: 'value_error',
          loc: ['body', 'raw_file'],
          msg: "Value error, Expected UploadFile, received: <class 'str'>",
          input: 'not a file',
          ctx: { error: {} },
        },
      ]);
      expect((await list('?limit=5000')).body.detail).toEqual([
        { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', input: 5000, ctx: { le: 1000 } },
      ]);
      expect((await t.call('GET', '/v1/parse/jobs/not-a-uuid/status')).body.detail).toEqual([
        {
          type: 'uuid_parsing',
          loc: ['path', 'job_id'],
          msg: 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1',
          input: 'not-a-uuid',
          ctx: { error: 'invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1' },
        },
      ]);
    });

    it('takes any page_range text: the vendor documents its format in prose, no pattern', async () => {
      const res = await t.call('POST', '/v1/parse', { form: parseForm(undefined, { page_range: 'first-three' }) });
      expect(res.status, res.text).toBe(200);
    });

    it('answers 422 for a JSON body instead of multipart', async () => {
      const res = await t.call('POST', '/v1/parse', { body: { raw_file: 'x.pdf', parse_mode: 'standard' } });
      // FastAPI reads it as an empty form
      expect422(res, ['body', 'raw_file']);
    });

    it('answers 422 for a POST without a body', async () => {
      const res = await t.call('POST', '/v1/parse');
      expect422(res);
    });

    it('answers 422 for a broken multipart body', async () => {
      const payload = [
        '--real-boundary',
        'Content-Disposition: form-data; name="raw_file"; filename="a.pdf"',
        'Content-Type: application/pdf',
        '',
        PDF,
        '--real-boundary--',
        '',
      ].join('\r\n');
      // the boundary the header names is not the one in the body
      let res = await t.call('POST', '/v1/parse', { body: payload, headers: { 'content-type': 'multipart/form-data; boundary=some-other-boundary' } });
      expect422(res);
      // no boundary at all
      res = await t.call('POST', '/v1/parse', { body: payload, headers: { 'content-type': 'multipart/form-data' } });
      expect422(res);
      // a part header that never ends
      res = await t.call('POST', '/v1/parse', {
        body: '--real-boundary\r\nContent-Disposition: form-data; name="raw_',
        headers: { 'content-type': 'multipart/form-data; boundary=real-boundary' },
      });
      expect422(res);
      expect((await list()).body.total_jobs).toBe(0);
      // the well-formed one goes through
      res = await t.call('POST', '/v1/parse', { body: payload, headers: { 'content-type': 'multipart/form-data; boundary=real-boundary' } });
      expect(res.status, res.text).toBe(200);
    });

    it('answers 422 to a multipart body cut off inside a file, and stays up', async () => {
      // busboy fails the file stream of the unfinished part; an unhandled 'error' there would end the process
      const uncaught: unknown[] = [];
      const onUncaught = (error: unknown) => uncaught.push(error);
      process.prependListener('uncaughtException', onUncaught);
      try {
        const payload = ['--cut', 'Content-Disposition: form-data; name="raw_file"; filename="cut.pdf"', 'Content-Type: application/pdf', '', PDF].join('\r\n');
        const res = await t.call('POST', '/v1/parse', { body: payload, headers: { 'content-type': 'multipart/form-data; boundary=cut' } });
        expect422(res, ['body']);
        await new Promise((resolve) => setImmediate(resolve));
        expect((await list()).body.total_jobs).toBe(0);
      } finally {
        process.off('uncaughtException', onUncaught);
      }
      expect(
        uncaught.map((e) => String((e as Error)?.message ?? e)),
        'uncaught exceptions in the twin',
      ).toEqual([]);
    });

    it('answers 405 with Allow for an undocumented method, 404 for an unknown path', async () => {
      let res = await t.call('DELETE', `/v1/parse/jobs/${UNKNOWN}/status`, { unchecked: true });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      expect(res.body).toEqual({ detail: expect.any(String) });
      res = await t.call('GET', '/v1/parse', { unchecked: true });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      res = await t.call('PUT', '/v1/parse/jobs', { unchecked: true });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      res = await t.call('GET', '/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: expect.any(String) });
      res = await t.call('GET', `/v1/parse/jobs/${UNKNOWN}`);
      expect(res.status).toBe(404);
    });
  });

  describe('route-level errors', () => {
    it('words route-level 404 and 405 with the messages the spec declares (x-jobtwin.errors.messages, as FastAPI does)', async () => {
      const declared = SPEC['x-jobtwin'].errors.messages;
      expect(declared).toMatchObject({ notFound: 'Not Found', methodNotAllowed: 'Method Not Allowed' });
      const unknown = await t.call('GET', '/v1/nothing-here');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ detail: declared.notFound });
      const method = await t.call('DELETE', '/v1/parse/jobs', { unchecked: true });
      expect(method.status).toBe(405);
      expect(method.headers.get('allow')).toBe('GET');
      expect(method.body).toEqual({ detail: declared.methodNotAllowed });
    });
  });

  describe('body limit', () => {
    it('declares 300 MiB in the spec', () => {
      expect(BODY_LIMIT).toBe(314_572_800);
    });

    it('answers 413 {detail} at once to a declared Content-Length over the limit, without reading the body', async () => {
      const declared = BODY_LIMIT + 1;
      let ended = false;
      const answer = await new Promise<{ status: number; headers: Record<string, unknown>; text: string; endedBefore: boolean }>((resolve, reject) => {
        const req = httpRequest(`${t.url}/v1/parse`, {
          method: 'POST',
          headers: {
            authorization: 'Bearer tenant-a',
            'content-type': 'multipart/form-data; boundary=xyz',
            'content-length': String(declared),
          },
        });
        req.on('response', (res) => {
          const endedBefore = ended;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, endedBefore });
            req.destroy();
          });
        });
        req.on('error', (error) => {
          if (!ended) reject(error);
        });
        // The rest of the body never comes: an answer at all shows the twin did not wait for it.
        req.setTimeout(20_000, () => reject(new Error('no answer within 20 s: the twin waits for the body')));
        req.write('--xyz\r\nContent-Disposition: form-data; name="raw_file"; filename="huge.pdf"\r\n\r\n%PDF');
        // never write the rest
      });
      ended = true;
      expect(answer.status).toBe(413);
      expect(answer.endedBefore).toBe(false);
      const body = JSON.parse(answer.text);
      expect(body).toEqual({ detail: `Request body is larger than ${BODY_LIMIT} bytes` });
      // the 413 is documented for POST /parse: check it against the spec, as t.call would
      const router = new Router(mountsFor(t.twin.apiList()));
      const match = router.match('POST', '/v1/parse');
      expect(match.kind).toBe('operation');
      if (match.kind === 'operation') {
        const check = new ResponseValidator(createAjv()).check(match.op, answer.status, String(answer.headers['content-type']), body);
        expect(check).toEqual({ ok: true });
      }
      // nothing was created, and the twin still answers
      expect((await list()).body.total_jobs).toBe(0);
      expect((await t.call('POST', '/v1/parse', { form: parseForm() })).status).toBe(200);
    });
  });

  describe('determinism', () => {
    it('gives the same job ids after a reset with the same seed', async () => {
      const first = [await create(), await create(undefined, { token: 'tenant-b' }), await create()];
      const plans = await Promise.all(first.map(async (id) => (await detail(id)).timeline));
      await t.control('POST', '/reset', { seed: 7 });
      expect((await list()).body.total_jobs).toBe(0);
      const second = [await create(), await create(undefined, { token: 'tenant-b' }), await create()];
      expect(second).toEqual(first);
      expect(await Promise.all(second.map(async (id) => (await detail(id)).timeline))).toEqual(plans);
      await t.control('POST', '/reset', { seed: 8 });
      expect(await create()).not.toBe(first[0]);
    });
  });

  it('checked every answer of a documented operation against the spec', () => {
    expect(t.checked).toBeGreaterThan(100);
  });
});

describe('contextual beside the other three APIs (at /contextual/v1)', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin();
  });
  afterAll(() => t.close());

  it('serves the whole lifecycle under /contextual/v1', async () => {
    const health = await t.control('GET', '/health');
    expect(health.status).toBe(200);
    expect(t.urls.contextual).toBe(`${t.url}/contextual/v1`);

    const created = await t.call('POST', '/contextual/v1/parse', {
      form: parseForm('shared.pdf'),
      headers: { 'x-jobtwin-job': 'failures=1; queue=1s; run=2s; backoff=1s' },
    });
    expect(created.status, created.text).toBe(200);
    const id = created.body.job_id as string;
    expect(id).toMatch(UUID);
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await t.call('GET', `/contextual/v1/parse/jobs/${id}/status`);
      if (seen[seen.length - 1] !== res.body.status) seen.push(res.body.status);
      if (res.body.status === 'completed') break;
      t.advance(1000);
    }
    expect(seen).toEqual(['pending', 'processing', 'retrying', 'processing', 'completed']);
    const results = await t.call('GET', `/contextual/v1/parse/jobs/${id}/results?output_types=markdown-per-page`);
    expect(results.body).toMatchObject({ file_name: 'shared.pdf', status: 'completed' });
    expect(results.body.pages.length).toBeGreaterThan(0);
    const list = await t.call('GET', '/contextual/v1/parse/jobs?limit=5');
    expect(list.body).toEqual({ jobs: [{ id, status: 'completed', file_name: 'shared.pdf' }], total_jobs: 1 });
    expect((await t.control('GET', `/jobs/contextual/${id}`)).body).toMatchObject({
      api: 'contextual',
      id,
      attempts: 2,
      createdAt: new Date(T0).toISOString(),
    });
  });

  it('keeps its own envelopes under the shared port', async () => {
    const noToken = await t.call('GET', '/contextual/v1/parse/jobs', { token: null });
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual({ detail: 'Not authenticated' });
    const bad = await t.call('GET', '/contextual/v1/parse/jobs/not-a-uuid/status');
    expect422(bad, ['path', 'job_id']);
    const unknown = await t.call('GET', `/contextual/v1/parse/jobs/${UNKNOWN}/status`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: `Parse job ${UNKNOWN} not found` });
    const method = await t.call('GET', '/contextual/v1/parse', { unchecked: true });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    // the server path alone is not mounted when four APIs share the port
    expect((await t.call('GET', '/v1/parse/jobs')).status).toBe(404);
  });

  it('does not mix with the other APIs: a Contextual job id is unknown elsewhere', async () => {
    const created = await t.call('POST', '/contextual/v1/parse', { form: parseForm() });
    const id = created.body.job_id as string;
    const crosmos = await t.call('GET', `/crosmos/api/v1/jobs/${id}`);
    expect(crosmos.status).toBe(404);
    const jobs = await t.call('GET', `/jobs/api/jobs/${id}`);
    expect(jobs.status).toBe(404);
    expect((await t.control('GET', `/jobs/contextual/${id}`)).status).toBe(200);
    expect((await t.control('GET', `/jobs/crosmos/${id}`)).status).toBe(404);
  });
});
