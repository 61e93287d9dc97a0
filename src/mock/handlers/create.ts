// role: create — draws a new job's plan and answers with its id.
import { parseJobHeader, JOB_HEADER } from '../job-header.js';
import { jobScope, type HandlerContext, type Reply } from './context.js';
import type { CreateOperation } from '../../spec/model.js';

export function handleCreate(ctx: HandlerContext<CreateOperation>): Reply {
  const directives = parseJobHeader(ctx.headers[JOB_HEADER], ctx.api.ext.lifecycle);
  if (typeof directives === 'string') return { problem: 'invalid', message: directives };
  const job = ctx.twin.create(ctx.api, {
    tenant: ctx.tenant,
    input: ctx.valid.body,
    type: directives.type ?? ctx.op.ext.jobType,
    overrides: directives.overrides,
    deadlineSource: {
      header: (name) => ctx.headers[name.toLowerCase()],
      body: (name) => {
        const body = ctx.valid.body;
        return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
      },
    },
  });
  const view = ctx.twin.view(ctx.api, job);
  return { status: ctx.op.successStatus, body: ctx.op.body.render(jobScope(ctx, view)), jobId: job.id };
}
