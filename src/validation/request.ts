// Validates a request against its operation: path, query and header parameters, JSON and multipart
// bodies. Every schema compiles here, once, when the twin starts.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { coerceScalar, coerceValues, isArraySchema } from './coerce.js';
import { detailsFromAjv, type ValidationDetail } from './details.js';

export { firstMessage, type ValidationDetail } from './details.js';

export interface FileInfo {
  filename: string;
  contentType: string;
  size: number;
}

export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'multipart'; fields: Record<string, string | string[]>; files: Record<string, FileInfo | FileInfo[]> }
  | { kind: 'other'; contentType: string; size: number };

export interface RawRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body?: ParsedBody;
}

export interface ValidRequest {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export type ValidationResult = { ok: true; value: ValidRequest } | { ok: false; details: ValidationDetail[] };

export interface OperationLike {
  parameters?: any[];
  requestBody?: any;
}

interface CompiledParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: any;
  style: string;
  explode: boolean;
  hasDefault: boolean;
  validate: ValidateFunction;
}

interface CompiledMedia {
  media: string;
  kind: 'json' | 'multipart' | 'other';
  schema: any;
  validate: ValidateFunction;
  fileProps: Set<string>;
}

export function mediaMatches(documented: string, actual: string): boolean {
  const d = documented.toLowerCase();
  const a = actual.toLowerCase();
  if (d === a || d === '*/*') return true;
  const [dt, ds] = d.split('/');
  const [at, as] = a.split('/');
  if (dt !== at) return false;
  if (ds === '*') return true;
  return ds === 'json' && as?.endsWith('+json') === true;
}

export function fileProperties(schema: any): Set<string> {
  const out = new Set<string>();
  for (const [name, prop] of Object.entries<any>(schema?.properties ?? {})) {
    const item = prop?.type === 'array' ? prop.items : prop;
    if (item && (item.format === 'binary' || item.contentMediaType !== undefined || item.contentEncoding === 'binary')) out.add(name);
  }
  return out;
}

export function compileRequestValidator(op: OperationLike, ajv: Ajv2020): (req: RawRequest) => ValidationResult {
  const params: CompiledParam[] = (op.parameters ?? [])
    .filter((p: any) => p.in === 'path' || p.in === 'query' || p.in === 'header')
    .map((p: any) => ({
      name: p.in === 'header' ? String(p.name).toLowerCase() : p.name,
      in: p.in,
      required: p.in === 'path' || p.required === true,
      schema: p.schema ?? {},
      // OpenAPI defaults: query `form` (exploded), path and header `simple` (comma-separated).
      style: p.style ?? (p.in === 'query' ? 'form' : 'simple'),
      explode: p.explode ?? (p.style ?? (p.in === 'query' ? 'form' : 'simple')) === 'form',
      hasDefault: p.schema?.default !== undefined,
      validate: ajv.compile(p.schema ?? {}),
    }));
  const body = op.requestBody;
  const medias: CompiledMedia[] = Object.entries<any>(body?.content ?? {}).map(([media, content]) => {
    const lower = media.toLowerCase();
    const kind = lower.startsWith('multipart/') ? 'multipart' : mediaMatches('application/json', lower) || lower.endsWith('+json') ? 'json' : 'other';
    return { media: lower, kind, schema: content?.schema ?? {}, validate: ajv.compile(content?.schema ?? {}), fileProps: fileProperties(content?.schema) };
  });
  const bodyRequired = body?.required === true;

  return (req) => {
    const details: ValidationDetail[] = [];
    const value: ValidRequest = { params: {}, query: {}, body: undefined };
    for (const p of params) {
      let raw: string[];
      if (p.in === 'path') raw = req.params[p.name] === undefined ? [] : [req.params[p.name]];
      else if (p.in === 'query') raw = req.query.getAll(p.name);
      else {
        const h = req.headers[p.name];
        raw = h === undefined ? [] : Array.isArray(h) ? h : [h];
      }
      if (raw.length === 0) {
        if (p.required) details.push({ loc: [p.in, p.name], msg: 'Field required', type: 'missing' });
        else if (p.hasDefault && p.in === 'query') value.query[p.name] = structuredClone(p.schema.default);
        continue;
      }
      const coerced = coerceValues(raw, p.schema, p.explode, p.style);
      if (!p.validate(coerced)) details.push(...detailsFromAjv(p.validate.errors, [p.in, p.name]));
      if (p.in === 'path') value.params[p.name] = coerced;
      else if (p.in === 'query') value.query[p.name] = coerced;
    }

    if (medias.length > 0) {
      if (!req.body) {
        if (bodyRequired) details.push({ loc: ['body'], msg: 'Field required', type: 'missing' });
      } else {
        const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        const media = medias.find((m) => mediaMatches(m.media, contentType));
        if (!media) {
          details.push({ loc: ['body'], msg: `Content type should be ${medias.map((m) => `'${m.media}'`).join(' or ')} (got '${contentType || 'none'}')`, type: 'content_type' });
        } else if (media.kind === 'json' && req.body.kind !== 'json') {
          details.push({ loc: ['body'], msg: 'Body should be JSON', type: 'json_invalid' });
        } else if (media.kind === 'multipart' && req.body.kind !== 'multipart') {
          details.push({ loc: ['body'], msg: 'Body should be multipart/form-data', type: 'content_type' });
        } else if (req.body.kind === 'json') {
          if (!media.validate(req.body.value)) details.push(...detailsFromAjv(media.validate.errors, ['body']));
          value.body = req.body.value;
        } else if (req.body.kind === 'multipart') {
          value.body = checkMultipart(media, req.body, details);
        } else {
          value.body = { contentType: req.body.contentType, size: req.body.size };
        }
      }
    }
    return details.length ? { ok: false, details } : { ok: true, value };
  };
}

function checkMultipart(media: CompiledMedia, body: Extract<ParsedBody, { kind: 'multipart' }>, details: ValidationDetail[]): Record<string, unknown> {
  const props: Record<string, any> = media.schema?.properties ?? {};
  const form: Record<string, unknown> = Object.create(null);
  const probe: Record<string, unknown> = Object.create(null);
  for (const [name, raw] of Object.entries(body.fields)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (media.fileProps.has(name)) {
      details.push({ loc: ['body', name], msg: 'Expected a file upload, received a text field', type: 'value_error' });
      continue;
    }
    const schema = props[name];
    form[name] = schema ? coerceValues(values, schema) : values.length === 1 ? values[0] : values;
    probe[name] = form[name];
  }
  for (const [name, file] of Object.entries(body.files)) {
    form[name] = file;
    // ajv sees a string where the schema says binary; a file sent for a text field is a string too.
    probe[name] = Array.isArray(file) ? file.map((f) => f.filename) : file.filename;
    // one file for an array of files is a list of one
    if (!Array.isArray(file) && media.fileProps.has(name) && isArraySchema(props[name])) probe[name] = [file.filename];
    if (!media.fileProps.has(name) && props[name]) probe[name] = coerceScalar(Array.isArray(file) ? '' : file.filename, props[name]);
  }
  if (!media.validate({ ...probe })) details.push(...detailsFromAjv(media.validate.errors, ['body']));
  return { ...form };
}
