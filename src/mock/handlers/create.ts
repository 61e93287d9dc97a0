// role: create — draws a new job's plan and answers with its id: with `endedStatus` once the job has
// already ended, held by Prefer: wait when the operation declares `wait`.
import { parseJobHeader, JOB_HEADER } from '../job-header.js';
import { jobScope, type HandlerContext, type Reply } from './context.js';
import type { CreateOperation } from '../../spec/model.js';
import type { Job } from '../../core/store/job.js';
import { hasEnded, preferredWait, waitForEnd } from './prefer-wait.js';

export function handleCreate(ctx: HandlerContext<CreateOperation>): Reply | Promise<Reply> {
  const directives = parseJobHeader(ctx.headers[JOB_HEADER], ctx.api.ext.lifecycle);
  if (typeof directives === 'string') return { problem: 'invalid', message: directives };
  const refused = ctx.webhooks?.refusal(ctx.api, ctx.valid.body);
  if (refused) return { problem: 'invalid', message: refused };
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
  ctx.webhooks?.noteOrigin(job, ctx.req);
  const max = ctx.op.extras.waitMax;
  const seconds = max === undefined ? undefined : preferredWait(ctx.headers, max);
  if (seconds === undefined) return answer(ctx, job);
  const applied = { 'preference-applied': `wait=${seconds}` };
  return waitForEnd(ctx.twin, ctx.api, job, seconds, ctx.signal).then((outcome) =>
    outcome === 'closed' ? { dropped: true, jobId: job.id } : answer(ctx, job, applied),
  );
}

/** The job as it stands when answered: `endedStatus` (when declared) once it has ended. */
function answer(ctx: HandlerContext<CreateOperation>, job: Job, headers?: Record<string, string>): Reply {
  const now = ctx.twin.clock.now();
  const view = ctx.twin.view(ctx.api, job);
  const ended = ctx.op.extras.endedStatus !== undefined && hasEnded(ctx.twin, ctx.api, job);
  const status = ended ? ctx.op.extras.endedStatus! : ctx.op.successStatus;
  return { status, body: ctx.op.body.render(jobScope({ req: ctx.req, now }, view)), jobId: job.id, ...(headers ? { headers } : {}) };
}
