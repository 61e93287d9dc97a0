// role: status and role: results — the job as its tenant sees it now.
import { jobOf, jobScope, type HandlerContext, type Reply } from './context.js';
import type { JobOperation } from '../../spec/model.js';

export function handleStatus(ctx: HandlerContext<JobOperation>): Reply {
  const { id, job } = jobOf(ctx);
  if (!job) return { problem: 'notFound', jobId: id };
  const view = ctx.twin.view(ctx.api, job);
  return { status: ctx.op.successStatus, body: ctx.op.body.render(jobScope(ctx, view)), jobId: id };
}
