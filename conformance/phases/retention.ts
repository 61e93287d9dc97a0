// Retention: where the target exposes jobtwin's control interface (the twin itself), its clock is
// moved to just before and just past the retention, and the job must be kept, then gone. Elsewhere
// the check says it was skipped and why: a real service's clock cannot be moved.
import { validRequest } from '../arbitraries/request.js';
import type { RequestParts } from '../http/build.js';
import { notFoundStatus } from '../checks/util.js';
import type { RunContext, Where } from '../runner/context.js';
import { createJob, jobParts, listFind, settle } from '../runner/jobs.js';
import { runProperty, where } from '../runner/property.js';
import type { JobTrace } from '../model/job.js';

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
  if (!rule) {
    ctx.skip('retention', 'the spec declares no retention: jobs are kept');
    return;
  }
  if (!ctx.api.byRole.create || !ctx.api.byRole.status) {
    ctx.skip('retention', 'the spec has no create or status operation');
    return;
  }
  const w = where('retention', ctx.api.byRole.status.operationId, 'expiry');
  if (ctx.halted) {
    ctx.notRun.push(w.property);
    return;
  }
  const control = await findControl(ctx);
  if (!control) {
    ctx.skip(
      'retention',
      `the target has no jobtwin control interface at ${new URL(ctx.target).origin}/__jobtwin, so its clock cannot be moved ${rule.days} days`,
    );
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
      await ctx.gates.settled.opened;
      const start = await clockNow(ctx, control);
      if (start === undefined) {
        ctx.skip('retention', `the control interface at ${control} would not give its clock (off loopback it needs --control-token)`);
        return ctx.found - before;
      }
      // the job's age on the target's clock: its creation time from the answers, else now
      const created = job.observations.find((o) => typeof o.times.createdAt === 'number')?.times.createdAt ?? start;
      const age = Math.max(0, start - created);
      const keptFor = rule.days * DAY - HOUR - age;
      if (keptFor > 0 && (await advance(ctx, control, keptFor))) await probe(ctx, job, 'kept', keptFor + age, w);
      if (await advance(ctx, control, 2 * HOUR)) await probe(ctx, job, 'gone', rule.days * DAY + HOUR, w);
      return ctx.found - before;
    },
    1,
  );
}
