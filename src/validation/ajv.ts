// One ajv for OpenAPI 3.1 schemas (JSON Schema 2020-12) with the formats the specs use.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readUuid } from './uuid-pydantic.js';
import { decycle } from './decycle.js';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as typeof addFormatsModule.default;

/** RFC 4122 textual form, any version or variant; no `urn:uuid:` prefix, no braces (ajv-formats takes the prefix). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** OpenAPI keywords that are annotations to a JSON Schema validator. */
const OPENAPI_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs', 'components'];

/**
 * OpenAPI leaves `format` open (OpenAI's `unixtime`, AssemblyAI's `url`): a format ajv does not know
 * is an annotation, as the specification says, so its warning is dropped; other warnings pass.
 */
const logger = {
  log: console.log,
  warn: (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('unknown format')) return;
    console.warn(...args);
  },
  error: console.error,
};

/**
 * `url` is no OpenAPI or JSON Schema format; vendors write it for a URI (AssemblyAI's audio_url).
 * ajv-formats' legacy `url` refuses loopback and private hosts, so a twin's own links would fail it.
 */
function readUrlAsUri(ajv: Ajv2020): void {
  const uri = ajv.formats.uri;
  if (uri) ajv.addFormat('url', uri as any);
}

/** Compiles a recursive schema of a dereferenced document too: its cycles become $refs (decycle.ts). */
function compileDecycled(ajv: Ajv2020): Ajv2020 {
  const compile = ajv.compile.bind(ajv);
  ajv.compile = ((schema: unknown, meta?: boolean) => compile(decycle(schema) as any, meta)) as typeof ajv.compile;
  return ajv;
}

export function createAjv(): Ajv2020 {
  // strict false: specs carry `x-*` and other keywords we cannot list in advance.
  // coerceTypes false: the request validator coerces strings itself, by parameter style.
  const ajv = compileDecycled(new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, validateFormats: true, logger }));
  addFormats(ajv);
  ajv.addFormat('uuid', UUID_PATTERN);
  readUrlAsUri(ajv);
  // Files are checked for presence by the request validator, never by their bytes.
  ajv.addFormat('binary', true);
  // ajv-formats' `byte` checks base64; keep it (re-added only if a future version drops it).
  if (!ajv.formats.byte) ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  for (const keyword of OPENAPI_KEYWORDS) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  return ajv;
}

let sharedPydanticAjv: Ajv2020 | undefined;

/**
 * The ajv behind `validationStyle: pydantic`: `uuid` as pydantic reads it (urn:uuid:, braces, 32 hex
 * digits) and verbose errors (the failing schema tells a model from a plain dict). One per process.
 */
export function pydanticAjv(): Ajv2020 {
  if (!sharedPydanticAjv) {
    const ajv = compileDecycled(new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, validateFormats: true, verbose: true, logger }));
    addFormats(ajv);
    ajv.addFormat('uuid', { type: 'string', validate: (s: string) => readUuid(s).ok });
    ajv.addFormat('binary', true);
    readUrlAsUri(ajv);
    if (!ajv.formats.byte) ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    for (const keyword of OPENAPI_KEYWORDS) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
    sharedPydanticAjv = ajv;
  }
  return sharedPydanticAjv;
}
