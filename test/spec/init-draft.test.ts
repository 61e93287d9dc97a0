// `jobtwin init` on the bundled specs with their x-jobtwin taken out: it finds the roles on the
// operations the hand-written declarations put them on, and the same initial, running and terminal
// states where the names allow; each draft loads, and its YAML (comments and all) reads back as its data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { draftOverlay } from '../../src/init/draft.js';
import { BUNDLED_APIS, bundledSpecPath } from '../../src/spec/bundled.js';
import { readDocument } from '../../src/spec/read-document.js';
import { loadApis } from '../../src/spec/resolve.js';
import { checkRendering } from '../../src/mock/render-check.js';
import { createAjv } from '../../src/validation/ajv.js';

/** The spec as its vendor would publish it: every x-jobtwin removed. */
function stripped(doc: Record<string, any>): Record<string, any> {
  const out = structuredClone(doc);
  delete out['x-jobtwin'];
  for (const item of Object.values<any>(out.paths)) for (const op of Object.values<any>(item)) if (op && typeof op === 'object') delete op['x-jobtwin'];
  return out;
}

function declaredRoles(doc: Record<string, any>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, item] of Object.entries<any>(doc.paths))
    for (const [method, op] of Object.entries<any>(item)) if (op?.['x-jobtwin']) out[op['x-jobtwin'].role] = `${method} ${path}`;
  return out;
}

describe('jobtwin init on the bundled specs, their x-jobtwin taken out', () => {
  for (const name of BUNDLED_APIS) {
    it(`${name}: the same roles on the same operations, the same states where the names allow, and a draft that loads`, async () => {
      const original = await readDocument(bundledSpecPath(name)!);
      const vendor = stripped(original);
      const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-'));
      const spec = join(dir, `${name}.openapi.yaml`);
      writeFileSync(spec, yaml.dump(vendor, { lineWidth: -1 }));

      const draft = await draftOverlay(vendor, { file: spec });
      expect(draft.missing).toEqual([]);
      const found = Object.fromEntries(Object.entries(draft.roles).map(([role, op]) => [role, `${op!.method} ${op!.path}`]));
      expect(found).toEqual(declaredRoles(original));

      const declared = original['x-jobtwin'].lifecycle;
      const named = (states: string[]) => states.filter((s) => draft.lifecycle.states.includes(s));
      expect(draft.lifecycle.initial).toBe(declared.initial);
      expect(draft.lifecycle.running).toBe(declared.running);
      expect(draft.lifecycle.terminal).toEqual(named(declared.terminal));
      expect(draft.lifecycle.outcomes).toEqual(declared.outcomes);
      // every state the draft knows is one the vendor's API has
      expect(declared.states).toEqual(expect.arrayContaining(draft.lifecycle.states));

      expect(yaml.load(draft.yaml, { schema: yaml.CORE_SCHEMA })).toEqual(draft.overlay);
      expect(draft.yaml).toMatch(/# DECIDE: /);
      const overlay = join(dir, `${name}.overlay.yaml`);
      writeFileSync(overlay, draft.yaml);
      const [api] = await loadApis({ specs: [spec], overlays: [overlay] });
      expect(Object.keys(api.byRole).sort()).toEqual(Object.keys(declaredRoles(original)).sort());
      // the twin would start on it: its renderings fit the vendor's schemas in every state
      checkRendering(api, createAjv());
      expect(api.ext.lifecycle.initial).toBe(declared.initial);
    });
  }
});

describe('jobtwin init on other shapes', () => {
  const job = {
    type: 'object',
    required: ['id', 'state'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      state: { type: 'string', enum: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED'] },
      createTime: { type: 'string', format: 'date-time' },
      label: { type: 'string' },
    },
  };
  const ok = (schema: unknown) => ({ description: 'ok', content: { 'application/json': { schema } } });
  const id = [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
  const spec = {
    openapi: '3.1.0',
    info: { title: 'Render Farm API', version: '3' },
    paths: {
      '/v1/jobs': {
        post: {
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['label'], properties: { label: { type: 'string' } } } } } },
          responses: { '202': ok({ type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } }) },
        },
        get: { parameters: [{ name: 'page_size', in: 'query', schema: { type: 'integer' } }], responses: { '200': ok({ type: 'array', items: job }) } },
      },
      '/v1/jobs/{jobId}': {
        get: { parameters: id, responses: { '200': ok(job), '404': ok({ type: 'object', properties: { message: { type: 'string' } } }) } },
        delete: { parameters: id, responses: { '200': ok(job), '409': { description: 'running' } } },
      },
      '/v1/jobs/{jobId}/output': {
        get: { parameters: id, responses: { '200': ok({ type: 'object', properties: { frames: { type: 'integer', minimum: 1 } } }) } },
      },
      '/v1/health': { get: { responses: { '200': ok({ type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } }) } } },
    },
  };

  it('a JSON spec: DELETE on the job as cancel, an array list, an output results, a state field, echoed input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-'));
    const file = join(dir, 'render.json');
    writeFileSync(file, JSON.stringify(spec));
    const draft = await draftOverlay(await readDocument(file), { file });
    expect(draft.missing).toEqual([]);
    expect(Object.fromEntries(Object.entries(draft.roles).map(([role, op]) => [role, `${op!.method} ${op!.path}`]))).toEqual({
      create: 'post /v1/jobs',
      status: 'get /v1/jobs/{jobId}',
      cancel: 'delete /v1/jobs/{jobId}',
      list: 'get /v1/jobs',
      results: 'get /v1/jobs/{jobId}/output',
    });
    expect(draft.lifecycle).toMatchObject({
      initial: 'QUEUED',
      running: 'RUNNING',
      terminal: ['SUCCEEDED', 'FAILED', 'CANCELED'],
      cancel: { allowed: ['QUEUED'], conflict: ['RUNNING'], notFound: ['SUCCEEDED', 'FAILED', 'CANCELED'], to: 'CANCELED' },
    });
    const root = draft.overlay.actions[0].update['x-jobtwin'];
    expect(root).toMatchObject({
      name: 'render-farm',
      ids: { format: 'uuid' },
      simulation: { result: { frames: 1 } },
      errors: { envelope: { message: '{{error.message}}' } },
    });
    const status = draft.overlay.actions.find((a: any) => a.update['x-jobtwin'].role === 'status').update['x-jobtwin'];
    expect(status.body).toEqual({ id: '{{job.id}}', state: '{{job.status}}', createTime: '{{job.createdAt|iso}}', label: '{{job.input.label}}' });
    const list = draft.overlay.actions.find((a: any) => a.update['x-jobtwin'].role === 'list').update['x-jobtwin'];
    expect(list).toMatchObject({ body: '{{page.items}}', paging: { style: 'offset', limit: { param: 'page_size', default: 20 } } });
    expect(draft.yaml.match(/# DECIDE: /g)).toHaveLength(draft.decisions);

    const overlay = join(dir, 'render.overlay.yaml');
    writeFileSync(overlay, draft.yaml);
    const [api] = await loadApis({ specs: [file], overlays: [overlay] });
    expect(Object.keys(api.byRole).sort()).toEqual(['cancel', 'create', 'list', 'results', 'status']);
    checkRendering(api, createAjv());
  });
});
