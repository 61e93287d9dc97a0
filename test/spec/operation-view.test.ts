// The typed view of an operation: OpenAPI's defaults applied once, at load.
import { describe, expect, it } from 'vitest';
import { operationView } from '../../src/spec/operation-view.js';
import { SpecError } from '../../src/spec/spec-error.js';

const WHERE = 'api.yaml#/paths/~1things~1{id}/get';

describe('operationView', () => {
  it("merges the path item's parameters with the operation's, which win on the same in and name", () => {
    const shared = [
      { in: 'path', name: 'id', schema: { type: 'string' } },
      { in: 'query', name: 'limit', schema: { type: 'integer' } },
    ];
    const own = [
      { in: 'query', name: 'limit', required: true, schema: { type: 'integer', maximum: 10 } },
      { in: 'header', name: 'limit', schema: { type: 'string' } },
    ];
    const { parameters } = operationView(WHERE, { parameters: own }, shared);
    expect(parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:limit', 'header:limit']);
    expect(parameters[1]).toMatchObject({ required: true, schema: { maximum: 10 } });
  });

  it("fills in OpenAPI's defaults: required path parameters, form style in the query and cookies, simple elsewhere", () => {
    const { parameters } = operationView(WHERE, {
      parameters: [
        { in: 'path', name: 'id' },
        { in: 'query', name: 'q' },
        { in: 'query', name: 'tags', style: 'pipeDelimited' },
        { in: 'query', name: 'ids', explode: false },
        { in: 'header', name: 'X-Mode', required: true },
        { in: 'cookie', name: 'session' },
      ],
    });
    expect(parameters.map((p) => [p.name, p.required, p.style, p.explode])).toEqual([
      ['id', true, 'simple', false],
      ['q', false, 'form', true],
      ['tags', false, 'pipeDelimited', false],
      ['ids', false, 'form', false],
      ['X-Mode', true, 'simple', false],
      ['session', false, 'form', true],
    ]);
  });

  it('keeps examples, a content parameter, and boolean schemas as the spec wrote them', () => {
    const schema = { type: 'object' };
    const { parameters } = operationView(WHERE, {
      parameters: [
        { in: 'query', name: 'filter', content: { 'application/json': { schema } }, examples: { one: { value: { a: 1 } }, bad: 'x' } },
        { in: 'query', name: 'any', schema: true, example: 'v' },
      ],
    });
    expect(parameters[0].content?.['application/json'].schema).toBe(schema);
    expect(parameters[0].examples).toEqual({ one: { value: { a: 1 } } });
    expect(parameters[1]).toMatchObject({ schema: true, example: 'v' });
  });

  it('refuses a parameter without a name or a known location, naming the operation', () => {
    expect(() => operationView(WHERE, { parameters: [{ in: 'body', name: 'x' }] })).toThrow(SpecError);
    expect(() => operationView(WHERE, { parameters: [{ in: 'query' }] })).toThrow(`${WHERE}/parameters`);
  });

  it('reads the request body: required only when the spec says so, encodings per property', () => {
    const none = operationView(WHERE, {});
    expect(none.requestBody).toBeUndefined();
    const { requestBody } = operationView(WHERE, {
      requestBody: {
        content: {
          'multipart/form-data': { schema: { type: 'object' }, encoding: { file: { contentType: 'text/csv' }, other: { style: 'form' } } },
          'application/json': {},
        },
      },
    });
    expect(requestBody?.required).toBe(false);
    expect(requestBody?.content['multipart/form-data'].encoding).toEqual({ file: { contentType: 'text/csv' }, other: {} });
    expect(requestBody?.content['application/json']).toEqual({ encoding: {} });
  });

  it('reads every response with its content and headers, {} where the spec has none', () => {
    const { responses } = operationView(WHERE, {
      responses: {
        '202': { description: 'ok', headers: { Location: { required: true, schema: { type: 'string' } }, 'X-Trace': {} } },
        '4XX': { description: 'bad', content: { 'application/json': { schema: { type: 'object' }, example: { error: 'x' } } } },
      },
    });
    expect(Object.keys(responses)).toEqual(['202', '4XX']);
    expect(responses['202']).toEqual({ content: {}, headers: { Location: { required: true, schema: { type: 'string' } }, 'X-Trace': { required: false } } });
    expect(responses['4XX'].headers).toEqual({});
    expect(responses['4XX'].content['application/json'].example).toEqual({ error: 'x' });
  });

  it("takes the operation's own security, else the document's; an explicit [] means none", () => {
    const document = [{ bearer: [] }];
    expect(operationView(WHERE, {}, undefined, document).security).toEqual([{ bearer: [] }]);
    expect(operationView(WHERE, { security: [{ apiKey: [] }, {}] }, undefined, document).security).toEqual([{ apiKey: [] }, {}]);
    expect(operationView(WHERE, { security: [] }, undefined, document).security).toEqual([]);
    expect(operationView(WHERE, {}).security).toEqual([]);
  });
});
