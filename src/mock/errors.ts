// One catalog of errors: each API declares its envelope once (x-jobtwin.errors) and this renders it.
import { compileTemplate, type CompiledTemplate } from '../template/compile.js';
import type { ErrorKind } from '../spec/extension-types.js';
import type { Scopes } from '../template/scopes.js';
import type { ApiModel, OperationModel } from '../spec/model.js';
import { documentedKey, schemaObject } from '../spec/operation-view.js';
import type { ValidationDetail } from '../validation/request.js';
import { classValidatorMessages } from '../validation/class-validator.js';
import { isJsonMedia } from '../validation/media.js';

export const KIND_STATUS: Record<Exclude<ErrorKind, 'invalid'>, number> = {
  unauthorized: 401,
  paymentRequired: 402,
  forbidden: 403,
  notFound: 404,
  methodNotAllowed: 405,
  conflict: 409,
  tooLarge: 413,
  rateLimited: 429,
  internal: 500,
  unavailable: 503,
};

const DEFAULT_MESSAGES: Record<ErrorKind, string> = {
  invalid: 'Invalid request',
  unauthorized: 'Unauthorized',
  paymentRequired: 'Payment Required',
  forbidden: 'Forbidden: insufficient scope',
  notFound: 'Not Found',
  methodNotAllowed: 'Method Not Allowed',
  conflict: 'Conflict',
  tooLarge: 'Payload Too Large',
  rateLimited: 'Too Many Requests',
  internal: 'Internal Server Error',
  unavailable: 'Service Unavailable',
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? `HTTP ${status}`;
}

export interface ErrorRequest {
  path: string;
  method: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** scheme://host[:port] as the client reached the twin (its Host header), for self-links */
  origin: string;
  /** where the API is mounted on the twin ('' at the root, '/batch' beside other APIs) */
  base: string;
}

export interface RenderedError {
  status: number;
  body: unknown;
  /** the API's declared headers for this status (errors.headers), e.g. a 401's WWW-Authenticate */
  headers?: Record<string, string>;
  /** the Content-Type the operation documents (or assumes, errors.assumed) for the status when not plain JSON */
  contentType?: string;
}

const FALLBACK_ENVELOPE = { error: '{{error.title}}', message: '{{error.message}}', status: '{{error.status}}' };
// Templates compile on first use and are kept: nothing is parsed twice.
const compiledObjects = new WeakMap<object, CompiledTemplate>();
const compiledStrings = new Map<string, CompiledTemplate>();

function compiled(template: unknown): CompiledTemplate {
  if (typeof template === 'string') {
    let c = compiledStrings.get(template);
    if (!c) compiledStrings.set(template, (c = compileTemplate(template)));
    return c;
  }
  if (template !== null && typeof template === 'object') {
    let c = compiledObjects.get(template);
    if (!c) compiledObjects.set(template, (c = compileTemplate(template)));
    return c;
  }
  return compileTemplate(template);
}

export function statusOf(api: ApiModel, op: OperationModel | undefined, kind: ErrorKind): number {
  if (kind !== 'invalid') return KIND_STATUS[kind];
  return op?.ext?.errors?.validationStatus ?? api.ext.errors.validationStatus ?? 400;
}

function codeOf(status: number): string {
  return statusTitle(status)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');
}

export function renderError(
  api: ApiModel | undefined,
  op: OperationModel | undefined,
  kind: ErrorKind,
  req: ErrorRequest,
  now: number,
  options: { message?: string; details?: ValidationDetail[]; status?: number } = {},
): RenderedError {
  const status = options.status ?? (api ? statusOf(api, op, kind) : kind === 'invalid' ? 400 : KIND_STATUS[kind]);
  const opErrors = op?.ext?.errors;
  const apiErrors = api?.ext.errors;
  const scope: Scopes['message'] = { req, now };
  // Only declared messages are templates. A computed one quotes the request (a path, a header, the JSON
  // parser's excerpt): rendering it would let a client inject `{{…}}` (a 500 on a bad expression) and
  // would cache one template per distinct request.
  // NestJS's ValidationPipe answers a body that breaks its DTO with an array of messages.
  const style = opErrors?.validationStyle ?? apiErrors?.validationStyle;
  const styled = kind === 'invalid' && style === 'nestjs' && options.details ? classValidatorMessages(options.details, jsonBodySchema(op)) : undefined;
  // An invalid request to an operation that declares its own wording for it gets that wording (the
  // Alchemyst list: "Invalid type. Expected one of: …"), not the validator's sentence.
  const ownInvalid = kind === 'invalid' ? opErrors?.messages?.invalid : undefined;
  const message: string | string[] =
    styled ??
    (ownInvalid === undefined ? options.message : undefined) ??
    String(compiled(opErrors?.messages?.[kind] ?? apiErrors?.messages?.[kind] ?? DEFAULT_MESSAGES[kind]).render(scope) ?? '');
  // a refusal the handler words itself: pydantic reports a validator's ValueError as value_error
  const details = options.details ?? [
    style === 'pydantic'
      ? { type: 'value_error', loc: [], msg: `Value error, ${String(message)}`, input: null }
      : { loc: [], msg: String(message), type: kind },
  ];
  // Most specific first: the operation's template for this status, the operation's own envelope (an
  // API whose operations answer in different shapes: Alchemyst's status vs. cancel), then the root's.
  const template =
    opErrors?.byStatus?.[String(status)] ?? opErrors?.envelope ?? apiErrors?.byStatus?.[String(status)] ?? apiErrors?.envelope ?? FALLBACK_ENVELOPE;
  const errorScope: Scopes['error'] = { ...scope, error: { status, message, title: statusTitle(status), code: codeOf(status), details } };
  const headers = opErrors?.headers?.[String(status)] ?? apiErrors?.headers?.[String(status)];
  const mediaType = op?.assumed[String(status)]?.mediaType ?? documentedErrorMedia(op, status);
  return {
    status,
    body: compiled(template).render(errorScope),
    ...(headers ? { headers } : {}),
    ...(mediaType ? { contentType: `${mediaType}; charset=utf-8` } : {}),
  };
}

/**
 * The JSON media type the operation documents for this error status when it is not application/json
 * (RFC 9457's application/problem+json): the twin answers in it, as the vendor says its service does.
 */
function documentedErrorMedia(op: OperationModel | undefined, status: number): string | undefined {
  const key = op && documentedKey(op.responses, status);
  const types = Object.keys((key && op.responses[key].content) ?? {}).map((m) => m.split(';')[0].trim().toLowerCase());
  if (types.includes('application/json')) return undefined;
  return types.find(isJsonMedia);
}

function jsonBodySchema(op: OperationModel | undefined): Record<string, any> | undefined {
  const content = op?.requestBody?.content ?? {};
  const media = Object.keys(content).find(isJsonMedia);
  return media ? schemaObject(content[media].schema) : undefined;
}
