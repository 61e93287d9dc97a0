// The lifecycle, model-based: fast-check command sequences (create, poll, cancel, list, results,
// wait, read as the other tenant) on real jobs, each driven to its end afterwards; and a cancel tour
// that tries cancel while the job waits, while it runs and once it has finished.
import fc from 'fast-check';
import { validRequest } from '../arbitraries/request.js';
import { notFoundStatus } from '../checks/util.js';
import { jobParts } from '../runner/jobs.js';
import type { RequestParts } from '../http/build.js';
import { sleep } from '../http/rate-limit.js';
import { statusObservations, type JobTrace } from '../model/job.js';
import type { RunContext, Where } from '../runner/context.js';
import { cancelJob, createJob, listFind, readAsOther, readResults, readStatus, settle } from '../runner/jobs.js';
import { replayOf, runProperty, where } from '../runner/property.js';
import { deadlineTour } from './deadline.js';

interface Model {
  created: number;
}

interface Real {
  jobs: JobTrace[];
}

type Command = fc.AsyncCommand<Model, Real>;

function pick(real: Real, i: number): JobTrace | undefined {
  return real.jobs.length ? real.jobs[i % real.jobs.length] : undefined;
}

function commandArbitraries(ctx: RunContext, w: Where): Array<fc.Arbitrary<Command>> {
  const api = ctx.api;
  const job = (name: string, act: (job: JobTrace) => Promise<unknown>) =>
    fc.nat(7).map((i): Command => ({
      check: (m) => m.created > 0,
      run: async (_m, r) => {
        const target = pick(r, i);
        if (target) await act(target);
      },
      toString: () => `${name}(job ${i})`,
    }));
  const create = validRequest(api.byRole.create!).map((parts): Command => ({
    check: () => true,
    run: async (m, r) => {
      m.created++;
      const created = await createJob(ctx, parts as RequestParts, w);
      if (created) r.jobs.push(created);
    },
    toString: () => 'create',
  }));
  // creates weigh double: most commands need a job to act on
  const out: Array<fc.Arbitrary<Command>> = [
    create,
    create,
    job('poll', (j) => readStatus(ctx, j, w)),
    fc.integer({ min: 0, max: 300 }).map((ms): Command => ({ check: () => true, run: () => sleep(ms, ctx.stopSignal), toString: () => `wait(${ms}ms)` })),
  ];
  if (api.byRole.cancel) out.push(job('cancel', (j) => cancelJob(ctx, j, w)));
  if (api.byRole.list) out.push(job('list', (j) => listFind(ctx, j, w)));
  if (api.byRole.results) out.push(job('results', (j) => readResults(ctx, j, w)));
  if (ctx.options.otherToken) out.push(job('other-tenant', (j) => readAsOther(ctx, j, w)));
  return out;
}

/** How long a sequence waits for its jobs; slower ones are waited for together at the end of the phase. */
const SEQUENCE_WAIT_MS = 3000;

/** Listed, read as the other tenant, results read: what is checked of a job once it has ended. */
async function afterEnd(ctx: RunContext, jobs: JobTrace[], w: Where): Promise<void> {
  for (const j of jobs) {
    if (ctx.halted) return;
    if (ctx.api.byRole.list) await listFind(ctx, j, w);
    if (ctx.options.otherToken) {
      await readAsOther(ctx, j, w);
      if (ctx.api.byRole.list) await listFind(ctx, j, w, 'other');
    }
    if (ctx.api.byRole.results && !j.removed) await readResults(ctx, j, w);
  }
}

/** After a sequence: every job to its end (or set aside when slow), then afterEnd, and an ended one cancelled. */
async function finish(ctx: RunContext, jobs: JobTrace[], w: Where, slow: JobTrace[]): Promise<void> {
  const settled = await Promise.all(jobs.map((j) => settle(ctx, j, w, SEQUENCE_WAIT_MS)));
  slow.push(...jobs.filter((_, i) => !settled[i]));
  await afterEnd(
    ctx,
    jobs.filter((_, i) => settled[i]),
    w,
  );
  const ended = jobs.find((j) => !j.removed && ctx.model.isTerminal(statusObservations(j).at(-1)?.status ?? ''));
  if (ended && ctx.api.byRole.cancel) await cancelJob(ctx, ended, w);
}

/** Concurrent runs of the sequences property when --workers is not given: a staging server takes eight (each a few requests a second). */
export const DEFAULT_WORKERS = 8;

/** How many concurrent runs, and each one's share of the runs and its seed (the first keeps the run's). */
export function workerPlan(ctx: RunContext): Array<{ runs: number; seed: number }> {
  const width = ctx.options.replay ? 1 : Math.max(1, Math.min(ctx.options.workers ?? DEFAULT_WORKERS, ctx.runs));
  return Array.from({ length: width }, (_, i) => ({
    runs: Math.floor(ctx.runs / width) + (i < ctx.runs % width ? 1 : 0),
    // a seed of its own, printed in its replay lines, so each run's cases replay alone
    seed: i === 0 ? ctx.seed : (ctx.seed + i * 7919) | 0,
  }));
}

/**
 * The command sequences, split across --workers concurrent property runs: real jobs take seconds, and
 * one sequence after another would spend the run waiting. Each run has its own seed, failures and
 * shrinking; all share the client, so the rate limit holds for the whole.
 */
async function sequences(ctx: RunContext): Promise<void> {
  const base = where('lifecycle', ctx.api.byRole.create!.operationId, 'commands');
  const plan = workerPlan(ctx);
  await Promise.all(
    plan.map(({ runs, seed }, i) =>
      ctx.isolate(async () => {
        const w: Where = plan.length === 1 ? base : { ...base, scope: `${base.property}#${i}`, seed };
        // a replay repeats the shrunk sequence: fast-check needs to know which of its commands ran
        const commands = fc.commands(commandArbitraries(ctx, w), { maxCommands: 8, replayPath: replayOf(ctx, w)?.replayPath });
        const first = validRequest(ctx.api.byRole.create!);
        const slow: JobTrace[] = [];
        await runProperty(
          ctx,
          w,
          fc.tuple(first, commands),
          async ([parts, cmds]) => {
            const before = ctx.found;
            // every sequence starts from one job, so no command is wasted waiting for a create
            const real: Real = { jobs: [] };
            const job = await createJob(ctx, parts as RequestParts, w);
            if (job) real.jobs.push(job);
            // results asked for at once, while the job has most likely not ended: nothing may be in them yet
            if (job && ctx.api.byRole.results) await readResults(ctx, job, w);
            await fc.asyncModelRun(() => ({ model: { created: real.jobs.length }, real }), cmds);
            await finish(ctx, real.jobs, w, slow);
            return ctx.found - before;
          },
          runs,
        );
        // the jobs that outlived their sequence's wait: all at once, each up to --max-wait-ms
        // (failures found here replay through the whole sequences property)
        if (slow.length === 0 || ctx.halted) return;
        ctx.collector.begin(w.scope ?? w.property);
        await Promise.all(slow.map((j) => settle(ctx, j, w)));
        await afterEnd(ctx, slow, w);
      }),
    ),
  );
}

/** Polls until the job is seen in one of the states (or has ended); true when it was. */
async function until(ctx: RunContext, job: JobTrace, states: Set<string>, w: Where): Promise<boolean> {
  const stop = Math.min(job.created.at + ctx.maxWaitMs, ctx.deadline);
  while (Date.now() < stop && !ctx.halted && !ctx.failedJobs.has(job)) {
    const state = statusObservations(job).at(-1)?.status;
    if (state !== undefined && states.has(state)) return true;
    if (state !== undefined && ctx.model.isTerminal(state)) return false;
    const exchange = await readStatus(ctx, job, w);
    if (!exchange?.response || exchange.response.status >= 300) return false;
    const now = statusObservations(job).at(-1)?.status;
    if (now !== undefined && states.has(now)) return true;
    await sleep(5, ctx.stopSignal);
  }
  return false;
}

/**
 * Another tenant cancels the job while it most likely still waits (cancellable): the answer must be
 * the unknown-id one, and the owner's next read must find the job as it was.
 */
async function cancelAsOther(ctx: RunContext, job: JobTrace, w: Where): Promise<void> {
  const op = ctx.api.byRole.cancel!;
  const before = statusObservations(job).at(-1)?.status;
  const exchange = await ctx.send(op, jobParts(op, job.id), 'other');
  const count = job.observations.length;
  const read = await readStatus(ctx, job, w);
  const status = ctx.api.byRole.status;
  const notFound = !!status && read?.response?.status === (notFoundStatus(status) ?? 404);
  const owner = read?.response ? { before, notFound, status: job.observations.length > count ? job.observations.at(-1)!.status : undefined } : undefined;
  ctx.judge(op, exchange, { kind: 'other-tenant', job, notFoundStatus: notFoundStatus(op) ?? 404, owner }, w);
}

async function cancelTour(ctx: RunContext): Promise<void> {
  const rules = ctx.model.cancel;
  const op = ctx.api.byRole.cancel;
  if (!rules || !op) return;
  const w = where('lifecycle', op.operationId, 'cancel-tour');
  const create = ctx.api.byRole.create!;
  await runProperty(
    ctx,
    w,
    validRequest(create),
    async (parts) => {
      const before = ctx.found;
      // at once: the job is most likely still waiting
      const first = await createJob(ctx, parts as RequestParts, w);
      if (first) {
        if (ctx.options.otherToken) await cancelAsOther(ctx, first, w);
        await cancelJob(ctx, first, w);
        await cancelJob(ctx, first, w);
      }
      // while it runs, when the polls catch it running
      const second = await createJob(ctx, parts as RequestParts, w);
      if (second) {
        if (await until(ctx, second, new Set([ctx.model.running]), w)) await cancelJob(ctx, second, w);
        else ctx.skip('lifecycle', `${op.operationId}: no poll caught job ${second.id} in "${ctx.model.running}", so cancel while running was not tried`);
        await settle(ctx, second, w);
      }
      // once ended
      const third = await createJob(ctx, parts as RequestParts, w);
      if (third) {
        await settle(ctx, third, w);
        if (!third.removed) await cancelJob(ctx, third, w);
      }
      return ctx.found - before;
    },
    1,
  );
}

/**
 * The lifecycle after the list tour's first walk: the cancel tour (mostly waiting for its jobs) beside
 * the sequences, each with failures of its own. The list tour itself runs beside them (run.ts).
 */
export async function lifecycleCommands(ctx: RunContext): Promise<void> {
  if (!ctx.api.byRole.create) {
    ctx.skip('lifecycle', 'the spec has no create operation (x-jobtwin role: create)');
    return;
  }
  await Promise.all([ctx.isolate(() => cancelTour(ctx)), ctx.isolate(() => deadlineTour(ctx)), sequences(ctx)]);
}
