// The public side of the twin: every request to a served API passes here, in this order:
// route → faults → auth → tenant simulation → body → validation → the operation's role.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TwinError, type Twin } from './twin.js';
import type { Router } from './router.js';
import type { Journal } from './journal.js';
import type { Faults } from './faults.js';
import type { PrismFallback } from './fallback.js';
import type { ApiModel, OperationModel } from '../spec/model.js';
import type { ErrorKind } from '../spec/extension-types.js';
import { readBody } from '../validation/body.js';
import { firstMessage, type RawRequest, type ValidationDetail, type ValidRequest } from '../validation/request.js';
import { renderError, type ErrorRequest } from './errors.js';
import { tenantOf, type TokenRules } from './auth.js';
import { sendJson } from './respond.js';
import type { HandlerContext, Reply } from './handlers/context.js';
import { handleCreate } from './handlers/create.js';
import { handleStatus } from './handlers/status.js';
import { handleCancel } from './handlers/cancel.js';
import { handleList } from './handlers/list.js';

export type Validator = (req: RawRequest) => ReturnType<ReturnType<typeof import('../validation/request.js').compileRequestValidator>>;

export interface ServeDeps {
  twin: Twin;
  router: Router;
  journal: Journal;
  faults: Faults;
  validators: Map<OperationModel, Validator>;
  fallback: PrismFallback;
  /** where each API is mounted: the fallback needs spec-relative paths */
  prefixes: Map<string, string>;
  auth?: TokenRules;
}

const HANDLERS = { create: handleCreate, status: handleStatus, results: handleStatus, cancel: handleCancel, list: handleList } as const;
const DEFAULT_BODY_LIMIT = 1_048_576;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createApiHandler(deps: ServeDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serve(deps, req, res).catch((error) => {
      // Never a crash: an unexpected error is a 500 in a plain envelope, and the journal says why.
      sendJson(res, 500, { error: 'Internal Server Error', message: String((error as Error)?.message ?? error) });
    });
  };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

async function serve(deps: ServeDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const { twin } = deps;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const search = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const method = (req.method ?? 'GET').toUpperCase();
  const match = deps.router.match(method, path);
  const api: ApiModel | undefined = match.api;
  const op = match.kind === 'operation' ? match.op : undefined;
  const errorReq: ErrorRequest = { path, method, params: match.kind === 'operation' ? match.params : {}, query: Object.fromEntries(search) };
  let tenant: string | undefined;
  let jobId: string | undefined;
  let fault: string | undefined;

  const finish = (status: number, body: unknown, headers?: Record<string, string>) => {
    sendJson(res, status, body, headers);
    deps.journal.record({
      at: new Date(twin.clock.now()).toISOString(),
      method,
      path,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      api: api?.name,
      operationId: op?.operationId,
      tenant,
      jobId,
      fault,
    });
  };
  const fail = (kind: ErrorKind, options: { message?: string; details?: ValidationDetail[]; status?: number; headers?: Record<string, string> } = {}) => {
    const rendered = renderError(api, op, kind, errorReq, twin.clock.now(), options);
    finish(rendered.status, rendered.body, options.headers);
  };

  if (deps.faults.active) {
    const rule = deps.faults.take({ api: api?.name, method, path });
    if (rule) {
      fault = rule.id;
      if (rule.latencyMs) await sleep(rule.latencyMs);
      if (rule.kind === 'drop') {
        req.socket.destroy();
        deps.journal.record({ at: new Date(twin.clock.now()).toISOString(), method, path, status: 0, durationMs: 0, api: api?.name, fault });
        return;
      }
      if (rule.kind === 'rateLimit') return fail('rateLimited', { headers: { 'retry-after': String(rule.retryAfterSeconds ?? 1) } });
      if (rule.kind === 'status') return fail(rule.status === 503 ? 'unavailable' : 'internal', { status: rule.status, message: `Injected fault ${rule.id}` });
    }
  }

  // The API's declared wording wins (FastAPI: {"detail": "Not Found"}); the explanatory one is the fallback.
  const declared = (kind: ErrorKind) => api?.ext.errors.messages?.[kind] !== undefined;
  if (match.kind === 'none') return fail('notFound', { message: declared('notFound') ? undefined : `No operation at ${path}` });
  if (match.kind === 'method') {
    return fail('methodNotAllowed', { message: declared('methodNotAllowed') ? undefined : `${method} is not allowed on ${path}; allowed: ${match.allow.join(', ')}`, headers: { allow: match.allow.join(', ') } });
  }
  const operation = match.op;

  tenant = tenantOf(req.headers.authorization, twin.clock.now(), deps.auth) ?? undefined;
  if (tenant === undefined) return fail('unauthorized');
  const simulated = twin.simulationFor(tenant);
  if (simulated && operation.statuses.has(String(simulated.status))) return fail(simulated.status === 402 ? 'paymentRequired' : 'forbidden');

  let body: RawRequest['body'];
  // An operation without a request body ignores one (node discards it after the answer): reading it
  // could only end in a 413 or 400 the operation does not document.
  if (hasBody(req) && operation.operation.requestBody !== undefined) {
    const limit = operation.ext?.limits?.bodyBytes ?? match.api.ext.limits?.bodyBytes ?? DEFAULT_BODY_LIMIT;
    const read = await readBody(req, { limitBytes: limit });
    if (!read.ok) {
      if (read.reason === 'too_large') {
        return fail('tooLarge', { message: `Request body is larger than ${limit} bytes`, headers: { connection: 'close' } });
      }
      return fail('invalid', { message: read.message, details: [{ loc: ['body'], msg: read.message, type: read.reason === 'malformed_json' ? 'json_invalid' : read.reason }] });
    }
    body = read.body;
  }

  const validator = deps.validators.get(operation)!;
  const checked = validator({ params: match.params, query: search, headers: req.headers, body });
  if (!checked.ok) {
    const isId = operation.ext?.jobId && checked.details.some((d) => d.loc[0] === operation.ext!.jobId!.in && d.loc[1] === operation.ext!.jobId!.name);
    return fail('invalid', { details: checked.details, message: isId ? undefined : firstMessage(checked.details) });
  }
  errorReq.query = checked.value.query;

  try {
    if (!operation.ext) return await fallback(deps, match.api, operation, checked.value, req, path, finish);
    const ctx: HandlerContext = { twin, api: match.api, op: operation, tenant, valid: checked.value, headers: req.headers, req: errorReq, now: twin.clock.now() };
    const reply: Reply = HANDLERS[operation.ext.role](ctx);
    jobId = reply.jobId;
    if ('problem' in reply) return fail(reply.problem, { message: reply.message });
    finish(reply.status, reply.body);
  } catch (error) {
    if (error instanceof TwinError) return fail(error.kind, { message: error.message });
    // A defect, not an answer the spec describes: say so in the API's own envelope.
    fail('internal', { message: `jobtwin could not answer: ${(error as Error)?.message ?? String(error)}` });
  }
}

async function fallback(
  deps: ServeDeps,
  api: ApiModel,
  op: OperationModel,
  valid: ValidRequest,
  req: IncomingMessage,
  path: string,
  finish: (status: number, body: unknown, headers?: Record<string, string>) => void,
): Promise<void> {
  const prefix = deps.prefixes.get(api.name) ?? '';
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(valid.query)) query[k] = Array.isArray(v) ? v.map(String) : String(v);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const answer = await deps.fallback.respond(api, op, {
    method: op.method,
    path: path.slice(prefix.length) || '/',
    query,
    headers,
    body: valid.body,
  });
  const passed: Record<string, string> = {};
  for (const [k, v] of Object.entries(answer.headers)) if (k.toLowerCase() !== 'content-length' && k.toLowerCase() !== 'content-type') passed[k] = v;
  finish(answer.status, answer.body, passed);
}
