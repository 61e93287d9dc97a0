// What is checked before a run sends its first case, so a run that cannot mean anything stops at once
// with one line saying how to fix it (the CLI's exit 2): no token where every operation wants one, a
// jobtwin target whose clock is frozen (its jobs would never move). And the probe: the first create,
// retried through a transient 5xx or dropped connection, so one blip does not cost a whole phase.
import fc from 'fast-check';
import type { ApiModel } from '../../src/spec/model.js';
import { validRequest } from '../arbitraries/request.js';
import type { RequestParts } from '../http/build.js';
import { retryAfterMs } from '../http/client.js';
import { sleep } from '../http/rate-limit.js';
import type { Exchange } from '../http/types.js';
import { controlHeaders, findControl } from '../phases/retention.js';
import type { RunContext } from './context.js';
import { adoptCreate, settle } from './jobs.js';
import { where } from './property.js';

function isBearer(api: ApiModel, name: string): boolean {
  const scheme = api.document.components?.securitySchemes?.[name];
  if (api.credential === 'raw') return scheme?.type === 'apiKey';
  return scheme?.type === 'http' && String(scheme.scheme ?? '').toLowerCase() === 'bearer';
}

/** Whether no operation can be called without a bearer token: every alternative of every operation names one. */
export function everyOperationNeedsBearer(api: ApiModel): boolean {
  if (api.operations.length === 0) return false;
  return api.operations.every((op) => op.security.length > 0 && op.security.every((alt) => Object.keys(alt).some((name) => isBearer(api, name))));
}

/** One line when the run cannot mean anything as invoked; undefined when it can go ahead. */
export async function preflight(ctx: RunContext, phases: readonly string[]): Promise<string | undefined> {
  if (!ctx.options.token && everyOperationNeedsBearer(ctx.api)) {
    return `every operation of ${ctx.api.name} wants a bearer token: give --token T or set JOBTWIN_TOKEN (the twin takes any token; each names a tenant)`;
  }
  // only phases that wait for jobs care whether they move
  if (phases.every((p) => p === 'examples') || !ctx.api.byRole.create) return undefined;
  const control = await findControl(ctx);
  if (!control) return undefined;
  const clock = await fetch(`${control}/clock`, { headers: controlHeaders(ctx), signal: AbortSignal.timeout(ctx.options.requestTimeoutMs ?? 10_000) })
    .then((res) => (res.ok ? (res.json() as Promise<{ frozen?: unknown }>) : undefined))
    .catch(() => undefined);
  if (clock?.frozen === true) {
    return `the target is a jobtwin twin whose clock is frozen, so its jobs never move: start it with --clock system, or resume its clock (curl -X POST ${control}/clock/resume)`;
  }
  return undefined;
}

/** Tries of the first create, and the first pause between them (doubled each time). */
export const PROBE_ATTEMPTS = 4;
const PROBE_BACKOFF_MS = 250;
const MAX_PROBE_PAUSE_MS = 10_000;

/** No usable answer, or a 5xx: worth another try. A budget error is the run ending, not the target. */
function transient(exchange: Exchange): boolean {
  if (exchange.error) return exchange.error.kind !== 'budget';
  return exchange.response.status >= 500;
}

/**
 * A job created first: its id makes requests to job operations valid (the stateless phase waits for its
 * end with settleProbe, so what it sends there does not change a job under way). A transient
 * failure is retried (back-off, or the answer's Retry-After; the rate limit applies to every try) and
 * is not reported when a later try succeeds; the last try is judged like any create.
 */
export async function createProbe(ctx: RunContext): Promise<void> {
  const create = ctx.api.byRole.create;
  if (!create) return;
  const w = where('stateless', create.operationId, 'probe');
  const [parts] = fc.sample(validRequest(create), { seed: ctx.seed, numRuns: 1 });
  let exchange = await ctx.send(create, parts as RequestParts);
  for (let attempt = 2; attempt <= PROBE_ATTEMPTS && transient(exchange) && !ctx.halted; attempt++) {
    const answer = exchange.response ? `answered ${exchange.response.status}` : `got no answer (${exchange.error!.kind})`;
    const retryAfter = exchange.response?.headers['retry-after'];
    const pause = Math.min(MAX_PROBE_PAUSE_MS, Math.max(PROBE_BACKOFF_MS * 2 ** (attempt - 2), retryAfter !== undefined ? retryAfterMs(retryAfter) : 0));
    ctx.progress({
      kind: 'note',
      phase: 'stateless',
      text: `the first create (${create.operationId}) ${answer}; trying again in ${pause} ms (${attempt} of ${PROBE_ATTEMPTS})`,
    });
    await sleep(pause, ctx.stopSignal);
    exchange = await ctx.send(create, parts as RequestParts);
  }
  ctx.probe = adoptCreate(ctx, exchange, w);
  if (!ctx.probe && !ctx.halted)
    ctx.skip('stateless', `no job could be created (${create.operationId}): operations on a job id are checked only for unknown ids`);
}

/** The probe's job driven to its end. */
export async function settleProbe(ctx: RunContext): Promise<void> {
  const create = ctx.api.byRole.create;
  if (ctx.probe && create) await settle(ctx, ctx.probe, where('stateless', create.operationId, 'probe'));
}
