// OpenAPI Overlay 1.0 applied at load, and OpenAPI 3.0 documents converted to 3.1: unit cases, the
// errors that point into the overlay, and a vendor's 3.0 file plus an overlay served by the twin.
import { describe, expect, it } from 'vitest';
import { applyOverlay } from '../../src/spec/overlay.js';
import { upgrade30 } from '../../src/spec/upgrade-30.js';
import { SpecError } from '../../src/spec/spec-error.js';
import { loadApis } from '../../src/spec/resolve.js';
import { startTwin, T0 } from '../helpers/twin.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const VENDOR = 'fixtures/specs/vendor30/batch.openapi.yaml';
const OVERLAY = 'fixtures/specs/vendor30/batch.overlay.yaml';
const overlay = (actions: unknown[], extra: Record<string, unknown> = {}) => ({
  file: 'o.yaml',
  doc: { overlay: '1.0.0', info: { title: 't', version: '1' }, actions, ...extra },
});

describe('overlay actions', () => {
  const spec = { openapi: '3.1.0', tags: [{ name: 'a' }], paths: { '/a': { get: { summary: 'x', tags: ['a'] }, post: { summary: 'y' } } } };

  it('merges objects key by key, appends to arrays, replaces the rest, and leaves the input alone', () => {
    const out = applyOverlay(
      spec,
      overlay([
        { target: '$.paths.*.get', update: { summary: 'z', 'x-jobtwin': { role: 'status' }, tags: ['b'] } },
        { target: '$.tags', update: { name: 'c' } },
      ]),
    );
    expect(out.paths['/a'].get).toEqual({ summary: 'z', tags: ['a', 'b'], 'x-jobtwin': { role: 'status' } });
    expect(out.tags).toEqual([{ name: 'a' }, { name: 'c' }]);
    expect(spec.paths['/a'].get).toEqual({ summary: 'x', tags: ['a'] });
  });

  it('removes every match, array items included', () => {
    const doc = { list: [1, 2, 3, 4], paths: { '/a': { get: {}, post: {} } } };
    const out = applyOverlay(
      doc,
      overlay([
        { target: "$.paths['/a'].post", remove: true },
        { target: '$.list[?@ > 1]', remove: true },
      ]),
    );
    expect(out).toEqual({ list: [1], paths: { '/a': { get: {} } } });
  });

  it.each([
    [overlay([{ target: '$.nothing', update: {} }]), /o\.yaml#\/actions\/0\/target: \$\.nothing matches nothing in the spec/],
    [overlay([{ target: '$.[', update: {} }]), /o\.yaml#\/actions\/0\/target: not a JSONPath expression/],
    [overlay([{ target: '$.openapi', update: {} }]), /o\.yaml#\/actions\/0\/target: .*a string: update needs an object or an array/],
    [overlay([{ target: '$.paths' }]), /o\.yaml#\/actions\/0: give update .* or remove: true/],
    [overlay([{ target: '$.paths', update: {}, replace: 1 }]), /o\.yaml#\/actions\/0: unknown field "replace"/],
    [overlay([{ target: '$.paths', update: [1] }]), /o\.yaml#\/actions\/0\/update: the target is an object, so update must be an object/],
    [overlay([]), /o\.yaml#\/actions: give at least one action/],
    [{ file: 'o.yaml', doc: { overlay: '2.0.0', info: { title: 't', version: '1' }, actions: [] } }, /o\.yaml#\/overlay: an OpenAPI Overlay 1\.0 document/],
  ])('refuses a bad overlay, pointing into it (%#)', (bad, message) => {
    expect(() => applyOverlay(spec, bad as any)).toThrow(SpecError);
    expect(() => applyOverlay(spec, bad as any)).toThrow(message);
  });
});

describe('OpenAPI 3.0 converted to 3.1', () => {
  it('rewrites nullable, boolean exclusive bounds and schema examples', () => {
    const out = upgrade30({
      openapi: '3.0.3',
      components: {
        schemas: {
          A: { type: 'string', nullable: true, example: 'x' },
          B: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false },
          C: { $ref: '#/components/schemas/A', nullable: true },
          D: { type: 'string', enum: ['a'], nullable: true },
          E: { type: 'object', properties: { f: { type: 'array', items: { type: 'number', nullable: true } } } },
        },
      },
      paths: { '/x': { get: { parameters: [{ name: 'q', in: 'query', schema: { type: 'integer', nullable: true } }], responses: {} } } },
    });
    expect(out.openapi).toBe('3.1.0');
    const s = out.components.schemas;
    expect(s.A).toEqual({ type: ['string', 'null'], examples: ['x'] });
    expect(s.B).toEqual({ type: 'integer', exclusiveMinimum: 0, maximum: 9 });
    expect(s.C).toEqual({ anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }] });
    expect(s.D).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(s.E.properties.f.items).toEqual({ type: ['number', 'null'] });
    expect(out.paths['/x'].get.parameters[0].schema).toEqual({ type: ['integer', 'null'] });
  });

  it('loads a vendor 3.0 file with its overlay, and says so', async () => {
    const [api] = await loadApis({ specs: [VENDOR], overlays: [OVERLAY] });
    expect(api.name).toBe('batch');
    expect(api.origin).toEqual({ openapi: '3.0.3', overlays: [OVERLAY] });
    expect(api.basePath).toBe('/v2');
  });

  it('refuses the vendor file alone: the lifecycle is missing', async () => {
    await expect(loadApis({ specs: [VENDOR] })).rejects.toThrow(/batch\.openapi\.yaml#\/x-jobtwin: missing/);
  });

  it('needs extends to tell which of several specs an overlay is for', async () => {
    const { writeFileSync, mkdtempSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/jobtwin-overlay-');
    const anonymous = `${dir}/anon.overlay.yaml`;
    writeFileSync(anonymous, readFileSync(OVERLAY, 'utf8').replace(/^extends: .*$/m, ''));
    await expect(loadApis({ apis: ['jobs'], specs: [VENDOR], overlays: [anonymous] })).rejects.toThrow(
      /anon\.overlay\.yaml#\/extends: several specs are served/,
    );
    const apis = await loadApis({ apis: ['jobs'], specs: [VENDOR], overlays: [OVERLAY] });
    expect(apis.map((a) => a.name)).toEqual(['jobs', 'batch']);
  });
});

describe('a vendor 3.0 file plus an overlay, served', () => {
  it('walks its documented lifecycle, every answer valid against the converted spec', async () => {
    const t = await startTwin({ specs: [VENDOR], overlays: [OVERLAY] });
    try {
      const created = await t.call('POST', '/v2/batches', {
        body: { input_file: 'file-1', priority: null, label: null },
        headers: { 'x-jobtwin-job': 'outcome=succeed; queue=1s; run=2s' },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ status: 'queued', created_at: new Date(T0).toISOString(), finished_at: null, error: null, output: null });
      const path = `/v2/batches/${created.body.id}`;
      t.advance(1500);
      expect((await t.call('GET', path)).body).toMatchObject({ status: 'running', finished_at: null });
      t.advance(2000);
      const done = (await t.call('GET', path)).body;
      expect(done).toMatchObject({ status: 'succeeded', finished_at: new Date(T0 + 3000).toISOString(), error: null });
      expect(done.output.records).toBeGreaterThan(0);
      // 3.0's exclusiveMaximum: true on priority (max 10) is enforced as 3.1 reads it
      const refused = await t.call('POST', '/v2/batches', { body: { input_file: 'f', priority: 10 } });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/priority/);
      expect(t.checked).toBe(4);
    } finally {
      await t.close();
    }
  });
});

describe('a vendor 3.0 file plus an overlay, checked', () => {
  it('passes jobtwin conform against its own twin, spec and overlay given the same way', async () => {
    const run = await conformOwnTwin(VENDOR, [OVERLAY]);
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    for (const name of ['response_schema_conformance', 'negative_data_rejection', 'lifecycle_states', 'eventual_completion'])
      expect(run.judged[name], name).toBeGreaterThan(0);
  }, 90_000);
});
