// How the twin reads parameters and form parts: OpenAPI's default styles and encodings.
import { describe, expect, it } from 'vitest';
import { operationView } from '../../src/spec/operation-view.js';
import { createAjv } from '../../src/validation/ajv.js';
import { compileRequestValidator, type RawRequest } from '../../src/validation/request.js';

const ajv = createAjv();

function request(parts: Partial<RawRequest>): RawRequest {
  return { params: {}, query: new URLSearchParams(), headers: {}, body: undefined, ...parts } as RawRequest;
}

describe('parameters', () => {
  const op = {
    parameters: [
      { name: 'ids', in: 'path', required: true, schema: { type: 'array', items: { type: 'integer' } } },
      { name: 'X-Tags', in: 'header', schema: { type: 'array', items: { enum: ['a', 'b'] } } },
      { name: 'level', in: 'query', schema: { enum: [1, 2, 3] } },
      { name: 'words', in: 'query', style: 'spaceDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } } },
      { name: 'pipes', in: 'query', style: 'pipeDelimited', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
      { name: 'many', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
    ],
  };
  const validate = compileRequestValidator(operationView('test', op), ajv);

  it('splits path and header arrays at commas (style simple) and query arrays by their style', () => {
    const verdict = validate(
      request({ params: { ids: '1,2' }, headers: { 'x-tags': 'a,b' }, query: new URLSearchParams('level=2&words=x%20y&pipes=1|2&many=3&many=4') }),
    );
    expect(verdict).toEqual({
      ok: true,
      value: expect.objectContaining({ params: { ids: [1, 2] }, query: expect.objectContaining({ level: 2, words: ['x', 'y'], pipes: [1, 2], many: [3, 4] }) }),
    });
  });

  it('still refuses what breaks the schema', () => {
    const verdict = validate(request({ params: { ids: '1,x' }, headers: { 'x-tags': 'a,c' }, query: new URLSearchParams('level=4') }));
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.details.map((d) => d.loc.join('.'))).toEqual(expect.arrayContaining(['path.ids.1', 'header.x-tags.1', 'query.level']));
  });
});

describe('multipart parts', () => {
  const op = {
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['files', 'meta'],
            properties: {
              files: { type: 'array', items: { type: 'string', format: 'binary' } },
              meta: { type: 'object', required: ['a'], properties: { a: { type: 'integer' } } },
            },
          },
        },
      },
    },
  };
  const validate = compileRequestValidator(operationView('test', op), ajv);
  const file = { filename: 'a.pdf', contentType: 'application/pdf', size: 3 };

  it('reads an object part as JSON text and one file as a list of one', () => {
    const verdict = validate(
      request({
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: { kind: 'multipart', fields: { meta: '{"a":1}' }, files: { files: file } } as any,
      }),
    );
    expect(verdict).toMatchObject({ ok: true, value: { body: { meta: { a: 1 } } } });
  });

  it('refuses an object part that is not the object asked for', () => {
    const verdict = validate(
      request({
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: { kind: 'multipart', fields: { meta: '{"a":"x"}' }, files: { files: file } } as any,
      }),
    );
    expect(verdict.ok).toBe(false);
  });
});

describe('JSON-encoded parts', () => {
  it('leaves a part nested deeper than a body may be as text, for the schema to refuse', () => {
    const op = { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { meta: { type: 'object' } } } } } } };
    const validate = compileRequestValidator(operationView('test', op), ajv);
    const deep = `${'['.repeat(600)}${']'.repeat(600)}`;
    const verdict = validate(
      request({ headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: { kind: 'multipart', fields: { meta: deep }, files: {} } as any }),
    );
    expect(verdict.ok).toBe(false);
  });
});
