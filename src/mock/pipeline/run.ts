// Runs a request through the stages, sends the first answer one of them gives (in the API's own
// envelope for errors, with the CORS headers on every answer) and journals it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TwinError } from '../../core/twin.js';
import { renderError } from '../errors.js';
import { sendJson, textSent } from '../respond.js';
import { excerpt, type JournalEntry } from '../journal.js';
import { OPERATION_STAGES, REQUEST_STAGES } from './stages.js';
import type { Answer, Exchange, OperationExchange, ServeDeps, Stage } from './types.js';

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function createApiHandler(deps: ServeDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res);
  };
}

async function handle(deps: ServeDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const x = exchangeOf(deps, req, res);
  let answer: Answer;
  try {
    answer = (await runStages(x)) ?? { kind: 'error', error: 'internal', message: 'jobtwin could not answer: no stage answered' };
  } catch (error) {
    // One error channel: a TwinError is an answer the spec describes, anything else a defect said in
    // the API's own envelope.
    answer =
      error instanceof TwinError
        ? { kind: 'error', error: error.kind, message: error.message }
        : { kind: 'error', error: 'internal', message: `jobtwin could not answer: ${(error as Error)?.message ?? String(error)}` };
  }
  try {
    send(x, answer, started);
  } catch (error) {
    // Never a crash, even when rendering the envelope fails.
    sendJson(res, 500, { error: 'Internal Server Error', message: String((error as Error)?.message ?? error) }, x.headers);
  }
}

function exchangeOf(deps: ServeDeps, req: IncomingMessage, res: ServerResponse): Exchange {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const search = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const method = (req.method ?? 'GET').toUpperCase();
  const match = deps.router.match(method, path);
  return {
    deps,
    req,
    res,
    method,
    path,
    search,
    match,
    api: match.api,
    errorReq: {
      path,
      method,
      params: match.kind === 'operation' ? match.params : {},
      query: Object.fromEntries(search),
      origin: originOf(req),
      base: deps.router.prefixOf(match.api),
    },
    headers: (req.headers.origin !== undefined && deps.cors.headersFor(req.headers, 'api')) || NO_HEADERS,
  };
}

/** The twin as the client reached it: forwarding headers are not read, the twin is reached directly. */
function originOf(req: IncomingMessage): string {
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? 'localhost'}`;
}

async function runStages(x: Exchange): Promise<Answer | undefined> {
  const early = await runList(REQUEST_STAGES, x);
  if (early || x.match.kind !== 'operation') return early;
  const ox: OperationExchange = Object.assign(x, { match: x.match, api: x.match.api, op: x.match.op });
  return runList(OPERATION_STAGES, ox);
}

async function runList<X extends Exchange>(stages: Stage<X>[], x: X): Promise<Answer | undefined> {
  for (const stage of stages) {
    let answer = stage.run(x);
    if (answer instanceof Promise) answer = await answer;
    if (answer) return answer;
  }
  return undefined;
}

function send(x: Exchange, answer: Answer, started: number): void {
  const { twin, journal } = x.deps;
  let status = 0;
  if (answer.kind === 'reply') {
    status = answer.status;
    sendJson(x.res, status, answer.body, answer.headers ? { ...answer.headers, ...x.headers } : x.headers);
  } else if (answer.kind === 'error') {
    const op = x.match.kind === 'operation' ? x.match.op : undefined;
    const rendered = renderError(x.api, op, answer.error, x.errorReq, twin.clock.now(), answer);
    status = rendered.status;
    let headers = rendered.headers || answer.headers ? { ...rendered.headers, ...answer.headers, ...x.headers } : x.headers;
    if (rendered.contentType) headers = { ...headers, 'content-type': rendered.contentType };
    sendJson(x.res, status, rendered.body, headers);
  }
  journal.record({
    at: new Date(twin.clock.now()).toISOString(),
    method: x.method,
    path: x.path,
    status,
    durationMs: answer.kind === 'dropped' ? 0 : Math.round((performance.now() - started) * 100) / 100,
    api: x.api?.name,
    operationId: x.match.kind === 'operation' && !x.preflight ? x.match.op.operationId : undefined,
    tenant: x.tenant,
    jobId: x.jobId,
    fault: x.fault,
    ...(x.preflight ? { preflight: true } : {}),
    ...bodiesOf(x, textSent(x.res)),
  });
}

/** Bounded excerpts of the bodies, for the journal: JSON and multipart fields only. */
function bodiesOf(x: Exchange, sent: string | undefined): Pick<JournalEntry, 'request' | 'response'> {
  const body = (x as Partial<OperationExchange>).body;
  const request =
    body?.kind === 'json'
      ? excerpt('application/json', JSON.stringify(body.value) ?? '')
      : body?.kind === 'multipart'
        ? excerpt('multipart/form-data', JSON.stringify({ fields: body.fields, files: body.files }))
        : undefined;
  return { ...(request ? { request } : {}), ...(sent ? { response: excerpt('application/json', sent) } : {}) };
}
