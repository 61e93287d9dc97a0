// Checks judged one at a time on made-up exchanges: the bundled specs as a run loads them, answers and
// jobs built in place, each check asked exactly as the runner asks it (check.judge).
import { loadApis } from '../../../src/spec/resolve.js';
import type { ApiModel, OperationModel } from '../../../src/spec/model.js';
import { createAjv } from '../../../src/validation/ajv.js';
import { ResponseValidator } from '../../../src/validation/response.js';
import type { AnsweredExchange, Check, CheckContext, FailureDraft, Purpose, RunFacts } from '../../../conformance/checks/types.js';
import type { Exchange, TransportErrorKind } from '../../../conformance/http/types.js';
import { newTrace, type JobTrace } from '../../../conformance/model/job.js';
import { LifecycleModel } from '../../../conformance/model/lifecycle.js';
import { layoutOf, readObservation, type Observation } from '../../../conformance/model/observation.js';

export type ApiName = 'alchemyst' | 'crosmos' | 'contextual' | 'jobs';

const APIS = new Map((await loadApis({ apis: ['alchemyst', 'crosmos', 'contextual', 'jobs'] })).map((a) => [a.name, a]));
const validator = new ResponseValidator(createAjv());

export function api(name: ApiName): ApiModel {
  return APIS.get(name)!;
}

/** An operation by its lifecycle role (status, list…) or its operationId. */
export function operation(name: ApiName, which: string): OperationModel {
  const a = api(name);
  const op = a.byRole[which as keyof ApiModel['byRole']] ?? a.operations.find((o) => o.operationId === which);
  if (!op) throw new Error(`${name} has no operation ${which}`);
  return op;
}

/** What a check sees when an exchange with this purpose was sent to the operation. */
export function context(name: ApiName, which: string, purpose: Purpose): CheckContext {
  const a = api(name);
  return {
    api: a,
    op: operation(name, which),
    model: new LifecycleModel(a),
    validator,
    statusLayout: layoutOf(a.byRole.status?.body, a.ext.lifecycle.running),
    purpose,
  };
}

/** A spec of its own (a file and its overlays), loaded as a run loads it, for a check that needs a declaration no bundled spec makes. */
export async function loadSpec(spec: string, overlays: string[] = []): Promise<ApiModel> {
  const [loaded] = await loadApis({ specs: [spec], overlays });
  return loaded;
}

/** What a check sees for an operation of such a spec; strict: the run's --strict. */
export function contextOf(a: ApiModel, operationId: string, purpose: Purpose, options: { strict?: boolean } = {}): CheckContext {
  const op = a.operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`${a.name} has no operation ${operationId}`);
  const v = options.strict ? new ResponseValidator(createAjv(), { strict: true }) : validator;
  return { api: a, op, model: new LifecycleModel(a), validator: v, statusLayout: layoutOf(a.byRole.status?.body, a.ext.lifecycle.running), purpose };
}

let seq = 0;
const base = () => ({ seq: ++seq, request: { method: 'GET', url: 'http://127.0.0.1:1/x', headers: {} }, ms: 1, at: 1_767_225_600_000 + seq, retries: 0 });

/** An HTTP answer: a JSON body unless `body` is a string (sent as is); content-type application/json unless given. */
export function answer(status: number, body?: unknown, headers: Record<string, string> = {}): AnsweredExchange {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  let parsed: unknown;
  let jsonError: string | undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      jsonError = (error as Error).message;
    }
  }
  const all = { ...(text !== '' ? { 'content-type': 'application/json' } : {}), ...headers };
  return { ...base(), response: { status, headers: all, text, body: parsed, ...(jsonError ? { jsonError } : {}), bytes: text.length } };
}

/** No usable answer. */
export function noAnswer(kind: TransportErrorKind = 'reset'): Exchange {
  return { ...base(), error: { kind, message: `${kind} (made up)` } };
}

/** A job the suite created, with no status read yet. */
export function job(id = 'job_1'): JobTrace {
  return newTrace(id, answer(201, { jobId: id }));
}

/**
 * A status read of the job, read and kept as the runner does: the body's fields through the spec's
 * layout, the observation appended to the job. Returns the exchange and its purpose.
 */
export function statusRead(name: ApiName, trace: JobTrace, body: Record<string, unknown>): { exchange: AnsweredExchange; purpose: Purpose } {
  const exchange = answer(200, body);
  const observation = readObservation(layoutOf(api(name).byRole.status?.body), body, { at: exchange.at, seq: exchange.seq, httpStatus: 200 });
  trace.observations.push(observation);
  trace.exchanges.push(exchange);
  return { exchange, purpose: { kind: 'status', job: trace, observation } };
}

/** The status reads of a job, in order: each judged in the context of the ones before it. */
export function statusReads(
  name: ApiName,
  trace: JobTrace,
  ...bodies: Array<Record<string, unknown>>
): Array<{ exchange: AnsweredExchange; purpose: Purpose }> {
  return bodies.map((body) => statusRead(name, trace, body));
}

/** An observation made up directly (the states around a cancel or a list page). */
export function seen(status: string, extra: Partial<Observation> = {}): Observation {
  return { at: 0, seq: 0, httpStatus: 200, status, times: {}, problems: [], ...extra };
}

/** The check's failure drafts, as the runner collects them; undefined: it had nothing to judge here. */
export function judge(check: Check, ctx: CheckContext, exchange: Exchange): FailureDraft[] | undefined {
  return check.judge(ctx, exchange);
}

/** The keys of what it found (the part of a failure that names the deviation), or undefined as above. */
export function keys(check: Check, ctx: CheckContext, exchange: Exchange): string[] | undefined {
  return judge(check, ctx, exchange)?.map((d) => d.key ?? d.message);
}

/** What a run that ended shows a check's skip reason. */
export function runFacts(name: ApiName, facts: Partial<Omit<RunFacts, 'api'>> = {}): RunFacts {
  return { api: api(name), options: { target: 'http://127.0.0.1:1' }, skipped: [], ...facts };
}
