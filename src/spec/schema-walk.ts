// Visits every schema object of an OpenAPI document with its JSON pointer: components, parameters,
// bodies, responses and headers, and the subschemas inside them. Examples, defaults and consts are
// data, not schemas, and are not entered.
import { pointerPart } from './spec-error.js';

export type SchemaVisit = (schema: Record<string, any>, pointer: string) => void;

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_ONES = ['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties'];
const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'];

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Calls `visit` on each schema after its subschemas (so a visit may rebuild the schema it gets). */
export function forEachSchema(doc: Record<string, any>, visit: SchemaVisit): void {
  const c = doc.components ?? {};
  for (const [name, schema] of Object.entries(c.schemas ?? {})) walkSchema(schema, `#/components/schemas/${pointerPart(name)}`, visit);
  for (const [name, p] of Object.entries(c.parameters ?? {})) walkParameter(p, `#/components/parameters/${pointerPart(name)}`, visit);
  for (const [name, r] of Object.entries(c.responses ?? {})) walkResponse(r, `#/components/responses/${pointerPart(name)}`, visit);
  for (const [name, b] of Object.entries<any>(c.requestBodies ?? {})) walkContent(b?.content, `#/components/requestBodies/${pointerPart(name)}/content`, visit);
  for (const [name, h] of Object.entries(c.headers ?? {})) walkParameter(h, `#/components/headers/${pointerPart(name)}`, visit);
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    if (!isObject(item)) continue;
    const at = `#/paths/${pointerPart(path)}`;
    (item.parameters ?? []).forEach((p: unknown, i: number) => walkParameter(p, `${at}/parameters/${i}`, visit));
    for (const method of OPERATION_KEYS) {
      const op = item[method];
      if (!isObject(op)) continue;
      (op.parameters ?? []).forEach((p: unknown, i: number) => walkParameter(p, `${at}/${method}/parameters/${i}`, visit));
      walkContent(op.requestBody?.content, `${at}/${method}/requestBody/content`, visit);
      for (const [status, r] of Object.entries(op.responses ?? {})) walkResponse(r, `${at}/${method}/responses/${pointerPart(status)}`, visit);
    }
  }
}

function walkParameter(p: unknown, at: string, visit: SchemaVisit): void {
  if (!isObject(p)) return;
  walkSchema(p.schema, `${at}/schema`, visit);
  walkContent(p.content, `${at}/content`, visit);
}

function walkResponse(r: unknown, at: string, visit: SchemaVisit): void {
  if (!isObject(r)) return;
  walkContent(r.content, `${at}/content`, visit);
  for (const [name, h] of Object.entries(r.headers ?? {})) walkParameter(h, `${at}/headers/${pointerPart(name)}`, visit);
}

function walkContent(content: unknown, at: string, visit: SchemaVisit): void {
  if (!isObject(content)) return;
  for (const [media, m] of Object.entries<any>(content)) if (isObject(m)) walkSchema(m.schema, `${at}/${pointerPart(media)}/schema`, visit);
}

function walkSchema(schema: unknown, at: string, visit: SchemaVisit): void {
  if (!isObject(schema)) return;
  for (const key of SCHEMA_MAPS) {
    if (isObject(schema[key])) for (const [name, sub] of Object.entries(schema[key])) walkSchema(sub, `${at}/${key}/${pointerPart(name)}`, visit);
  }
  for (const key of SCHEMA_LISTS) if (Array.isArray(schema[key])) schema[key].forEach((sub: unknown, i: number) => walkSchema(sub, `${at}/${key}/${i}`, visit));
  for (const key of SCHEMA_ONES) walkSchema(schema[key], `${at}/${key}`, visit);
  visit(schema, at);
}
