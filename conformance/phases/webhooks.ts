// Creates as vendors answer them, beside the lifecycle commands: where the spec declares a webhook on
// its create and the run listens (--webhook-listen), jobs are created with the listener's URL (and
// every declared event asked for), waited for, and their deliveries judged (webhook_delivery); where
// it declares Prefer: wait, a create is held with it and judged by how long it took (create_wait).
import type { RequestParts } from '../http/build.js';
import type { RequestBody } from '../http/types.js';
import { validRequest } from '../arbitraries/request.js';
import { startWebhookListener, type WebhookListener } from '../http/webhook-listener.js';
import { statusObservations } from '../model/job.js';
import type { RunContext } from '../runner/context.js';
import { adoptCreate, createJob, settle } from '../runner/jobs.js';
import { runProperty, where } from '../runner/property.js';
import { webhookRuleOf, type WebhookRule } from '../../src/spec/create-extras.js';
import { deliveryState } from '../checks/webhook-delivery.js';

/** jobs created with a webhook per run */
const HOOKED_JOBS = 2;
/** the n of Prefer: wait=n: short, so a run is not held long, and at most the declared max */
const WAIT_SECONDS = 2;

export async function webhookTour(ctx: RunContext): Promise<void> {
  const create = ctx.api.byRole.create;
  const role = create?.asRole;
  if (!create || role?.role !== 'create') return;
  const rule = webhookRuleOf(ctx.api);
  const parts: Array<Promise<void>> = [];
  if (role.extras.waitMax !== undefined) parts.push(preferWait(ctx, Math.min(WAIT_SECONDS, role.extras.waitMax)));
  if (rule && ctx.options.webhookListen !== undefined) parts.push(hooked(ctx, rule, ctx.options.webhookListen));
  await Promise.all(parts);
}

async function preferWait(ctx: RunContext, seconds: number): Promise<void> {
  const op = ctx.api.byRole.create!;
  const w = where('lifecycle', op.operationId, 'prefer-wait');
  await runProperty(
    ctx,
    w,
    validRequest(op),
    async (generated) => {
      const before = ctx.found;
      const parts = generated as RequestParts;
      const exchange = await ctx.send(op, { ...parts, headers: { ...parts.headers, Prefer: `wait=${seconds}` } });
      ctx.judge(op, exchange, { kind: 'create-wait', seconds }, w);
      const job = adoptCreate(ctx, exchange, w);
      if (job) await settle(ctx, job, w);
      return ctx.found - before;
    },
    1,
  );
}

async function hooked(ctx: RunContext, rule: WebhookRule, listen: string): Promise<void> {
  const op = ctx.api.byRole.create!;
  const w = where('lifecycle', op.operationId, 'webhooks');
  let listener: WebhookListener;
  try {
    listener = await startWebhookListener(listen, ctx.options.webhookUrl);
  } catch (error) {
    ctx.skip('lifecycle', `webhooks: cannot listen on ${listen}: ${(error as Error).message}`);
    return;
  }
  let n = 0;
  try {
    await runProperty(
      ctx,
      w,
      validRequest(op),
      async (generated) => {
        const before = ctx.found;
        const key = `${ctx.seed}-${++n}`;
        const wanted = rule.events ? Object.keys(rule.events) : undefined;
        const parts = generated as RequestParts;
        const body = withFields(parts.body, [
          [rule.url, listener.urlFor(key)],
          ...(rule.filter && wanted ? [[rule.filter, wanted] as [string[], unknown]] : []),
        ]);
        const job = await createJob(ctx, { ...parts, body }, w);
        if (!job) return ctx.found - before;
        await settle(ctx, job, w);
        const final = statusObservations(job).at(-1)?.status;
        const ended = final !== undefined && ctx.model.isTerminal(final);
        // the terminal event may come a moment after the state is readable: wait for it, up to max-wait
        const left = job.created.at + ctx.maxWaitMs - Date.now();
        const deliveries = await listener.waitFor(
          key,
          (all) => ended && all.some((d) => deliveryState(ctx.api, d.body) === final),
          ended ? left : 0,
          ctx.stopSignal,
        );
        ctx.judge(
          op,
          job.created,
          {
            kind: 'webhook',
            job,
            deliveries: deliveries.map((d) => ({ at: d.at, text: d.text, body: d.body, headers: d.headers })),
            secret: ctx.options.webhookSecret,
            wanted: rule.filter ? wanted : undefined,
            finalState: ended ? final : undefined,
            waitedMs: Date.now() - job.created.at,
            maxWaitMs: ctx.maxWaitMs,
          },
          w,
        );
        return ctx.found - before;
      },
      HOOKED_JOBS,
    );
  } finally {
    await listener.close();
  }
}

/** A request body with values set at JSON pointer tokens (a JSON body), or as form fields (multipart). */
function withFields(body: RequestBody | undefined, fields: Array<[string[], unknown]>): RequestBody | undefined {
  if (body?.kind === 'multipart') {
    const set = { ...body.fields };
    for (const [tokens, value] of fields) set[tokens[tokens.length - 1]] = typeof value === 'string' ? value : JSON.stringify(value);
    return { ...body, fields: set };
  }
  const value: unknown = body?.kind === 'json' ? structuredClone(body.value) : {};
  const root = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  for (const [tokens, v] of fields) {
    let at = root;
    tokens.forEach((token, i) => {
      if (i === tokens.length - 1) at[token] = v;
      else {
        const next = at[token];
        at = (at[token] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
      }
    });
  }
  return { kind: 'json', value: root };
}
