// Validates a request against its operation: path, query and header parameters, JSON and multipart
// bodies. Every schema compiles here, once, when the twin starts.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { coerceScalar, coerceValues, isArraySchema } from './coerce.js';
import { detailsFromAjv, type ValidationDetail, type ValidationStyle } from './details.js';
import { pydanticDetailsFromAjv, pydanticMissing } from './pydantic-details.js';
import { pydanticAjv } from './ajv.js';
import { readUuid } from './uuid-pydantic.js';
import { schemaObject, type OperationView, type ParameterModel } from '../spec/operation-view.js';

export { firstMessage, type ValidationDetail, type ValidationStyle } from './details.js';

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

/** What a request is validated against: the operation's typed parameters and body (src/spec/operation-view.ts). */
export type OperationLike = Pick<OperationView, 'parameters' | 'requestBody'>;

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

export interface ValidatorOptions {
  /** `pydantic`: FastAPI-on-pydantic-2 items and uuid reading (x-jobtwin errors.validationStyle) */
  style?: ValidationStyle;
}

function isUuidSchema(schema: any): boolean {
  return schema?.format === 'uuid' && (schema.type === 'string' || schema.type === undefined);
}

export function compileRequestValidator(op: OperationLike, sharedAjv: Ajv2020, options: ValidatorOptions = {}): (req: RawRequest) => ValidationResult {
  const pydantic = options.style === 'pydantic';
  const ajv = pydantic ? pydanticAjv() : sharedAjv;
  // The details a failed schema check gives, in the API's style; `root` is the value checked.
  const explain = (validate: ValidateFunction, prefix: (string | number)[], root: unknown, missingInput: 'parent' | 'null'): ValidationDetail[] =>
    pydantic ? pydanticDetailsFromAjv(validate.errors, prefix, { root, missingInput }) : detailsFromAjv(validate.errors, prefix);
  const missing = (loc: (string | number)[]): ValidationDetail => (pydantic ? pydanticMissing(loc) : { loc, msg: 'Field required', type: 'missing' });
  const params: CompiledParam[] = op.parameters
    .filter((p): p is ParameterModel & { in: CompiledParam['in'] } => p.in === 'path' || p.in === 'query' || p.in === 'header')
    .map((p) => ({
      name: p.in === 'header' ? p.name.toLowerCase() : p.name,
      in: p.in,
      required: p.required,
      schema: p.schema ?? {},
      style: p.style,
      explode: p.explode,
      hasDefault: schemaObject(p.schema)?.default !== undefined,
      validate: ajv.compile(p.schema ?? {}),
    }));
  const body = op.requestBody;
  const medias: CompiledMedia[] = Object.entries(body?.content ?? {}).map(([media, content]) => {
    const lower = media.toLowerCase();
    const kind = lower.startsWith('multipart/') ? 'multipart' : mediaMatches('application/json', lower) || lower.endsWith('+json') ? 'json' : 'other';
    return { media: lower, kind, schema: content.schema ?? {}, validate: ajv.compile(content.schema ?? {}), fileProps: fileProperties(content.schema) };
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
        if (p.required) details.push(missing([p.in, p.name]));
        else if (p.hasDefault && p.in === 'query') value.query[p.name] = structuredClone(p.schema.default);
        continue;
      }
      let coerced = coerceValues(raw, p.schema, p.explode, p.style);
      if (!p.validate(coerced)) details.push(...explain(p.validate, [p.in, p.name], coerced, 'null'));
      // pydantic hands the handler a UUID: every spelling it reads names the same job
      else if (pydantic && typeof coerced === 'string' && isUuidSchema(p.schema)) coerced = (readUuid(coerced) as { canonical: string }).canonical;
      if (p.in === 'path') value.params[p.name] = coerced;
      else if (p.in === 'query') value.query[p.name] = coerced;
    }

    if (medias.length > 0) {
      if (!req.body) {
        const form = pydantic ? medias.find((m) => m.kind === 'multipart') : undefined;
        // FastAPI reads a missing form body as an empty form: each required field is missing
        if (form) for (const name of form.schema?.required ?? []) details.push(missing(['body', name]));
        else if (bodyRequired) details.push(missing(['body']));
      } else {
        const contentType = String(req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase();
        const media = medias.find((m) => mediaMatches(m.media, contentType));
        if (pydantic && medias.some((m) => m.kind === 'multipart') && !(media?.kind === 'multipart' && req.body.kind === 'multipart')) {
          // FastAPI reads any other body as an empty form: each required form field is missing.
          for (const name of medias.find((m) => m.kind === 'multipart')!.schema?.required ?? []) details.push(missing(['body', name]));
        } else if (pydantic && (!media || (media.kind === 'json' && req.body.kind !== 'json'))) {
          // FastAPI hands a body it does not read as JSON to the model as bytes.
          details.push({ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from' });
        } else if (!media) {
          details.push({
            loc: ['body'],
            msg: `Content type should be ${medias.map((m) => `'${m.media}'`).join(' or ')} (got '${contentType || 'none'}')`,
            type: 'content_type',
          });
        } else if (media.kind === 'json' && req.body.kind !== 'json') {
          details.push({ loc: ['body'], msg: 'Body should be JSON', type: 'json_invalid' });
        } else if (media.kind === 'multipart' && req.body.kind !== 'multipart') {
          details.push({ loc: ['body'], msg: 'Body should be multipart/form-data', type: 'content_type' });
        } else if (req.body.kind === 'json') {
          if (!media.validate(req.body.value)) details.push(...explain(media.validate, ['body'], req.body.value, 'parent'));
          value.body = req.body.value;
        } else if (req.body.kind === 'multipart') {
          value.body = checkMultipart(media, req.body, details, pydantic);
        } else {
          value.body = { contentType: req.body.contentType, size: req.body.size };
        }
      }
    }
    return details.length ? { ok: false, details } : { ok: true, value };
  };
}

function checkMultipart(
  media: CompiledMedia,
  body: Extract<ParsedBody, { kind: 'multipart' }>,
  details: ValidationDetail[],
  pydantic: boolean,
): Record<string, unknown> {
  const props: Record<string, any> = media.schema?.properties ?? {};
  const form: Record<string, unknown> = Object.create(null);
  const probe: Record<string, unknown> = Object.create(null);
  for (const [name, raw] of Object.entries(body.fields)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (media.fileProps.has(name)) {
      details.push(
        pydantic
          ? // FastAPI's UploadFile validator; its ctx.error is the exception, which serialises as {}
            {
              type: 'value_error',
              loc: ['body', name],
              msg: "Value error, Expected UploadFile, received: <class 'str'>",
              input: values[values.length - 1],
              ctx: { error: {} },
            }
          : { loc: ['body', name], msg: 'Expected a file upload, received a text field', type: 'value_error' },
      );
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
  const checked = { ...probe };
  if (!media.validate(checked)) {
    if (!pydantic) details.push(...detailsFromAjv(media.validate.errors, ['body']));
    else {
      // a file sent as text is reported once, as FastAPI does, not also as missing
      const reported = new Set(details.filter((d) => d.loc[0] === 'body').map((d) => d.loc[1]));
      details.push(
        ...pydanticDetailsFromAjv(media.validate.errors, ['body'], { root: checked, missingInput: 'null' }).filter(
          (d) => !(d.type === 'missing' && reported.has(d.loc[1])),
        ),
      );
    }
  }
  return { ...form };
}
