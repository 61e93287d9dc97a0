// `jobtwin init` on specs whose error bodies differ in shape between statuses and operations: the draft
// groups them (a root envelope, byStatus, an operation's own), its twin starts (every error it renders
// fits its documented schema) and passes jobtwin conform --strict against itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { draftOverlay } from '../../src/init/draft.js';
import { bundledSpecPath } from '../../src/spec/bundled.js';
import { readDocument } from '../../src/spec/read-document.js';
import { loadApis } from '../../src/spec/resolve.js';
import { checkRendering } from '../../src/mock/render-check.js';
import { createAjv } from '../../src/validation/ajv.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const object = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties });
const body = (schema: unknown, media = 'application/json') => ({ description: 'an answer', content: { [media]: { schema } } });
const COMMON = object(['message', 'code'], { message: { type: 'string' }, code: { type: 'string' } });
const FAULT = object(['detail'], { detail: { type: 'string' } });
const PROBLEM = object(['title', 'status'], { title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } });
const JOB = object(['id', 'state'], {
  id: { type: 'string', format: 'uuid' },
  state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
});
const ID = [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string' } }];

/** Most errors {message, code}; every 500 {detail}; the cancel's 409 {errorMessage}; the results' RFC 9457 problems; a quota's 429 with retryAfter. */
const SPEC = {
  openapi: '3.1.0',
  info: { title: 'Transcode API', version: '2' },
  paths: {
    '/v1/jobs': {
      post: {
        operationId: 'createJob',
        requestBody: { content: { 'application/json': { schema: object(['source'], { source: { type: 'string' } }) } } },
        responses: { '202': body(JOB), '400': body(COMMON), '401': body(COMMON), '500': body(FAULT) },
      },
    },
    '/v1/jobs/{jobId}': {
      get: { operationId: 'getJob', parameters: ID, responses: { '200': body(JOB), '401': body(COMMON), '404': body(COMMON), '500': body(FAULT) } },
    },
    '/v1/jobs/{jobId}/cancel': {
      post: {
        operationId: 'cancelJob',
        parameters: ID,
        responses: {
          '200': body(JOB),
          '404': body(COMMON),
          '409': body(object(['errorMessage'], { errorMessage: { type: 'string' } })),
        },
      },
    },
    '/v1/jobs/{jobId}/output': {
      get: {
        operationId: 'getOutput',
        parameters: ID,
        responses: {
          '200': body(object([], { url: { type: 'string' } })),
          '401': body(PROBLEM, 'application/problem+json'),
          '404': body(PROBLEM, 'application/problem+json'),
        },
      },
    },
    '/v1/quota': {
      get: {
        operationId: 'getQuota',
        responses: {
          '200': body(object([], { left: { type: 'integer' } })),
          '429': body(object(['message', 'retryAfter'], { message: { type: 'string' }, retryAfter: { type: 'integer' } })),
        },
      },
    },
  },
};

async function drafted(name: string, vendor: Record<string, any>): Promise<{ spec: string; overlay: string; draft: Awaited<ReturnType<typeof draftOverlay>> }> {
  const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-errors-'));
  const spec = join(dir, `${name}.openapi.yaml`);
  writeFileSync(spec, yaml.dump(vendor, { lineWidth: -1 }));
  const draft = await draftOverlay(vendor, { file: spec });
  const overlay = join(dir, `${name}.overlay.yaml`);
  writeFileSync(overlay, draft.yaml);
  return { spec, overlay, draft };
}

/** The draft with each comment that wraps onto the next lines read as one line. */
function unwrapComments(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const previous = out[out.length - 1];
    const indent = (l: string) => l.length - l.trimStart().length;
    const continues = previous?.trimStart().startsWith('# ') && line.trimStart().startsWith('# ') && !line.trimStart().startsWith('# DECIDE:');
    if (continues && indent(previous) === indent(line)) out[out.length - 1] = `${previous} ${line.trimStart().slice(2)}`;
    else out.push(line);
  }
  return out.join('\n');
}

/** The spec as its vendor would publish it: every x-jobtwin removed. */
function withoutExtension(doc: Record<string, any>): Record<string, any> {
  const out = structuredClone(doc);
  delete out['x-jobtwin'];
  for (const item of Object.values<any>(out.paths)) for (const op of Object.values<any>(item)) if (op && typeof op === 'object') delete op['x-jobtwin'];
  return out;
}

const extOf = (draft: { overlay: Record<string, any> }, role: string) =>
  draft.overlay.actions.find((a: any) => a.update['x-jobtwin'].role === role).update['x-jobtwin'];

/** The draft loads, starts (its templates render as the spec documents) and its twin passes conform --strict. */
async function expectDraftServes(spec: string, overlay: string): Promise<void> {
  const [api] = await loadApis({ specs: [spec], overlays: [overlay] });
  expect(() => checkRendering(api, createAjv())).not.toThrow();
  const run = await conformOwnTwin(spec, [overlay], { strict: true });
  expect(run.failures).toBe('');
  expect(run.exitCode).toBe(0);
}
describe('jobtwin init drafts error templates per status and per operation where the shapes differ', () => {
  it('a root envelope, byStatus for a status shaped alike across operations, an operation its own; the twin starts and passes conform --strict', async () => {
    const { spec, overlay, draft } = await drafted('transcode', SPEC);
    expect(draft.missing).toEqual([]);
    const root = draft.overlay.actions[0].update['x-jobtwin'].errors;
    expect(root.envelope).toEqual({ message: '{{error.message}}', code: '{{error.code}}' });
    // every 500 is {detail}; the quota's 429 has its own shape and no x-jobtwin to hold it, so the root does
    expect(root.byStatus).toEqual({ '429': { message: '{{error.message}}', retryAfter: 1 }, '500': { detail: '{{error.message}}' } });
    expect(extOf(draft, 'cancel').errors).toEqual({ byStatus: { '409': { errorMessage: '{{error.message}}' } } });
    expect(extOf(draft, 'results').errors).toEqual({ envelope: { title: '{{error.title}}', status: '{{error.status}}', detail: '{{error.message}}' } });
    expect(extOf(draft, 'status').errors).toBeUndefined();
    expect(extOf(draft, 'create').errors).toBeUndefined();
    // each says why, in the comment style of the rest of the draft
    const oneLine = unwrapComments(draft.yaml);
    expect(oneLine).toContain("# the body of GET /v1/jobs/{jobId}'s 404, for every error not drafted below in another shape (it fits 5 of the 11");
    expect(oneLine).toContain('# every 500 in its own shape: the body of the 500 of POST /v1/jobs and GET /v1/jobs/{jobId}\n');
    expect(oneLine).toContain('# every 429 in its own shape: the body of the 429 of GET /v1/quota\n');
    expect(oneLine).toContain("# its 409 has another shape: the body of POST /v1/jobs/{jobId}/cancel's 409\n");
    expect(oneLine).toContain("# GET /v1/jobs/{jobId}/output answers its errors in another shape: the body of GET /v1/jobs/{jobId}/output's 404\n");
    expect(yaml.load(draft.yaml, { schema: yaml.CORE_SCHEMA })).toEqual(draft.overlay);

    await expectDraftServes(spec, overlay);
  }, 90_000);

  it("Alchemyst's own spec: the cancel's 409 and the 500 of the cancel and the list in their own shapes; its twin passes conform --strict", async () => {
    const original = await readDocument(bundledSpecPath('alchemyst')!);
    const { spec, overlay, draft } = await drafted('alchemyst', withoutExtension(original));
    expect(Object.keys(draft.overlay.actions[0].update['x-jobtwin'].errors.envelope)).toEqual(['success', 'message', 'status', 'error']);
    const fault = { success: false, message: '{{error.message}}', error: '{{error.title}}' };
    expect(extOf(draft, 'cancel').errors).toEqual({ byStatus: { '409': { error: '{{error.title}}' }, '500': fault } });
    expect(extOf(draft, 'list').errors).toEqual({ byStatus: { '500': fault } });
    expect(extOf(draft, 'status').errors).toBeUndefined();

    await expectDraftServes(spec, overlay);
  }, 90_000);

  it('marks DECIDE where no drafted template fits a body, and the start-up check names that spot until a person writes it', async () => {
    const vendor = structuredClone(SPEC) as Record<string, any>;
    vendor.paths['/v1/jobs/{jobId}/cancel'].post.responses['409'] = body(object(['code'], { code: { type: 'integer', enum: [4091] } }));
    const { spec, overlay, draft } = await drafted('transcode-decide', vendor);
    expect(extOf(draft, 'cancel').errors).toEqual({ byStatus: { '409': { code: '{{error.status}}' } } });
    const oneLine = unwrapComments(draft.yaml);
    expect(oneLine).toContain('# DECIDE: no drafted template fits the 409 schema of POST /v1/jobs/{jobId}/cancel: write the body it answers\n');
    // named once: the root's note leaves it to the operation's
    expect(oneLine.match(/no drafted template fits/g)).toHaveLength(1);
    const [api] = await loadApis({ specs: [spec], overlays: [overlay] });
    expect(() => checkRendering(api, createAjv())).toThrow(
      /#\/paths\/~1v1~1jobs~1\{jobId\}~1cancel\/post\/x-jobtwin\/errors\/byStatus\/409: rendered for cancelJob's 409 \(conflict\), .*: \/code must be equal to one of the allowed values: 4091$/,
    );
  });

  // the other vendor specs the init tests use: their drafts' twins pass the strict suite too
  for (const file of [...(['crosmos', 'contextual', 'jobs'] as const).map((name) => bundledSpecPath(name)!), 'fixtures/specs/vendor30/batch.openapi.yaml']) {
    it(`${basename(file)}: the draft's twin starts and passes conform --strict`, async () => {
      const { spec, overlay } = await drafted(basename(file, '.openapi.yaml'), withoutExtension(await readDocument(file)));
      const run = await conformOwnTwin(spec, [overlay], { strict: true });
      expect(run.failures).toBe('');
      expect(run.exitCode).toBe(0);
    }, 90_000);
  }
});
