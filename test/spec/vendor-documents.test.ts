// What published vendor documents hold that a JSON Schema 2020-12 validator reads otherwise, made
// to load: 3.0's nullable in a 3.1 file, draft 2019-09 recursion, formats ajv does not know, and a
// 3 MB document pruned to the operations the overlay gives a role. Each case is a small document;
// the last ones load the real vendor files under fixtures/vendors.
import { describe, expect, it, vi } from 'vitest';
import { loadApi } from '../../src/spec/load.js';
import { normaliseVendorSchemas } from '../../src/spec/vendor-schemas.js';
import { pruneToLifecycle } from '../../src/spec/prune.js';
import { createAjv } from '../../src/validation/ajv.js';
import { readDocument } from '../../src/spec/read-document.js';
import { draftOverlay } from '../../src/init/draft.js';
import { checkRendering } from '../../src/mock/render-check.js';
import { createTwinApp } from '../../src/mock/app.js';
import { applyOverlay } from '../../src/spec/overlay.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = {
  version: 1,
  name: 'vendor',
  ids: { format: 'uuid' },
  lifecycle: {
    states: ['queued', 'running', 'done', 'failed'],
    initial: 'queued',
    running: 'running',
    terminal: ['done', 'failed'],
    transitions: { queued: ['running'], running: ['done', 'failed'] },
    outcomes: { succeeded: 'done', failed: 'failed' },
  },
  simulation: { durations: { queued: [10, 20], running: [10, 20] }, attemptFailureRate: 0, failureReasons: ['x'] },
  errors: { envelope: { message: '{{error.message}}' } },
};

const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: ref } } } });

/** A vendor's document: a job API beside another resource, no x-jobtwin of its own. */
function vendorDoc(extraSchemas: Record<string, unknown> = {}): Record<string, any> {
  return {
    openapi: '3.1.0',
    info: { title: 'Vendor', version: '1' },
    paths: {
      '/jobs': { post: { operationId: 'createJob', responses: { '200': { description: 'ok', ...json('#/components/schemas/Job') } } } },
      '/jobs/{id}': {
        get: {
          operationId: 'getJob',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', ...json('#/components/schemas/Job') } },
        },
      },
      '/models': { get: { operationId: 'listModels', responses: { '200': { description: 'ok', ...json('#/components/schemas/Model') } } } },
    },
    components: {
      schemas: {
        Job: {
          type: 'object',
          required: ['id', 'status', 'created_at'],
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
            created_at: { type: 'integer', format: 'unixtime' },
            note: { type: 'string', nullable: true },
            filter: { $ref: '#/components/schemas/Filter' },
          },
        },
        Filter: {
          $recursiveAnchor: true,
          type: 'object',
          required: ['filters'],
          additionalProperties: false,
          properties: {
            key: { type: 'string' },
            filters: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/Leaf' }, { $recursiveRef: '#' }] } },
          },
        },
        Leaf: { type: 'object', required: ['key'], properties: { key: { type: 'string' } }, additionalProperties: false },
        Model: { type: 'object', properties: { tree: { $recursiveRef: '#' } } },
        ...extraSchemas,
      },
    },
  };
}

const OVERLAY = {
  file: 'vendor.overlay.yaml',
  doc: {
    overlay: '1.0.0',
    info: { title: 't', version: '1' },
    actions: [
      { target: '$', update: { 'x-jobtwin': ROOT } },
      {
        target: "$.paths['/jobs'].post",
        update: { 'x-jobtwin': { role: 'create', body: { id: '{{job.id}}', status: '{{job.status}}', created_at: '{{job.createdAt|unix}}' } } },
      },
      {
        target: "$.paths['/jobs/{id}'].get",
        update: {
          'x-jobtwin': {
            role: 'status',
            jobId: { in: 'path', name: 'id' },
            body: { id: '{{job.id}}', status: '{{job.status}}', created_at: '{{job.createdAt|unix}}', note: null },
          },
        },
      },
    ],
  },
};

describe('3.0 habits in a 3.1 document', () => {
  it('reads nullable: true as the author meant it (null allowed), and leaves a document without it as it is', () => {
    const doc = vendorDoc();
    const out = normaliseVendorSchemas(doc);
    expect(out.components.schemas.Job.properties.note).toEqual({ type: ['string', 'null'] });
    expect(doc.components.schemas.Job.properties.note.nullable).toBe(true);
    const plain = { openapi: '3.1.0', components: { schemas: { A: { type: 'string' } } } };
    expect(normaliseVendorSchemas(plain)).toBe(plain);
  });

  it('keeps a property named nullable a property', () => {
    const doc = { openapi: '3.1.0', components: { schemas: { A: { type: 'object', properties: { nullable: { type: 'boolean' } } } } } };
    expect(normaliseVendorSchemas(doc)).toBe(doc);
  });

  it('turns a draft 2019-09 recursion anchored on a component into a $ref to that component', () => {
    const out = normaliseVendorSchemas(vendorDoc());
    const filter = out.components.schemas.Filter;
    expect(filter.$recursiveAnchor).toBeUndefined();
    expect(filter.properties.filters.items.oneOf[1]).toEqual({ $ref: '#/components/schemas/Filter' });
    // the oneOf now tells a leaf from a nested filter: ignored, the $recursiveRef matched everything
    const ajv = createAjv();
    ajv.addSchema({ components: out.components }, 'doc');
    const validate = ajv.compile({ $ref: 'doc#/components/schemas/Filter' });
    expect(validate({ filters: [{ key: 'a' }, { filters: [{ key: 'b' }] }] })).toBe(true);
    expect(validate({ filters: [{ filters: 3 }] })).toBe(false);
  });
});

describe('formats OpenAPI leaves open', () => {
  it('takes a format ajv does not know as an annotation, without a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const validate = createAjv().compile({ type: 'integer', format: 'unixtime' });
      expect(validate(1711471533)).toBe(true);
      expect(validate('x')).toBe(false);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reads url, no OpenAPI format, as uri: a twin on loopback passes it', () => {
    const validate = createAjv().compile({ type: 'string', format: 'url' });
    expect(validate('http://127.0.0.1:4010/v2/transcript/1')).toBe(true);
    expect(validate('not a url')).toBe(false);
  });
});

describe('an allOf whose members each close themselves', () => {
  const closedUnion = () => ({
    openapi: '3.1.0',
    components: {
      schemas: {
        Params: {
          type: 'object',
          additionalProperties: false,
          allOf: [
            { type: 'object', required: ['audio_url'], properties: { audio_url: { type: 'string' } }, additionalProperties: false },
            { $ref: '#/components/schemas/Options' },
          ],
        },
        Options: { type: 'object', properties: { punctuate: { type: 'boolean', nullable: true } }, additionalProperties: false },
      },
    },
  });
  const compile = (doc: Record<string, any>) => {
    const ajv = createAjv();
    ajv.addSchema({ components: doc.components }, 'doc');
    return ajv.compile({ $ref: 'doc#/components/schemas/Params' });
  };

  it('refuses every value as written: each member refuses the other members properties', () => {
    expect(compile(closedUnion())({ audio_url: 'a' })).toBe(false);
  });

  it('closes the union instead, as the author meant: the members properties together, nothing else', () => {
    const out = normaliseVendorSchemas(closedUnion());
    expect(out.components.schemas.Params.unevaluatedProperties).toBe(false);
    const validate = compile(out);
    expect(validate({ audio_url: 'a' })).toBe(true);
    expect(validate({ audio_url: 'a', punctuate: null })).toBe(true);
    expect(validate({ audio_url: 'a', stray: 1 })).toBe(false);
    expect(validate({ punctuate: true })).toBe(false);
    // the component stays closed where it is used alone
    expect(out.components.schemas.Options.additionalProperties).toBe(false);
  });
});

describe('a vendor document with an overlay', () => {
  it('is pruned to the paths the overlay gives a role and the components they reach', () => {
    const { doc, droppedPaths } = pruneToLifecycle(normaliseVendorSchemas(applyActions(vendorDoc())));
    expect(Object.keys(doc.paths)).toEqual(['/jobs', '/jobs/{id}']);
    expect(droppedPaths).toBe(1);
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Filter', 'Job', 'Leaf']);
  });

  it('loads, its unused unsupported recursion left out with the operation that used it', async () => {
    const api = await loadApi('vendor.yaml', vendorDoc(), { overlays: [OVERLAY] });
    expect(Object.keys(api.byRole).sort()).toEqual(['create', 'status']);
    expect(api.operations.map((o) => o.operationId)).toEqual(['createJob', 'getJob']);
  });

  it('names a recursion keyword it cannot validate with, at its pointer, where the job operations use it', async () => {
    const doc = vendorDoc();
    doc.components.schemas.Job.properties.tree = { $ref: '#/components/schemas/Model' };
    await expect(loadApi('vendor.yaml', doc, { overlays: [OVERLAY] })).rejects.toThrow(
      /vendor\.yaml \(\+ vendor\.overlay\.yaml\)#\/components\/schemas\/Model\/properties\/tree\/\$recursiveRef: a draft 2019-09 keyword/,
    );
  });

  it('refuses an OpenAPI 3.2 method in a 3.1 document at its pointer', async () => {
    const doc = vendorDoc();
    doc.paths['/jobs'].query = { operationId: 'searchJobs', responses: { '200': { description: 'ok' } } };
    await expect(loadApi('vendor.yaml', doc, { overlays: [OVERLAY] })).rejects.toThrow(/not a valid OpenAPI document[\s\S]*#\/paths\/~1jobs/);
  });
});

describe('a schema that refers to itself', () => {
  const withTree = (schema: Record<string, unknown> = { $ref: '#/components/schemas/Tree' }) => {
    const doc = vendorDoc();
    delete doc.components.schemas.Model;
    doc.components.schemas.Tree = { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } };
    doc.paths['/models'].get = {
      operationId: 'listModels',
      parameters: [{ name: 'filter', in: 'query', schema }],
      responses: { '200': { description: 'ok' } },
    };
    return doc;
  };

  it('compiles once dereferenced: its cycles become $refs, in a job answer (Filter) and in any other operation', async () => {
    // x-jobtwin inline: every operation of the document is served, and compiled at start-up
    const api = await loadApi('vendor.yaml', applyOverlay(withTree(), OVERLAY));
    const app = createTwinApp({ apis: [api] });
    app.server.close();
    const job = api.byRole.status!.responses['200'].content['application/json'].schema;
    const validate = createAjv().compile(job as object);
    expect(validate({ id: 'a', status: 'queued', created_at: 1, filter: { filters: [{ key: 'a' }, { filters: [{ key: 'b' }] }] } })).toBe(true);
    expect(validate({ id: 'a', status: 'queued', created_at: 1, filter: { filters: [{ filters: [{ key: 1 }] }] } })).toBe(false);
  });

  it('a request schema ajv refuses stops start-up at its operation', async () => {
    const api = await loadApi('vendor.yaml', applyOverlay(withTree({ type: 'string', pattern: '(' }), OVERLAY));
    expect(() => createTwinApp({ apis: [api] })).toThrow(/^vendor\.yaml#\/paths\/~1models\/get: a request schema of listModels does not compile \(/);
  });
});

describe('3.0 bounds in a 3.1 document', () => {
  it('reads exclusiveMinimum: true beside minimum as the 3.1 number', () => {
    const doc = { openapi: '3.1.0', components: { schemas: { Rate: { type: 'number', minimum: 0, exclusiveMinimum: true } } } };
    expect(normaliseVendorSchemas(doc).components.schemas.Rate).toEqual({ type: 'number', exclusiveMinimum: 0 });
  });
});

function applyActions(doc: Record<string, any>): Record<string, any> {
  doc['x-jobtwin'] = ROOT;
  doc.paths['/jobs'].post['x-jobtwin'] = { role: 'create', body: {} };
  doc.paths['/jobs/{id}'].get['x-jobtwin'] = { role: 'status', jobId: { in: 'path', name: 'id' }, body: {} };
  return doc;
}

describe('the published vendor documents', () => {
  const cases = [
    { file: 'fixtures/vendors/openai-batch/openapi.yaml', overlay: 'fixtures/vendors/openai-batch/openai-batch.overlay.yaml' },
    { file: 'fixtures/vendors/assemblyai/openapi.yml', overlay: 'fixtures/vendors/assemblyai/assemblyai.overlay.yaml' },
  ];

  it.each(cases)('jobtwin init finds the job operations of $file, in a draft that loads as it is', async ({ file }) => {
    const draft = await draftOverlay(await readDocument(file), { file });
    expect(draft.missing).toEqual([]);
    const api = await loadApi(file, undefined, { overlays: [{ file: 'draft.yaml', doc: draft.overlay }] });
    // the twin would start on it: its renderings fit the vendor's schemas in every state
    checkRendering(api, createAjv());
    // a status inside a sub-object with values of its own (AssemblyAI's auto_highlights_result) is not the job's
    const body = JSON.stringify(api.byRole.status!.ext!.body);
    expect(body.match(/\{\{job\.status\}\}/g)).toHaveLength(1);
    if (file.includes('openai')) {
      // the batch operations document no error: the draft assumes the twin's, in the envelope the rest of
      // the document answers in, and borrows no other operation's 404 shape
      const errors = api.ext.errors as { assumed?: Record<string, unknown>; byStatus?: unknown; envelope?: Record<string, unknown> };
      expect(Object.keys(errors.assumed ?? {}).sort()).toEqual(['400', '401', '404', '409']);
      expect(errors.byStatus).toBeUndefined();
      expect(Object.keys(errors.envelope ?? {})).toEqual(['error']);
      // completion_window (enum ["24h"]) reads as the deadline that ends a batch in expired, which
      // expires_at tells; each <state>_at is the time the batch entered that state
      expect(api.ext.lifecycle.deadlines).toEqual([{ after: '24h', param: { in: 'body', name: 'completion_window' }, to: 'expired' }]);
      expect(api.ext.lifecycle.controlStates).toEqual([]);
      expect(api.byRole.status!.ext!.body).toMatchObject({
        created_at: '{{job.createdAt|unix}}',
        expires_at: '{{job.deadlineAt|unix?}}',
        in_progress_at: '{{job.enteredAt.in_progress|unix?}}',
        completed_at: '{{job.enteredAt.completed|unix?}}',
        failed_at: '{{job.enteredAt.failed|unix?}}',
        cancelling_at: '{{job.enteredAt.cancelling|unix?}}',
      });
    }
    const roles = Object.fromEntries(Object.entries(draft.roles).map(([role, op]) => [role, `${op.method} ${op.path}`]));
    expect(roles).toEqual(
      file.includes('openai')
        ? { create: 'post /batches', status: 'get /batches/{batch_id}', cancel: 'post /batches/{batch_id}/cancel', list: 'get /batches' }
        : {
            create: 'post /v2/transcript',
            status: 'get /v2/transcript/{transcript_id}',
            cancel: 'delete /v2/transcript/{transcript_id}',
            list: 'get /v2/transcript',
          },
    );
  });

  it('the OpenAI draft, unsettled, passes jobtwin conform --strict against its own twin', async () => {
    const file = 'fixtures/vendors/openai-batch/openapi.yaml';
    const draft = await draftOverlay(await readDocument(file), { file });
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-draft-'));
    const overlay = join(dir, 'openai.overlay.yaml');
    writeFileSync(overlay, draft.yaml.replace(/^extends: .*$/m, `extends: ${resolve(file)}`));
    const run = await conformOwnTwin(file, [overlay], { strict: true });
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
  }, 120_000);

  // start-up time is measured by bench/run.mjs, not here
  it.each(cases)('$file loads with its overlay, pruned to the job operations', async ({ file, overlay }) => {
    const api = await loadApi(file, undefined, { overlays: [{ file: overlay, doc: await readDocument(overlay) }] });
    expect(Object.keys(api.byRole).sort()).toEqual(['cancel', 'create', 'list', 'status']);
    // OpenAI's key is a bearer token; AssemblyAI's ApiKey scheme puts the key as it is in Authorization
    expect(api.credential).toBe(file.includes('openai') ? 'bearer' : 'raw');
  });
});
