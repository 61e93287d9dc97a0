// The request generators: valid values validate, broken ones do not, and the twin (the reference
// server, over real HTTP) accepts every generated valid request and refuses every negative case.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { loadApis } from '../../src/spec/resolve.js';
import type { ApiModel, OperationModel } from '../../src/spec/model.js';
import { operationView } from '../../src/spec/operation-view.js';
import { buildRequest } from '../../conformance/http/build.js';
import { HttpClient } from '../../conformance/http/client.js';
import { isValid } from '../../conformance/arbitraries/check.js';
import { invalidValues } from '../../conformance/arbitraries/invalid.js';
import { validValue } from '../../conformance/arbitraries/values.js';
import { exampleRequests, negativeCases, validRequest, type GeneratedRequest } from '../../conformance/arbitraries/request.js';
import type { JsonSchema } from '../../conformance/arbitraries/schema.js';
import { compileRequestValidator, type ParsedBody, type RawRequest } from '../../src/validation/request.js';
import { createAjv } from '../../src/validation/ajv.js';

const SCHEMAS: Record<string, JsonSchema> = {
  'string lengths and pattern': { type: 'string', minLength: 2, maxLength: 6, pattern: '^[a-z]+$' },
  'unanchored pattern': { type: 'string', pattern: '[0-9]{2}' },
  formats: {
    type: 'object',
    required: ['id', 'at', 'mail', 'site'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      at: { type: 'string', format: 'date-time' },
      mail: { type: 'string', format: 'email' },
      site: { type: 'string', format: 'uri' },
    },
  },
  'enum and const': {
    type: 'object',
    required: ['kind', 'v'],
    properties: { kind: { type: 'string', enum: ['a', 'b'] }, v: { const: 3 } },
    additionalProperties: false,
  },
  'integer bounds and multipleOf': { type: 'integer', minimum: 3, maximum: 90, multipleOf: 3 },
  'exclusive number bounds': { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
  'number multipleOf 0.5': { type: 'number', minimum: -10, maximum: 10, multipleOf: 0.5 },
  'nullable string': { type: ['string', 'null'], maxLength: 3 },
  'unique bounded array': { type: 'array', items: { type: 'integer', minimum: 0, maximum: 50 }, minItems: 2, maxItems: 4, uniqueItems: true },
  tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }], items: false, minItems: 2 },
  'closed object with property counts': {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 2,
  },
  'map of integers': { type: 'object', additionalProperties: { type: 'integer' }, maxProperties: 3 },
  'oneOf needs exclusivity': {
    oneOf: [
      { type: 'integer', multipleOf: 2 },
      { type: 'integer', multipleOf: 3 },
    ],
  },
  'anyOf of shapes': {
    anyOf: [
      { type: 'string', format: 'date' },
      { type: 'object', required: ['n'], properties: { n: { type: 'number' } } },
    ],
  },
  'allOf merge': {
    allOf: [
      { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
      { required: ['b'], properties: { b: { type: 'integer', maximum: 5 } } },
    ],
  },
  'boolean sub-schemas': { type: 'object', required: ['any'], properties: { any: true, never: false } },
  untyped: {},
  documents: {
    type: 'object',
    required: ['documents', 'scope'],
    properties: {
      documents: {
        type: 'array',
        minItems: 1,
        items: { type: 'object', required: ['content'], properties: { content: { type: 'string' } }, additionalProperties: { type: 'string' } },
      },
      scope: { type: 'string', enum: ['internal', 'external'], default: 'internal' },
      meta: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'number', minimum: 0 },
          owner: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
        },
      },
    },
  },
};

describe('values and mutations of hand-written schemas', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(name, () => {
      for (const value of fc.sample(validValue(schema), { seed: 42, numRuns: 100 })) expect(isValid(schema, value), JSON.stringify(value)).toBe(true);
      const mutations = invalidValues(schema);
      if (name !== 'untyped') expect(mutations.length).toBeGreaterThan(0);
      for (const m of mutations) expect(isValid(schema, m.value), `${m.path} ${m.keyword}: ${JSON.stringify(m.value)}`).toBe(false);
      expect(invalidValues(schema)).toEqual(mutations);
    });
  }

  it('breaks nested values at every depth, named by pointer', () => {
    const found = invalidValues(SCHEMAS.documents).map((m) => `${m.path} ${m.keyword}`);
    for (const expected of [
      'documents minItems',
      'documents/0/content type',
      'documents/0/content required',
      'documents/0/unexpected_property type',
      'scope enum',
      'meta/size minimum',
      'meta/owner/id format',
      'meta/owner/id required',
      'scope required',
    ]) {
      expect(found).toContain(expected);
    }
  });

  it('uses documented examples and defaults some of the time', () => {
    const schema = { type: 'string', examples: ['the-example'], default: 'the-default' };
    const values = fc.sample(validValue(schema), { seed: 3, numRuns: 200 });
    expect(values).toContain('the-example');
    expect(values).toContain('the-default');
    expect(values.some((v) => v !== 'the-example' && v !== 'the-default')).toBe(true);
  });
});

function synthetic(method: OperationModel['method'], path: string, operation: Record<string, any>): OperationModel {
  const view = operationView(`synthetic#/paths/${path}/${method}`, operation);
  return { apiName: 'synthetic', method, path, operationId: `${method} ${path}`, ...view, successStatus: 200, statuses: new Set(['200', '400']), assumed: {} };
}

// Shapes the bundled specs do not use: path, header and array parameters, a vendor JSON type, files by encoding.
const SYNTHETIC: OperationModel[] = [
  synthetic('post', '/things/{thing_id}/{n}', {
    parameters: [
      { in: 'path', name: 'thing_id', required: true, schema: { type: 'string', minLength: 3, maxLength: 12 } },
      { in: 'path', name: 'n', required: true, schema: { type: 'integer', minimum: 1, maximum: 99 } },
      { in: 'query', name: 'flag', schema: { type: 'boolean' } },
      { in: 'query', name: 'ratio', required: true, schema: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
      { in: 'query', name: 'tags', explode: false, schema: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, maxItems: 2 } },
      { in: 'query', name: 'ids', schema: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 } },
      { in: 'header', name: 'X-Request-Mode', required: true, schema: { type: 'string', enum: ['fast', 'slow'] } },
      { in: 'header', name: 'X-Count', schema: { type: 'integer', minimum: 0 } },
      { in: 'header', name: 'Authorization', required: true, schema: { type: 'string' } },
    ],
    requestBody: {
      content: {
        'application/vnd.thing+json': {
          schema: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 20 },
              size: { type: ['integer', 'null'], minimum: 0, maximum: 10 },
              kind: { type: 'string', enum: ['small', 'large'] },
              tags: { type: 'array', uniqueItems: true, maxItems: 3, items: { type: 'string', pattern: '^[a-z]+$' } },
              nested: { type: 'object', additionalProperties: false, properties: { x: { type: 'number', exclusiveMinimum: 0 } } },
            },
          },
        },
      },
    },
  }),
  synthetic('post', '/uploads', {
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file', 'title'],
            properties: {
              file: { type: 'string', format: 'binary' },
              thumb: { type: 'string', contentMediaType: 'image/png' },
              title: { type: 'string', pattern: '^[A-Z][a-z]+$' },
              count: { type: 'integer', minimum: 1 },
              draft: { type: 'boolean' },
              labels: { type: 'array', items: { type: 'string', enum: ['x', 'y'] } },
            },
          },
          encoding: { file: { contentType: 'text/csv' } },
        },
      },
    },
  }),
];

/** The request as the twin's validator receives it once the server has read it (see src/mock/serve.ts). */
function asRead(req: GeneratedRequest): RawRequest | 'malformed' {
  const headers: Record<string, string> = { authorization: 'Bearer t1' };
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) for (const item of Array.isArray(v) ? v : [v]) query.append(k, item);
  let body: ParsedBody | undefined;
  const b = req.body;
  if (b?.kind === 'json') {
    headers['content-type'] ??= 'application/json';
    body = { kind: 'json', value: JSON.parse(JSON.stringify(b.value)) };
  } else if (b?.kind === 'multipart') {
    headers['content-type'] = 'multipart/form-data; boundary=x';
    const files = Object.fromEntries(
      Object.entries(b.files).map(([k, f]) => [k, { filename: f.filename, contentType: f.contentType, size: Buffer.byteLength(f.content) }]),
    );
    body = { kind: 'multipart', fields: { ...b.fields }, files };
  } else if (b?.kind === 'raw') {
    headers['content-type'] = b.contentType;
    if (b.contentType.endsWith('json')) {
      try {
        body = { kind: 'json', value: JSON.parse(b.text) };
      } catch {
        return 'malformed';
      }
    } else body = { kind: 'other', contentType: b.contentType, size: Buffer.byteLength(b.text) };
  }
  return { params: req.params, query, headers, body };
}

describe("requests for shapes the bundled specs lack, checked by the twin's request validator", () => {
  const ajv = createAjv();
  for (const op of SYNTHETIC) {
    it(op.operationId, () => {
      const validate = compileRequestValidator(op, ajv);
      for (const req of fc.sample(validRequest(op), { seed: 5, numRuns: 60 })) {
        const read = asRead(req);
        expect(read, JSON.stringify(req)).not.toBe('malformed');
        const verdict = validate(read as RawRequest);
        expect(verdict.ok, `${JSON.stringify(req)} ${JSON.stringify(verdict)}`).toBe(true);
        expect(Object.keys(req.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
        if (req.body?.kind === 'multipart') {
          expect(req.body.files.file).toMatchObject({ contentType: 'text/csv', filename: expect.stringMatching(/\.csv$/) });
          if (req.body.files.thumb) expect(req.body.files.thumb.contentType).toBe('image/png');
        }
      }
      const cases = negativeCases(op);
      expect(cases.length).toBeGreaterThan(5);
      for (const c of cases) {
        for (const req of fc.sample(c.request, { seed: 9, numRuns: 3 })) {
          const read = asRead(req);
          const refused = read === 'malformed' || !validate(read).ok;
          expect(refused, `${c.location} ${c.name} ${c.keyword} (${c.description}) ${JSON.stringify(req)}`).toBe(true);
        }
      }
    });
  }

  it('covers each kind of break', () => {
    const names = SYNTHETIC.flatMap((op) => negativeCases(op).map((c) => `${c.location} ${c.name} ${c.keyword}`));
    for (const expected of [
      'path n type',
      'path n maximum',
      'path thing_id minLength',
      'query ratio required',
      'query ratio exclusiveMinimum',
      'query tags maxItems',
      'query ids/0 minimum',
      'header X-Request-Mode required',
      'header X-Request-Mode enum',
      'header X-Count type',
      'body nested/x exclusiveMinimum',
      'body unexpected_property additionalProperties',
      'body  json',
      'body  contentType',
      'body file required',
      'body title pattern',
      'body count type',
    ]) {
      expect(names).toContain(expected);
    }
    // A string path value cannot be broken by its type once it travels as text.
    expect(names).not.toContain('path thing_id type');
  });

  it('fills documented examples with fixed values', () => {
    const op = synthetic('get', '/x/{id}', {
      parameters: [
        { in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } },
        { in: 'query', name: 'q', schema: { type: 'string' }, examples: { short: { value: 'a' }, long: { value: 'a longer query' } } },
      ],
    });
    const first = exampleRequests(op);
    expect(first.map((e) => e.request.query.q)).toEqual(['a', 'a longer query']);
    expect(first.map((e) => e.name)).toEqual(['q:short', 'q:long']);
    expect(first[0].request.params.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(exampleRequests(op)).toEqual(first);
  });
});

describe('requests for the bundled specs', () => {
  it('break each documented constraint, skipping the job id', async () => {
    const apis = await loadApis({ apis: ['alchemyst', 'crosmos', 'contextual', 'jobs'] });
    const labels = apis.flatMap((api) =>
      api.operations.flatMap((op) => negativeCases(op).map((c) => `${api.name} ${op.operationId} ${c.location} ${c.name} ${c.keyword}`)),
    );
    for (const expected of [
      'alchemyst addContextAsync body documents/0/content type',
      'alchemyst addContextAsync body context_type enum',
      'alchemyst addContextAsync body scope required',
      'alchemyst checkStatusForAllAddAsyncJobs query type enum',
      'crosmos create_sources_api_v1_sources_post body sources maxItems',
      'crosmos create_sources_api_v1_sources_post body sources/0/content required',
      'crosmos create_sources_api_v1_sources_post body space_id format',
      'contextual parse_parse_post body raw_file required',
      'contextual parse_parse_post body parse_mode enum',
      'contextual parse_parse_post body  contentType',
      'contextual parse_list_jobs_parse_jobs_get query limit maximum',
      'contextual parse_results_parse_jobs__job_id__results_get query output_types/0 enum',
      'jobs AdminPromptsController_preview body systemPrompt maxLength',
      'jobs AdminPromptsController_preview body  json',
    ]) {
      expect(labels).toContain(expected);
    }
    expect(labels.filter((l) => / path (id|job_id) /.test(l))).toEqual([]);
    // the vendor documents page_range's format in prose only: nothing to break
    expect(labels.filter((l) => l.includes('page_range'))).toEqual([]);
  });

  it('send the Contextual file as a PDF', async () => {
    const [api] = await loadApis({ apis: ['contextual'] });
    const op = api.operations.find((o) => o.operationId === 'parse_parse_post')!;
    for (const req of fc.sample(validRequest(op), { seed: 1, numRuns: 10 })) {
      expect(req.body?.kind).toBe('multipart');
      if (req.body?.kind === 'multipart')
        expect(req.body.files.raw_file).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(/\.pdf$/) });
    }
  });
});

const API_NAMES = ['alchemyst', 'crosmos', 'contextual', 'jobs'];
const RUNS = 12;
const NEGATIVE_RUNS = 2;

function describeRequest(op: OperationModel, req: GeneratedRequest): string {
  return `${op.method.toUpperCase()} ${op.path} ${JSON.stringify(req).slice(0, 400)}`;
}

for (const name of API_NAMES) {
  describe(`requests for ${name}, sent to the twin`, () => {
    let mock: RunningMock;
    let api: ApiModel;
    const client = new HttpClient({ requestTimeoutMs: 10_000 });
    const send = async (op: OperationModel, req: GeneratedRequest) => {
      const exchange = await client.send(buildRequest(mock.urls[name], op, req, {}, { authorization: 'Bearer t1' }));
      return { status: exchange.response?.status ?? 0, text: exchange.response?.text ?? exchange.error?.message ?? '' };
    };

    beforeAll(async () => {
      [api] = await loadApis({ apis: [name] });
      mock = await startMock({ apis: [name], port: 0, seed: 1 });
    });
    afterAll(() => mock?.close());

    it('accepts every generated valid request (2xx, or 404 for an unknown job id)', async () => {
      const refused: string[] = [];
      let cursorRefusals = 0;
      for (const op of api.operations) {
        for (const req of fc.sample(validRequest(op), { seed: 7, numRuns: RUNS })) {
          const { status, text } = await send(op, req);
          const ok = (status >= 200 && status < 300) || (status === 404 && op.ext?.jobId !== undefined);
          if (ok) continue;
          if (refusedCursor(op, req, text)) cursorRefusals++;
          else refused.push(`${status} ${describeRequest(op, req)} → ${text.slice(0, 200)}`);
        }
      }
      expect(refused).toEqual([]);
      // Only the list with an opaque cursor may refuse, and not every request.
      expect(cursorRefusals).toBeLessThan(RUNS);
    });

    it('refuses every negative case with a documented 4xx other than 401/404', async () => {
      const accepted: string[] = [];
      for (const op of api.operations) {
        const documented = [...op.statuses].filter((s) => /^4\d\d$/.test(s) && s !== '401' && s !== '404').map(Number);
        for (const c of negativeCases(op)) {
          if (c.location === 'path') expect(op.ext?.jobId?.name).not.toBe(c.name);
          for (const req of fc.sample(c.request, { seed: 11, numRuns: NEGATIVE_RUNS })) {
            for (const value of Object.values(req.params)) expect(value === '' || value.includes('/')).toBe(false);
            const { status } = await send(op, req);
            if (!documented.includes(status)) accepted.push(`${status} ${c.location} ${c.name} ${c.keyword} (${c.description}) ${describeRequest(op, req)}`);
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it('sends the documented examples, accepted', async () => {
      const refused: string[] = [];
      for (const op of api.operations) {
        for (const { name: example, request } of exampleRequests(op)) {
          const { status } = await send(op, request);
          const ok = (status >= 200 && status < 300) || (status === 404 && op.ext?.jobId !== undefined);
          if (!ok) refused.push(`${status} ${example} ${describeRequest(op, request)}`);
        }
      }
      expect(refused).toEqual([]);
    });
  });
}

/** Valid by the schema, refused by design: a list cursor the server never issued (any string is schema-valid). */
function refusedCursor(op: OperationModel, req: GeneratedRequest, text: string): boolean {
  const cursor = op.ext?.role === 'list' ? op.ext.paging?.cursor?.param : undefined;
  return cursor !== undefined && req.query[cursor] !== undefined && text.includes(cursor);
}
