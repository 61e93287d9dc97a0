// What a role handler receives, and what it gives back.
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiModel, JobOperation, OperationModel } from '../../spec/model.js';
import type { ErrorKind } from '../../spec/extension-types.js';
import type { ValidRequest } from '../../validation/request.js';
import type { ErrorRequest } from '../errors.js';
import type { Twin } from '../../core/twin.js';
import type { Job } from '../../core/store/job.js';
import type { JobView } from '../../core/lifecycle/view.js';
import type { PageView, Scopes } from '../../template/scopes.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';

/** `Op`: the operation as its role sees it (src/spec/model.ts), with what the role needs present. */
export interface HandlerContext<Op extends OperationModel = OperationModel> {
  twin: Twin;
  api: ApiModel;
  op: Op;
  tenant: string;
  valid: ValidRequest;
  headers: IncomingHttpHeaders;
  req: ErrorRequest;
  now: number;
  /** webhooks of the APIs that declare them */
  webhooks?: WebhookDispatcher;
  /** aborts when the client goes away before its answer (a create held by Prefer: wait) */
  signal?: AbortSignal;
}

export type Reply =
  | { status: number; body: unknown; jobId?: string; headers?: Record<string, string> }
  | { problem: ErrorKind; message?: string; jobId?: string }
  /** the client went away: nothing to send */
  | { dropped: true; jobId?: string };

/** The job named by the operation's jobId parameter, if its tenant may see it. */
export function jobOf(ctx: HandlerContext<JobOperation>): { id: string; job: Job | undefined } {
  const where = ctx.op.jobId;
  const source = where.in === 'path' ? ctx.valid.params : ctx.valid.query;
  const raw = String(source[where.name] ?? '');
  // a uuid is read case-insensitively (RFC 9562); the twin issues lower case
  const id = ctx.api.ext.ids.format === 'uuid' ? raw.toLowerCase() : raw;
  return { id, job: ctx.twin.find(ctx.api, ctx.tenant, id) };
}

/** The scope of a job's template (src/template/scopes.ts declares what it holds). */
export function jobScope(ctx: Pick<HandlerContext, 'req' | 'now'>, job: JobView): Scopes['job'] {
  return { req: ctx.req, now: ctx.now, job };
}

/** The scope of a list's body. */
export function pageScope(ctx: Pick<HandlerContext, 'req' | 'now'>, page: PageView): Scopes['page'] {
  return { req: ctx.req, now: ctx.now, page };
}
