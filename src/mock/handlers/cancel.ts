// role: cancel — the API's cancel rules: cancelled (200), running (409), finished or unknown (404).
import { jobOf, jobScope, type HandlerContext, type Reply } from './context.js';
import type { JobOperation } from '../../spec/model.js';

export function handleCancel(ctx: HandlerContext<JobOperation>): Reply {
  const { id, job } = jobOf(ctx);
  if (!job) return { problem: 'notFound', jobId: id };
  const result = ctx.twin.cancel(ctx.api, job);
  if (result.outcome !== 'cancelled') return { problem: result.outcome, jobId: id };
  return { status: ctx.op.successStatus, body: ctx.op.body.render(jobScope(ctx, result.view)), jobId: id };
}
