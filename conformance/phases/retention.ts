// Retention and data removal: where the target exposes jobtwin's control interface (the twin itself),
// its clock is moved to just before and just past the data removal (the data must be there, then gone,
// the record kept), then the retention (the job must be kept, then gone). Elsewhere the checks say they
// were skipped and why: a real service's clock cannot be moved.
import { fieldsRemovedBy } from '../../src/spec/data-fields.js';
import { validRequest } from '../arbitraries/request.js';
import type { RequestParts } from '../http/build.js';
import { notFoundStatus } from '../checks/util.js';
import type { RunContext, Where } from '../runner/context.js';
import { createJob, jobParts, listFind, readStatus, settle } from '../runner/jobs.js';
import { runProperty, where } from '../runner/property.js';
import { lastStatus, type JobTrace } from '../model/job.js';
import { removalSpots } from '../checks/data-removal.js';
import { durationMs } from '../../src/core/lifecycle/deadline.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export function controlHeaders(ctx: RunContext): Record<string, string> {
  const token = ctx.options.controlToken;
  return { 'content-type': 'application/json', ...(token ? { 'x-jobtwin-token': token } : {}) };
}

/** The control interface's base URL when the target's origin answers jobtwin's health for this API. */
export async function findControl(ctx: RunContext): Promise<string | undefined> {
  if (ctx.control !== undefined) return ctx.control ?? undefined;
  ctx.control = (await lookForControl(ctx)) ?? null;
  return ctx.control ?? undefined;
}

async function lookForControl(ctx: RunContext): Promise<string | undefined> {
  const base = `${new URL(ctx.target).origin}/__jobtwin`;
  try {
    const res = await fetch(`${base}/health`, { headers: controlHeaders(ctx), signal: AbortSignal.timeout(ctx.options.requestTimeoutMs ?? 10_000) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { status?: string; apis?: Array<{ name: string }> };
    return body.status === 'ok' && body.apis?.some((a) => a.name === ctx.api.name) ? base : undefined;
  } catch {
    return undefined;
  }
}

async function advance(ctx: RunContext, control: string, ms: number): Promise<boolean> {
  const res = await fetch(`${control}/clock/advance`, {
    method: 'POST',
    headers: controlHeaders(ctx),
    body: JSON.stringify({ by: Math.max(0, Math.round(ms)) }),
  }).catch(() => undefined);
  return !!res?.ok;
}

async function clockNow(ctx: RunContext, control: string): Promise<number | undefined> {
  const res = await fetch(`${control}/clock`, { headers: controlHeaders(ctx) }).catch(() => undefined);
  if (!res?.ok) return undefined;
  const body = (await res.json()) as { now?: number | string };
  const t = typeof body.now === 'number' ? body.now : typeof body.now === 'string' ? Date.parse(body.now) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

async function probe(ctx: RunContext, job: JobTrace, expect: 'gone' | 'kept', advancedMs: number, w: Where): Promise<number> {
  const op = ctx.api.byRole.status!;
  const missing = notFoundStatus(op) ?? 404;
  const exchange = await ctx.send(op, jobParts(op, job.id));
  let found = ctx.judge(op, exchange, { kind: 'retention', job, expect, advancedMs, via: 'status', notFoundStatus: missing }, w);
  const list = ctx.api.byRole.list;
  const listed = list ? await listFind(ctx, job, w, 'main', true) : undefined;
  if (list && listed && listed.verdict !== 'unknown') {
    found += ctx.judge(
      list,
      listed.exchange,
      { kind: 'retention', job, expect, advancedMs, via: 'list', listed: listed.verdict === 'found', notFoundStatus: missing },
      w,
    );
  }
  // past retention the job is gone for every later look
  if (expect === 'gone') job.removed = true;
  return found;
}

/**
 * Retention's job is created beside the other phases and ages with them; the clock is moved only once
 * every other job is done with (run.ts opens the gates).
 */
export async function retentionPhase(ctx: RunContext): Promise<void> {
  try {
    await retention(ctx);
  } finally {
    ctx.gates.retentionCreated.open();
  }
}

async function retention(ctx: RunContext): Promise<void> {
  const rule = ctx.model.retention;
  const removal = ctx.api.ext.lifecycle.dataRemoval;
  if (!rule) ctx.skip('retention', 'the spec declares no retention: jobs are kept');
  if (!removal) ctx.skip('retention', 'the spec declares no data removal (lifecycle.dataRemoval)', 'data_removal');
  if (!rule && !removal) return;
  const both = (reason: string) => {
    if (rule) ctx.skip('retention', reason);
    if (removal) ctx.skip('retention', reason, 'data_removal');
  };
  if (!ctx.api.byRole.create || !ctx.api.byRole.status) {
    both('the spec has no create or status operation');
    return;
  }
  const w = where('retention', ctx.api.byRole.status.operationId, 'expiry');
  if (ctx.halted) {
    ctx.notRun.push(w.property);
    return;
  }
  const control = await findControl(ctx);
  if (!control) {
    const how = rule ? `${rule.days} days` : `past its data removal (${removal!.after})`;
    both(`the target has no jobtwin control interface at ${new URL(ctx.target).origin}/__jobtwin, so its clock cannot be moved ${how}`);
    return;
  }
  await runProperty(
    ctx,
    w,
    validRequest(ctx.api.byRole.create),
    async (parts) => {
      const before = ctx.found;
      const job = await createJob(ctx, parts as RequestParts, w);
      ctx.gates.retentionCreated.open();
      if (!job) return ctx.found - before;
      await settle(ctx, job, w);
      // read once the job has ended: its data as it was then, and the target's clock by then
      const state = lastStatus(job);
      const ended = !job.removed && state !== undefined && ctx.model.isTerminal(state);
      const reference = removal && ended ? (await readStatus(ctx, job, w))?.response : undefined;
      const endedBy = reference ? await clockNow(ctx, control) : undefined;
      await ctx.gates.settled.opened;
      if (removal) await removalProbes(ctx, control, job, { reference, endedBy }, w);
      if (rule) await retentionProbes(ctx, control, job, rule, w);
      return ctx.found - before;
    },
    1,
  );
}

/** The job's creation time on the target's clock, from its answers. */
function createdAt(job: JobTrace): number | undefined {
  const at = job.observations.find((o) => typeof o.times.createdAt === 'number')?.times.createdAt;
  return typeof at === 'number' ? at : undefined;
}

async function retentionProbes(ctx: RunContext, control: string, job: JobTrace, rule: NonNullable<RunContext['model']['retention']>, w: Where): Promise<void> {
  const start = await clockNow(ctx, control);
  if (start === undefined) {
    ctx.skip('retention', `the control interface at ${control} would not give its clock (off loopback it needs --control-token)`);
    return;
  }
  // the job's age on the target's clock: its creation time from the answers, else now
  const age = Math.max(0, start - (createdAt(job) ?? start));
  const keptFor = rule.days * DAY - HOUR - age;
  if (keptFor > 0 && (await advance(ctx, control, keptFor))) await probe(ctx, job, 'kept', keptFor + age, w);
  if (await advance(ctx, control, 2 * HOUR)) await probe(ctx, job, 'gone', rule.days * DAY + HOUR, w);
}

/**
 * Data removal: read the job just before its data goes (the earliest it may go: its creation plus the
 * time, as it cannot have ended earlier) and just past it (the latest: when the suite saw it ended,
 * plus the time). Before, the data must read as when the job ended; past, null with the flag set.
 */
async function removalProbes(
  ctx: RunContext,
  control: string,
  job: JobTrace,
  seen: { reference?: { status: number; body?: unknown }; endedBy?: number },
  w: Where,
): Promise<void> {
  const removal = ctx.api.ext.lifecycle.dataRemoval!;
  const skip = (reason: string) => ctx.skip('retention', reason, 'data_removal');
  const op = ctx.api.byRole.status!;
  const fields = [...fieldsRemovedBy(removal)];
  const spots = removalSpots(op.body, fields);
  if (!spots.data.length && spots.flag === undefined) return skip(`the status answer shows neither the job's ${fields.join(' nor ')} nor job.dataRemoved`);
  const afterMs = durationMs(removal.after);
  const retention = ctx.model.retention;
  if (retention && retention.days * DAY <= afterMs + HOUR)
    return skip(`retention (${retention.days} days) removes the job before its data removal (${removal.after})`);
  if (!seen.reference || seen.endedBy === undefined || seen.reference.status >= 300)
    return skip('the job was not seen ended, or the clock could not be read then');
  const margin = Math.max(1000, Math.min(afterMs / 20, 60_000));
  const now = await clockNow(ctx, control);
  if (now === undefined) return skip(`the control interface at ${control} would not give its clock (off loopback it needs --control-token)`);
  const read = async (expect: 'kept' | 'removed') => {
    const exchange = await ctx.send(op, jobParts(op, job.id));
    ctx.judge(op, exchange, { kind: 'data-removal', job, expect, reference: seen.reference!.body, by: { afterMs }, fields }, w);
  };
  const created = createdAt(job);
  const keptUntil = created === undefined ? undefined : created + afterMs - margin;
  if (keptUntil !== undefined && keptUntil > now && (await advance(ctx, control, keptUntil - now))) await read('kept');
  const later = (await clockNow(ctx, control)) ?? now;
  if (await advance(ctx, control, Math.max(0, seen.endedBy + afterMs + margin - later))) await read('removed');
}
