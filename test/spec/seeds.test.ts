// The bundled specs keep the vendor pages' schemas field for field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { loadApi } from '../../src/spec/load.js';
import { bundledSpecPath } from '../../src/spec/bundled.js';

const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');
const COMPARED = [
  'type',
  'format',
  'enum',
  'required',
  'example',
  'examples',
  'additionalProperties',
  'const',
  'default',
  'items',
  'properties',
  'anyOf',
  'oneOf',
  'allOf',
];

async function seedDocument(file: string): Promise<Record<string, any>> {
  const text = readFileSync(join(SEEDS, file), 'utf8');
  const yaml = /````yaml[^\n]*\n([\s\S]*?)````/.exec(text)![1];
  return (await SwaggerParser.dereference(parseYaml(yaml))) as Record<string, any>;
}

/** Every keyword the seed states must stand unchanged in the spec; the spec may add more. */
function expectKept(seed: any, spec: any, where: string): void {
  if (seed === null || typeof seed !== 'object') {
    expect(spec, where).toEqual(seed);
    return;
  }
  expect(spec, `${where} is missing`).toBeDefined();
  for (const key of Object.keys(seed)) {
    if (!COMPARED.includes(key)) continue;
    if (key === 'properties') {
      for (const name of Object.keys(seed.properties)) expectKept(seed.properties[name], spec.properties?.[name], `${where}.properties.${name}`);
    } else if (key === 'items' || key === 'additionalProperties') {
      if (typeof seed[key] === 'object') expectKept(seed[key], spec[key], `${where}.${key}`);
      else expect(spec[key], `${where}.${key}`).toEqual(seed[key]);
    } else if (['anyOf', 'oneOf', 'allOf'].includes(key)) {
      expect(spec[key]?.length, `${where}.${key}`).toBe(seed[key].length);
      seed[key].forEach((s: any, i: number) => expectKept(s, spec[key][i], `${where}.${key}[${i}]`));
    } else {
      expect(spec[key], `${where}.${key}`).toEqual(seed[key]);
    }
  }
}

const OPENAPI_SEEDS = [
  { file: 'alchemyst-status.txt', api: 'alchemyst' },
  { file: 'alchemyst-cancel.txt', api: 'alchemyst' },
  { file: 'crosmos-status.txt', api: 'crosmos' },
  { file: 'contextual-status.txt', api: 'contextual' },
];

describe('the bundled specs keep the vendor pages', () => {
  for (const { file, api } of OPENAPI_SEEDS) {
    it(`${api}: ${file}`, async () => {
      const seed = await seedDocument(file);
      const model = await loadApi(bundledSpecPath(api)!);
      expect(model.document.servers?.[0]?.url ?? '').toBe(seed.servers?.[0]?.url ?? model.document.servers?.[0]?.url ?? '');
      for (const [path, item] of Object.entries<any>(seed.paths)) {
        for (const [method, op] of Object.entries<any>(item)) {
          const mine = model.operations.find((o) => o.path === path && o.method === method);
          expect(mine, `${method.toUpperCase()} ${path}`).toBeDefined();
          expect(mine!.operationId).toBe(op.operationId);
          for (const param of op.parameters ?? []) {
            const p = mine!.parameters.find((q) => q.name === param.name && q.in === param.in);
            expect(p, `parameter ${param.name}`).toBeDefined();
            // the model says required for every path parameter, as OpenAPI does
            expect(p!.required).toBe(param.in === 'path' || param.required === true);
            expectKept(param.schema, p!.schema, `${path} parameter ${param.name}`);
          }
          for (const [status, response] of Object.entries<any>(op.responses)) {
            const documented = mine!.responses[status];
            expect(documented, `${method.toUpperCase()} ${path} ${status}`).toBeDefined();
            for (const [media, content] of Object.entries<any>(response.content ?? {})) {
              expectKept(content.schema, documented.content[media]?.schema, `${path} ${status} ${media}`);
            }
          }
          expect(Object.keys(mine!.security[0] ?? {})).toEqual(Object.keys(op.security?.[0] ?? seed.security?.[0] ?? {}));
        }
      }
      for (const [name, scheme] of Object.entries<any>(seed.components?.securitySchemes ?? {})) {
        expect(model.document.components.securitySchemes[name]).toMatchObject(scheme);
      }
    });
  }

  it('jobs: jobs-status.txt (a page, not OpenAPI)', async () => {
    const model = await loadApi(bundledSpecPath('jobs')!);
    const op = model.operations.find((o) => o.path === '/api/jobs/{id}' && o.method === 'get')!;
    expect(op).toBeDefined();
    expect(op.parameters.find((p) => p.name === 'id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
    const schema = op.responses['200'].content['application/json'].schema as Record<string, any>;
    const fields = ['id', 'type', 'status', 'result', 'error', 'attempts', 'createdAt', 'startedAt', 'completedAt', 'updatedAt'];
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(fields));
    expect(schema.properties.type.enum).toEqual(['AI_PREVIEW', 'PARSE_DOCUMENT', 'GAP_DETECTION', 'RISK_ANALYSIS', 'REPORT_GENERATION']);
    expect(schema.properties.status.enum).toEqual(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED']);
    const page = readFileSync(join(SEEDS, 'jobs-status.txt'), 'utf8');
    const completed = JSON.parse(/Example Response \(Completed\)\s*(\{[\s\S]*?\n\})/.exec(page)![1]);
    const examples = Object.values(op.responses['200'].content['application/json'].examples ?? {}).map((e) => e.value);
    expect(examples).toContainEqual(completed);
  });
});
