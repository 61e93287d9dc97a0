// The operation's lifecycle role answers (create, status, results, cancel, list); an operation
// without one is answered by prism-http's mocker.
import type { HandlerContext, Reply } from '../handlers/context.js';
import { handleCreate } from '../handlers/create.js';
import { handleStatus } from '../handlers/status.js';
import { handleCancel } from '../handlers/cancel.js';
import { handleList } from '../handlers/list.js';
import type { RoleOperation } from '../../spec/model.js';
import type { ValidRequest } from '../../validation/request.js';
import { problem, type Answer, type OperationExchange, type Stage } from './types.js';

/** Each role's handler, given the operation typed as its role sees it. A new role is one case here. */
function answerFor(ctx: HandlerContext, op: RoleOperation): Reply | Promise<Reply> {
  switch (op.role) {
    case 'create':
      return handleCreate({ ...ctx, op });
    case 'list':
      return handleList({ ...ctx, op });
    case 'cancel':
      return handleCancel({ ...ctx, op });
    case 'status':
    case 'results':
      return handleStatus({ ...ctx, op });
  }
}

export const answerByRole: Stage<OperationExchange> = {
  name: 'role',
  run(x) {
    // Both are set by earlier stages; reordered stages must not answer an unchecked request.
    if (x.tenant === undefined) return problem('unauthorized');
    if (x.valid === undefined) return problem('internal', { message: 'jobtwin could not answer: the request was not validated' });
    const role = x.op.asRole;
    if (!role) return fallback(x, x.valid);
    const { twin } = x.deps;
    const ctx: HandlerContext = {
      twin,
      api: x.api,
      op: x.op,
      tenant: x.tenant,
      valid: x.valid,
      headers: x.req.headers,
      req: x.errorReq,
      now: twin.clock.now(),
      webhooks: x.deps.webhooks,
      signal: role.role === 'create' && role.extras.waitMax ? closeSignal(x) : undefined,
    };
    // Only a held create answers later: status polls (the hot path) stay synchronous.
    const answer = answerFor(ctx, role);
    return answer instanceof Promise ? answer.then((a) => toAnswer(x, a)) : toAnswer(x, answer);
  },
};

function toAnswer(x: OperationExchange, answer: Reply): Answer {
  x.jobId = answer.jobId;
  if ('dropped' in answer) return { kind: 'dropped' };
  return 'problem' in answer
    ? problem(answer.problem, { message: answer.message })
    : { kind: 'reply', status: answer.status, body: answer.body, headers: answer.headers };
}

/** Aborts when the client closes its connection before the answer is sent. */
function closeSignal(x: OperationExchange): AbortSignal {
  const controller = new AbortController();
  x.res.once('close', () => {
    if (!x.res.writableFinished) controller.abort();
  });
  return controller.signal;
}

async function fallback(x: OperationExchange, valid: ValidRequest): Promise<Answer> {
  const prefix = x.deps.prefixes.get(x.api.name) ?? '';
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(valid.query)) query[k] = Array.isArray(v) ? v.map(String) : String(v);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.req.headers)) if (typeof v === 'string') headers[k] = v;
  const answer = await x.deps.fallback.respond(x.api, x.op, {
    method: x.op.method,
    path: x.path.slice(prefix.length) || '/',
    query,
    headers,
    body: valid.body,
  });
  const passed: Record<string, string> = {};
  for (const [k, v] of Object.entries(answer.headers)) if (k.toLowerCase() !== 'content-length' && k.toLowerCase() !== 'content-type') passed[k] = v;
  return { kind: 'reply', status: answer.status, body: answer.body, headers: passed };
}
