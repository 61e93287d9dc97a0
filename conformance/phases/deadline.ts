// A deadline the create request gives (lifecycle.deadlines[].param: Replicate's Cancel-After, a batch's
// completion window): a job created with a short one must have ended by then, in the declared state.
import { validRequest } from '../arbitraries/request.js';
import type { RequestParts } from '../http/build.js';
import { sleep } from '../http/rate-limit.js';
import { statusObservations, type JobTrace } from '../model/job.js';
import type { RunContext, Where } from '../runner/context.js';
import { createJob, readStatus } from '../runner/jobs.js';
import { runProperty, where } from '../runner/property.js';
import { createAjv } from '../../src/validation/ajv.js';
import { schemaObject, type JsonSchema } from '../../src/spec/operation-view.js';
import type { OperationModel } from '../../src/spec/model.js';

type Rule = NonNullable<RunContext['api']['ext']['lifecycle']['deadlines']>[number];

/** How long past the deadline a job may take to show its end: polls and clocks are not exact. */
export function deadlineTolerance(deadlineMs: number): number {
  return Math.max(1000, deadlineMs / 2);
}

/** The schema the request's value must meet, where the spec gives one. */
function schemaOf(op: OperationModel, rule: Rule): JsonSchema | undefined {
  const param = rule.param!;
  if (param.in === 'header') return op.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === param.name.toLowerCase())?.schema;
  const json = Object.entries(op.requestBody?.content ?? {}).find(([type]) => type.includes('json'))?.[1];
  return schemaObject(json?.schema)?.properties?.[param.name];
}

/** The shortest value from a few likely spellings that the schema accepts, with its length in ms. */
export function shortDeadline(op: OperationModel, rule: Rule): { value: string; ms: number } | undefined {
  const unit = rule.param?.unit === 'ms' ? 1 : 1000;
  const candidates: Array<[string, number]> = [
    ['1', unit],
    ['2', 2 * unit],
    ['1s', 1000],
    ['2s', 2000],
    ['2000', 2000 * (unit === 1 ? 1 : 1000)],
  ];
  const schema = schemaOf(op, rule);
  let accepts: (value: string) => boolean = () => true;
  if (schema !== undefined) {
    try {
      const validate = createAjv().compile(typeof schema === 'boolean' ? schema : { ...schema });
      accepts = (value) => !!validate(value);
    } catch {
      // a schema ajv cannot compile alone (a $ref elsewhere): every spelling is tried as it is
    }
  }
  const found = candidates.filter(([value, ms]) => ms <= 5000 && accepts(value)).sort((a, b) => a[1] - b[1])[0];
  return found ? { value: found[0], ms: found[1] } : undefined;
}

function withDeadline(parts: RequestParts, rule: Rule, value: string): RequestParts {
  const param = rule.param!;
  if (param.in === 'header') return { ...parts, headers: { ...parts.headers, [param.name]: value } };
  const body = parts.body?.kind === 'json' && parts.body.value && typeof parts.body.value === 'object' ? parts.body.value : {};
  return { ...parts, body: { kind: 'json', value: { ...body, [param.name]: value } } };
}

/** Polls until the job ends or its deadline and tolerance have passed. */
async function watch(ctx: RunContext, job: JobTrace, until: number, w: Where): Promise<boolean> {
  while (Date.now() < until && !ctx.halted && !ctx.failedJobs.has(job)) {
    const state = statusObservations(job).at(-1)?.status;
    if (state !== undefined && ctx.model.isTerminal(state)) return true;
    const exchange = await readStatus(ctx, job, w);
    if (!exchange?.response || exchange.response.status >= 300) return false;
    await sleep(Math.min(100, Math.max(0, until - Date.now())), ctx.stopSignal);
  }
  if (ctx.halted || ctx.failedJobs.has(job)) return false;
  // one read at the end: the state the deadline must have brought
  const exchange = await readStatus(ctx, job, w);
  return !!exchange?.response && exchange.response.status < 300;
}

export async function deadlineTour(ctx: RunContext): Promise<void> {
  const create = ctx.api.byRole.create;
  const status = ctx.api.byRole.status;
  const given = ctx.model.deadlines.filter((d) => d.param);
  if (!create || !status || given.length === 0) return;
  // the first rule whose parameter takes a deadline short enough to wait for
  const rule = given.find((d) => shortDeadline(create, d));
  const short = rule && shortDeadline(create, rule);
  if (!rule || !short) {
    const names = given.map((d) => `${d.param!.in} ${d.param!.name}`).join(', ');
    ctx.skip('lifecycle', `${create.operationId}: no deadline of 5 s or less fits ${names}, so no deadline was tried`);
    return;
  }
  const w = where('lifecycle', create.operationId, 'deadline');
  await runProperty(
    ctx,
    w,
    validRequest(create),
    async (parts) => {
      const before = ctx.found;
      const job = await createJob(ctx, withDeadline(parts as RequestParts, rule, short.value), w);
      if (!job) return ctx.found - before;
      const tolerance = deadlineTolerance(short.ms);
      const judged = await watch(ctx, job, job.created.at + short.ms + tolerance, w);
      const last = job.exchanges.at(-1);
      if (judged && last)
        ctx.judge(status, last, { kind: 'deadline', job, deadlineMs: short.ms, toleranceMs: tolerance, rule, given: `${rule.param!.name}: ${short.value}` }, w);
      return ctx.found - before;
    },
    1,
  );
}
