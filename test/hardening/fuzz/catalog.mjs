// @ts-check
// What the fuzzer knows of the served APIs, read off the running twin (never hard-coded): each
// operation's method, mounted path template, parameters, and a valid body to mutate.

/**
 * @typedef {{ name: string, in: string, schema: any }} ParamInfo
 * @typedef {{ api: string, method: string, template: string, role: string | null, params: ParamInfo[],
 *   body: null | { media: string, kind: 'json' | 'multipart' | 'other', example: any, fileFields: string[] } }} OpInfo
 * @typedef {{ name: string, prefix: string, idFormat: string, ops: OpInfo[] }} ApiInfo
 */

/**
 * @param {{ twin: { apiList(): any[] }, urls: Record<string, string>, url: string }} mock
 * @returns {ApiInfo[]}
 */
export function catalogOf(mock) {
  return mock.twin.apiList().map((api) => {
    const prefix = mock.urls[api.name].slice(mock.url.length);
    return {
      name: api.name,
      prefix,
      idFormat: api.ext.ids.format,
      ops: api.operations.map(
        (op) =>
          /** @type {OpInfo} */ ({
            api: api.name,
            method: op.method.toUpperCase(),
            template: `${prefix}${op.path}`,
            role: op.ext?.role ?? null,
            params: op.parameters.map((p) => ({ name: p.name, in: p.in, schema: p.schema ?? {} })),
            body: bodyOf(op.requestBody),
          }),
      ),
    };
  });
}

function bodyOf(requestBody) {
  const entries = Object.entries(requestBody?.content ?? {});
  if (!entries.length) return null;
  const [media, content] = /** @type {[string, any]} */ (entries[0]);
  const lower = media.toLowerCase();
  const kind = lower.startsWith('multipart/') ? 'multipart' : lower.includes('json') ? 'json' : 'other';
  const schema = content?.schema ?? {};
  const fileFields = Object.entries(schema.properties ?? {})
    .filter(([, p]) => /** @type {any} */ (p)?.format === 'binary' || /** @type {any} */ (p)?.items?.format === 'binary')
    .map(([name]) => name);
  return { media: lower, kind, example: content?.example ?? sample(schema), fileFields };
}

/** A minimal value a schema accepts, for bodies whose spec has no example. */
function sample(schema, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 6) return null;
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    const out = {};
    for (const name of schema.required ?? []) out[name] = sample(schema.properties?.[name], depth + 1);
    return out;
  }
  if (type === 'array') return [sample(schema.items, depth + 1)];
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  if (schema.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  return 'x';
}
