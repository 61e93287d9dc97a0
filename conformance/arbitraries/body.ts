// Request bodies: JSON, multipart/form-data (text fields and files), urlencoded forms and raw media,
// in a media type the operation documents.
import fc from 'fast-check';
import type { OperationModel } from '../../src/spec/model.js';
import type { EncodingModel, MediaModel } from '../../src/spec/operation-view.js';
import type { RequestBody } from '../http/types.js';
import { boundedFilter } from './bounded-filter.js';
import { isValid } from './check.js';
import { readScalar, withoutNull } from './params.js';
import { declaredTypes, isFileSchema, isObject, mergeSchemas, normalise, type JsonSchema } from './schema.js';
import { validValue } from './values.js';

export type MediaKind = 'json' | 'multipart' | 'form' | 'other';

export interface MediaSpec {
  /** the media type as the spec lists it (may hold a wildcard) */
  documented: string;
  /** a concrete media type to send */
  type: string;
  kind: MediaKind;
  schema: JsonSchema;
  encoding: Record<string, EncodingModel>;
  /** the documented media type object, for its examples */
  content: MediaModel;
}

/** A body, and the content type to announce when the body kind alone does not say it. */
export interface BodyChoice {
  body?: RequestBody;
  contentType?: string;
}

type MultipartBody = Extract<RequestBody, { kind: 'multipart' }>;
type FilePart = MultipartBody['files'][string];

const WILDCARDS: Record<string, string> = {
  '*/*': 'application/json',
  'application/*': 'application/json',
  'text/*': 'text/plain',
  'image/*': 'image/png',
  'multipart/*': 'multipart/form-data',
};

function baseType(media: string): string {
  return media.split(';')[0].trim().toLowerCase();
}

export function mediaKind(type: string): MediaKind | undefined {
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'multipart/form-data') return 'multipart';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  // Other multipart kinds cannot be sent as a form.
  if (type.startsWith('multipart/')) return undefined;
  return 'other';
}

/** The documented media types the generators can send, in the spec's order. */
export function bodyMedias(op: OperationModel): MediaSpec[] {
  const out: MediaSpec[] = [];
  for (const [documented, content] of Object.entries(op.requestBody?.content ?? {})) {
    const type = WILDCARDS[baseType(documented)] ?? baseType(documented);
    const kind = mediaKind(type);
    if (!kind) continue;
    out.push({ documented, type, kind, schema: content.schema ?? true, encoding: content.encoding, content });
  }
  return out;
}

export function bodyRequired(op: OperationModel): boolean {
  return op.requestBody?.required === true;
}

/** A valid body in one of the documented media types; sometimes none when the body is optional. */
export function validBody(op: OperationModel): fc.Arbitrary<BodyChoice> {
  const medias = bodyMedias(op);
  if (medias.length === 0) return fc.constant({});
  const some = fc.oneof(...medias.map((m) => bodyIn(m)));
  return bodyRequired(op) ? some : fc.oneof({ arbitrary: some, weight: 3 }, { arbitrary: fc.constant<BodyChoice>({}), weight: 1 });
}

export function bodyIn(m: MediaSpec): fc.Arbitrary<BodyChoice> {
  switch (m.kind) {
    case 'json':
      return validValue(m.schema, { omitReadOnly: true }).map((value) => jsonChoice(m, value));
    case 'multipart':
      return multipartBody(m).map((body) => ({ body }));
    case 'form':
      return validValue(m.schema, { omitReadOnly: true, maxDepth: 1 }).map((value) => ({ body: formBody(value) }));
    case 'other':
      return otherBody(m).map((body) => ({ body }));
  }
}

export function jsonChoice(m: MediaSpec, value: unknown): BodyChoice {
  return { body: { kind: 'json', value }, contentType: m.type === 'application/json' ? undefined : m.type };
}

function formBody(value: unknown): RequestBody {
  const search = new URLSearchParams();
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      for (const item of Array.isArray(v) ? v : [v]) search.append(k, typeof item === 'string' ? item : JSON.stringify(item));
    }
  }
  return { kind: 'raw', contentType: 'application/x-www-form-urlencoded', text: search.toString() };
}

function otherBody(m: MediaSpec): fc.Arbitrary<RequestBody> {
  const types = declaredTypes(m.schema);
  const text: fc.Arbitrary<string> =
    types.has('string') && !isFileSchema(m.schema) ? (validValue(m.schema) as fc.Arbitrary<string>) : fc.constant(sampleContent(m.type));
  return text.map((t) => ({ kind: 'raw', contentType: m.type, text: typeof t === 'string' ? t : JSON.stringify(t) }));
}

// ---- multipart ----

const FILE_TYPES: Array<[RegExp, string]> = [
  [/\bpdf\b/i, 'application/pdf'],
  [/\bdocx\b/i, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  [/\bdoc\b/i, 'application/msword'],
  [/\bpptx\b/i, 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  [/\bpng\b/i, 'image/png'],
  [/\bjpe?g\b/i, 'image/jpeg'],
  [/\bcsv\b/i, 'text/csv'],
  [/\bjson\b/i, 'application/json'],
];

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/csv': 'csv',
  'text/plain': 'txt',
  'application/json': 'json',
};

function sampleContent(type: string): string {
  if (type === 'application/pdf') return '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  if (type === 'text/csv') return 'id,name\n1,sample\n';
  if (type.endsWith('json')) return '{"sample":true}';
  if (type.startsWith('text/')) return 'Sample text content.\n';
  return 'sample file content';
}

const FILE_WILDCARDS: Record<string, string> = {
  '*/*': 'application/octet-stream',
  'application/*': 'application/octet-stream',
  'image/*': 'image/png',
  'text/*': 'text/plain',
};

/** The content type of a file part: the encoding's, the schema's, the one its description names, or octet-stream. */
export function fileType(m: MediaSpec, name: string, schema: JsonSchema): string {
  const item = isObject(schema) && schema.type === 'array' && isObject(schema.items) ? schema.items : schema;
  const declared = m.encoding[name]?.contentType ?? (isObject(item) ? item.contentMediaType : undefined);
  if (typeof declared === 'string' && declared.trim() !== '') {
    const first = baseType(declared.split(',')[0]);
    return FILE_WILDCARDS[first] ?? first;
  }
  const text = isObject(item) ? `${item.description ?? ''} ${isObject(schema) ? (schema.description ?? '') : ''} ${item.title ?? ''}` : '';
  let best: { at: number; type: string } | undefined;
  for (const [regex, type] of FILE_TYPES) {
    const at = text.search(regex);
    if (at >= 0 && (!best || at < best.at)) best = { at, type };
  }
  return best?.type ?? 'application/octet-stream';
}

export function filePart(m: MediaSpec, name: string, schema: JsonSchema, stem = 'document', content?: string): FilePart {
  const contentType = fileType(m, name, schema);
  return { filename: `${stem}.${EXTENSIONS[contentType] ?? 'bin'}`, contentType, content: content ?? sampleContent(contentType) };
}

function isArrayField(schema: JsonSchema): boolean {
  const types = declaredTypes(schema);
  return types.has('array') && !types.has('string');
}

/** A form field's text: scalars as text, a one-item array as its item (one part), anything else as JSON. */
export function fieldText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 1 && (typeof value[0] !== 'object' || value[0] === null)) return fieldText(value[0]) ?? 'null';
  return JSON.stringify(value);
}

/** A form field as a server reads it: typed by the schema, objects parsed from JSON. */
export function readField(schema: JsonSchema, raw: string): unknown {
  const types = declaredTypes(schema);
  if (types.has('object') && !types.has('string')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (isArrayField(schema)) return [readScalar(raw, isObject(schema) ? (schema.items ?? true) : true)];
  return readScalar(raw, schema);
}

/** Whether a field's text reads back valid and survives form encoding (which rewrites line breaks). */
export function fieldReadsValid(schema: JsonSchema, text: string): boolean {
  return !/[\r\n]/.test(text) && isValid(schema, readField(schema, text));
}

function fieldValue(schema: JsonSchema): fc.Arbitrary<string> {
  let s = withoutNull(schema);
  // Repeated parts cannot be sent: an array field travels as one part, one item.
  if (isArrayField(s) && isObject(s) && (s.minItems ?? 0) <= 1) s = mergeSchemas(s, { minItems: 1, maxItems: 1 });
  return boundedFilter(
    validValue(s, { maxDepth: 2, omitReadOnly: true }).map(fieldText),
    (text): text is string => text !== undefined && fieldReadsValid(schema, text),
    'a valid form field',
  ) as fc.Arbitrary<string>;
}

export interface MultipartTweak {
  /** a property left out */
  omit?: string;
  /** a text field sent with this text */
  field?: { name: string; text: string };
}

export function multipartProps(m: MediaSpec): { props: Record<string, JsonSchema>; required: Set<string> } {
  const s = normalise(m.schema);
  if (!isObject(s)) return { props: {}, required: new Set() };
  return { props: isObject(s.properties) ? s.properties : {}, required: new Set(Array.isArray(s.required) ? s.required : []) };
}

type Part = { name: string; field?: string; file?: FilePart } | undefined;

export function multipartBody(m: MediaSpec, tweak: MultipartTweak = {}): fc.Arbitrary<MultipartBody> {
  const { props, required } = multipartProps(m);
  const parts: Array<fc.Arbitrary<Part>> = [];
  for (const [name, sub] of Object.entries(props)) {
    if (name === tweak.omit || sub === false) continue;
    if (tweak.field?.name === name) {
      parts.push(fc.constant({ name, field: tweak.field.text }));
      continue;
    }
    if (!required.has(name) && isObject(sub) && sub.readOnly === true) continue;
    const part: fc.Arbitrary<Part> = isFileSchema(sub)
      ? fc.constantFrom('document', 'sample', 'upload-1', 'report_2024').map((stem) => ({ name, file: filePart(m, name, sub, stem) }))
      : fieldValue(sub).map((text) => ({ name, field: text }));
    parts.push(required.has(name) ? part : fc.option(part, { nil: undefined }));
  }
  return fc.tuple(...parts).map((list) => {
    const body: MultipartBody = { kind: 'multipart', fields: {}, files: {} };
    for (const p of list) {
      if (p?.file) body.files[p.name] = p.file;
      else if (p?.field !== undefined) body.fields[p.name] = p.field;
    }
    return body;
  });
}

/** A documented example object as a multipart body: file properties become files holding the example text. */
export function multipartFromValue(m: MediaSpec, value: unknown): MultipartBody {
  const { props } = multipartProps(m);
  const body: MultipartBody = { kind: 'multipart', fields: {}, files: {} };
  if (!isObject(value)) return body;
  for (const [name, v] of Object.entries(value)) {
    if (props[name] !== undefined && isFileSchema(props[name]))
      body.files[name] = filePart(m, name, props[name], 'document', typeof v === 'string' ? v : undefined);
    else {
      const text = fieldText(v);
      if (text !== undefined) body.fields[name] = text;
    }
  }
  return body;
}
