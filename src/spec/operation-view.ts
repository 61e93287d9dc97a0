// The typed view of an operation's parameters, request body, responses and security, built once at
// load from the dereferenced document: defaults applied (required, style, explode, the document's
// security), so the twin and the suite read fields instead of walking the raw OpenAPI objects.
import { SpecError } from './spec-error.js';

/** A JSON Schema 2020-12 node as OpenAPI 3.1 holds it: an object, or true (anything) / false (nothing). */
export type JsonSchema = Record<string, any> | boolean;

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';
const LOCATIONS: readonly string[] = ['path', 'query', 'header', 'cookie'] satisfies ParameterLocation[];

export interface ExampleModel {
  value?: unknown;
  summary?: string;
  externalValue?: string;
}

/** The documented values of a parameter or media type: `example`, and the named `examples`. */
export interface Exemplified {
  example?: unknown;
  examples?: Record<string, ExampleModel>;
}

export interface EncodingModel {
  /** the part's content types, comma-separated as the spec wrote them */
  contentType?: string;
}

export interface MediaModel extends Exemplified {
  schema?: JsonSchema;
  /** per form property; {} when the spec says nothing */
  encoding: Record<string, EncodingModel>;
}

export interface ParameterModel extends Exemplified {
  name: string;
  in: ParameterLocation;
  /** always true for a path parameter, as OpenAPI requires */
  required: boolean;
  schema?: JsonSchema;
  /** a parameter described by a media type instead of a schema: its value travels encoded so */
  content?: Record<string, MediaModel>;
  /** OpenAPI's default when unset: form in the query and cookies, simple in the path and headers */
  style: string;
  /** OpenAPI's default when unset: true for the form style only */
  explode: boolean;
}

export interface RequestBodyModel {
  required: boolean;
  /** by media type as documented (may hold a wildcard such as *\/*) */
  content: Record<string, MediaModel>;
}

export interface HeaderModel {
  required: boolean;
  schema?: JsonSchema;
}

export interface ResponseModel {
  /** by media type; {} when the response has no body */
  content: Record<string, MediaModel>;
  /** by name as documented; {} when none */
  headers: Record<string, HeaderModel>;
}

/** One alternative of a security requirement: every named scheme (with its scopes) applies together. */
export type SecurityRequirement = Record<string, string[]>;

export interface OperationView {
  /** the path item's parameters merged with the operation's own (which win on the same in and name) */
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  /** by status key as documented: "200", "4XX", "default" */
  responses: Record<string, ResponseModel>;
  /** the alternatives that apply: the operation's own requirement, else the document's; [] when none */
  security: SecurityRequirement[];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectEntries(value: unknown): Array<[string, Record<string, any>]> {
  return isObject(value) ? Object.entries(value).filter((entry): entry is [string, Record<string, any>] => isObject(entry[1])) : [];
}

/** The schema's keywords, or undefined for a boolean schema (or none): it has no keywords to read. */
export function schemaObject(schema: JsonSchema | undefined): Record<string, any> | undefined {
  return isObject(schema) ? schema : undefined;
}

function exemplified(raw: Record<string, any>): Exemplified {
  return {
    ...(raw.example !== undefined ? { example: raw.example } : {}),
    ...(isObject(raw.examples) ? { examples: Object.fromEntries(objectEntries(raw.examples)) } : {}),
  };
}

function schemaOf(raw: Record<string, any>): { schema?: JsonSchema } {
  return isObject(raw.schema) || typeof raw.schema === 'boolean' ? { schema: raw.schema } : {};
}

function media(raw: Record<string, any>): MediaModel {
  const encoding = objectEntries(raw.encoding).map(([name, e]): [string, EncodingModel] => [
    name,
    typeof e.contentType === 'string' ? { contentType: e.contentType } : {},
  ]);
  return { ...schemaOf(raw), ...exemplified(raw), encoding: Object.fromEntries(encoding) };
}

function contentOf(raw: unknown): Record<string, MediaModel> {
  return Object.fromEntries(objectEntries(raw).map(([type, m]) => [type, media(m)]));
}

function parameter(where: string, raw: Record<string, any>): ParameterModel {
  if (typeof raw.name !== 'string' || !LOCATIONS.includes(raw.in)) {
    throw new SpecError(
      `${where}/parameters: a parameter needs a name and an "in" of ${LOCATIONS.join(', ')} (got ${JSON.stringify({ name: raw.name, in: raw.in })})`,
    );
  }
  const location = raw.in as ParameterLocation;
  const style = typeof raw.style === 'string' ? raw.style : location === 'query' || location === 'cookie' ? 'form' : 'simple';
  return {
    name: raw.name,
    in: location,
    required: location === 'path' || raw.required === true,
    ...schemaOf(raw),
    ...(isObject(raw.content) ? { content: contentOf(raw.content) } : {}),
    style,
    explode: typeof raw.explode === 'boolean' ? raw.explode : style === 'form',
    ...exemplified(raw),
  };
}

function mergedParameters(where: string, shared: unknown, own: unknown): ParameterModel[] {
  const out = new Map<string, ParameterModel>();
  for (const raw of [...(Array.isArray(shared) ? shared : []), ...(Array.isArray(own) ? own : [])]) {
    if (!isObject(raw)) continue;
    const p = parameter(where, raw);
    out.set(`${p.in}:${p.name}`, p);
  }
  return [...out.values()];
}

function response(raw: Record<string, any>): ResponseModel {
  const headers = objectEntries(raw.headers).map(([name, h]): [string, HeaderModel] => [name, { required: h.required === true, ...schemaOf(h) }]);
  return { content: contentOf(raw.content), headers: Object.fromEntries(headers) };
}

function requirements(raw: unknown): SecurityRequirement[] | undefined {
  return Array.isArray(raw) ? raw.filter(isObject) : undefined;
}

/**
 * The view of one operation of the dereferenced document. `where` is the operation's JSON pointer, for
 * messages; `sharedParameters` the path item's; `documentSecurity` the document's top-level `security`.
 */
export function operationView(where: string, operation: Record<string, any>, sharedParameters?: unknown, documentSecurity?: unknown): OperationView {
  const body = operation.requestBody;
  return {
    parameters: mergedParameters(where, sharedParameters, operation.parameters),
    ...(isObject(body) ? { requestBody: { required: body.required === true, content: contentOf(body.content) } } : {}),
    responses: Object.fromEntries(objectEntries(operation.responses).map(([status, r]) => [status, response(r)])),
    security: requirements(operation.security) ?? requirements(documentSecurity) ?? [],
  };
}

/** The key of the documented response that answers a status: exact, then its range (4XX), then default. */
export function documentedKey(responses: Record<string, ResponseModel>, status: number | string): string | undefined {
  const s = String(status);
  return [s, `${s[0]}XX`, `${s[0]}xx`, 'default'].find((key) => responses[key] !== undefined);
}
