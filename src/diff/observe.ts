// Drives jobs on each side and records what a client sees. On the target, jobs take real time and are
// polled every --poll-ms until they end or --max-wait-ms passes. On the twin, the job is created with
// the outcome the target's job had (X-Jobtwin-Job) and its virtual clock is moved to each step of the
// job's plan, so every state it passes is read and nothing waits.
import type { RequestParts } from '../../conformance/http/build.js';
import { sleep } from '../../conformance/http/rate-limit.js';
import type { LifecycleModel } from '../../conformance/model/lifecycle.js';
import { layoutOf, type Layout } from '../../conformance/model/observation.js';
import { getAt } from '../../conformance/model/pointer.js';
import { jobParts } from '../../conformance/runner/jobs.js';
import type { RunningMock } from '../index.js';
import type { ApiModel } from '../spec/model.js';
import { stateTrail } from './compare.js';
import { readOf, type Endpoint } from './endpoint.js';
import type { Answer, CancelRun, JobRun, Read } from './types.js';

/** At most this many status reads of one twin job (a plan longer than this is cut short). */
const MAX_TWIN_STEPS = 100;

export interface JobContext {
  api: ApiModel;
  model: LifecycleModel;
  /** the status operation's layout */
  layout: Layout;
  /** a second tenant's token was given: read each ended job as that tenant */
  otherTenant: boolean;
}

function isEnded(ctx: JobContext, read: Read | undefined): boolean {
  return read?.state !== undefined && ctx.model.isTerminal(read.state);
}

function is2xx(answer: Answer): boolean {
  return answer.status !== undefined && answer.status >= 200 && answer.status < 300;
}

/** Creates the job; its id and, when the create answer carries one, its first status reading. */
async function create(ctx: JobContext, side: Endpoint, parts: RequestParts, headers?: Record<string, string>): Promise<JobRun> {
  const op = ctx.api.byRole.create!;
  const answer = await side.send(op, parts, { headers });
  const run: JobRun = { create: answer, reads: [], ended: false, after: {} };
  if (!is2xx(answer)) return run;
  const layout = layoutOf(op.body, ctx.api.ext.lifecycle.running);
  const id = layout.id ? getAt(answer.body, layout.id.pointer).value : undefined;
  if (typeof id === 'string' || typeof id === 'number') run.id = String(id);
  if (layout.status) {
    const read = readOf(answer, layout);
    if (read.state !== undefined) run.reads.push(read);
  }
  return run;
}

async function readStatus(ctx: JobContext, side: Endpoint, id: string): Promise<Read | undefined> {
  const op = ctx.api.byRole.status;
  if (!op) return undefined;
  return readOf(await side.send(op, jobParts(op, id)), ctx.layout);
}

/** The requests sent once the job has ended: its results, and its status, results and cancel as another tenant. */
async function afterEnd(ctx: JobContext, side: Endpoint, run: JobRun): Promise<void> {
  const { results, status, cancel } = ctx.api.byRole;
  if (!run.id) return;
  if (results) run.after.results = await side.send(results, jobParts(results, run.id));
  if (!ctx.otherTenant) return;
  if (status) run.after['status as another tenant'] = await side.send(status, jobParts(status, run.id), { tenant: 'other' });
  if (results) run.after['results as another tenant'] = await side.send(results, jobParts(results, run.id), { tenant: 'other' });
  // last: on a target that lets another tenant cancel, nothing of the job is read after it
  if (cancel) run.after['cancel as another tenant'] = await side.send(cancel, jobParts(cancel, run.id), { tenant: 'other' });
}

/** A job on the target, polled every pollMs until it ends or maxWaitMs has passed since its creation. */
export async function targetJob(ctx: JobContext, side: Endpoint, parts: RequestParts, o: { pollMs: number; maxWaitMs: number }): Promise<JobRun> {
  const started = Date.now();
  const run = await create(ctx, side, parts);
  if (!run.id || !ctx.api.byRole.status) return run;
  for (;;) {
    const read = await readStatus(ctx, side, run.id);
    if (!read) break;
    run.reads.push(read);
    if (!is2xx(read.answer) || isEnded(ctx, read)) break;
    if (Date.now() - started >= o.maxWaitMs) break;
    await sleep(Math.min(o.pollMs, Math.max(0, started + o.maxWaitMs - Date.now())));
  }
  run.ended = isEnded(ctx, run.reads.at(-1));
  await afterEnd(ctx, side, run);
  return run;
}

/** What X-Jobtwin-Job pins on the twin so its job ends as the target's did. */
export function pinFor(ctx: JobContext, target: JobRun): string {
  const last = target.reads.filter((r) => r.state !== undefined).at(-1);
  const { outcomes } = ctx.api.ext.lifecycle;
  if (!target.ended || !last?.state) return 'outcome=never';
  // attempts as shown, else as the trail shows them: each visit of a retry state, each run after the first
  const trail = stateTrail(target.reads);
  // a retry state can be the initial one too: only visits after a run count
  const firstRun = trail.indexOf(ctx.model.running);
  const retries = firstRun < 0 ? 0 : trail.slice(firstRun).filter((s) => ctx.model.retryVia.includes(s)).length;
  const reruns = trail.filter((s) => s === ctx.model.running).length - 1;
  const failures = Math.max(0, (last.attempts ?? 1) - 1, retries, reruns);
  if (last.state === outcomes.failed) return 'outcome=fail';
  if (last.state === outcomes.partial) return `outcome=partial; failures=${failures}`;
  return `outcome=succeed; failures=${failures}`;
}

/** The twin's job: created with `pin`, then read at every step of its plan on the virtual clock. */
export async function twinJob(ctx: JobContext, side: Endpoint, mock: RunningMock, parts: RequestParts, pin: string): Promise<JobRun> {
  const run = await create(ctx, side, parts, { 'x-jobtwin-job': pin });
  const twinApi = mock.twin.api(ctx.api.name);
  const job = run.id && twinApi ? mock.twin.find(twinApi, null, run.id) : undefined;
  if (!run.id || !job || !ctx.api.byRole.status) return run;
  const times = [...new Set(job.steps.map((s) => s.at))].sort((a, b) => a - b);
  for (const at of times.slice(0, MAX_TWIN_STEPS)) {
    const to = job.createdAt + at;
    if (to > mock.clock.now()) mock.advance(to - mock.clock.now());
    const read = await readStatus(ctx, side, run.id);
    if (!read) break;
    run.reads.push(read);
    if (!is2xx(read.answer) || isEnded(ctx, read)) break;
  }
  run.ended = isEnded(ctx, run.reads.at(-1));
  await afterEnd(ctx, side, run);
  return run;
}

/** On the target: a job read, cancelled at once, and read again. */
export async function targetCancel(ctx: JobContext, side: Endpoint, parts: RequestParts): Promise<CancelRun> {
  const made = await create(ctx, side, parts);
  const run: CancelRun = { create: made.create, id: made.id };
  const op = ctx.api.byRole.cancel!;
  if (!made.id) return run;
  run.before = await readStatus(ctx, side, made.id);
  run.cancel = await side.send(op, jobParts(op, made.id));
  run.after = await readStatus(ctx, side, made.id);
  return run;
}

/** The plans that may take a twin job through `state`, most likely first. */
function pinsThrough(ctx: JobContext, state: string | undefined): string[] {
  const { outcomes } = ctx.api.ext.lifecycle;
  if (state === outcomes.failed) return ['outcome=fail'];
  if (state !== undefined && state === outcomes.partial) return ['outcome=partial'];
  return ['outcome=succeed', 'failures=1', 'outcome=fail'];
}

/**
 * On the twin: the same, from the state the target's job was read in. The job is created with a plan
 * that passes that state and the clock moved to it, so it carries what the path there leaves (a start
 * time, attempts); a state no plan passes is forced.
 */
export async function twinCancel(ctx: JobContext, side: Endpoint, mock: RunningMock, parts: RequestParts, state: string | undefined): Promise<CancelRun> {
  const twinApi = mock.twin.api(ctx.api.name);
  const op = ctx.api.byRole.cancel!;
  let made: JobRun | undefined;
  let job;
  for (const pin of pinsThrough(ctx, state)) {
    made = await create(ctx, side, parts, { 'x-jobtwin-job': pin });
    job = made.id && twinApi ? mock.twin.find(twinApi, null, made.id) : undefined;
    if (!job) break;
    const step = state === undefined ? undefined : job.steps.find((s) => s.state === state);
    if (state === undefined || step) {
      const to = job.createdAt + (step?.at ?? 0);
      if (to > mock.clock.now()) mock.advance(to - mock.clock.now());
      break;
    }
  }
  const run: CancelRun = { create: made!.create, id: made?.id };
  if (!made?.id || !job || !twinApi) return run;
  const now = mock.twin.view(twinApi, job).status;
  if (state !== undefined && now !== state && ctx.model.isState(state)) {
    try {
      mock.twin.moveTo(twinApi, job, state, true);
    } catch {
      // a state the twin cannot put a job in: the cancel is compared from where the job is
    }
  }
  run.before = await readStatus(ctx, side, made.id);
  run.cancel = await side.send(op, jobParts(op, made.id));
  run.after = await readStatus(ctx, side, made.id);
  return run;
}
