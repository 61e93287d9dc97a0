// One diff: the twin started in-process from the same spec and overlays on a frozen clock, the same
// scenarios run against the target and the twin, and every difference a client would notice.
import { HttpClient } from '../../conformance/http/client.js';
import { LifecycleModel } from '../../conformance/model/lifecycle.js';
import { layoutOf } from '../../conformance/model/observation.js';
import { defaultMaxWait } from '../../conformance/runner/max-wait.js';
import { everyOperationNeedsBearer } from '../../conformance/runner/preflight.js';
import { checkTarget } from '../../conformance/runner/run.js';
import { startMock, type RunningMock } from '../index.js';
import { compareAnswers, compareCancels, compareJobs, type CompareContext, type Found } from './compare.js';
import { Endpoint } from './endpoint.js';
import { listOwn } from './list.js';
import { pinFor, targetCancel, targetJob, twinCancel, twinJob, type JobContext } from './observe.js';
import { createRequests, edgeRequests } from './scenarios.js';
import type { DiffReport, JobRun } from './types.js';

export interface DiffOptions {
  api?: string;
  spec?: string;
  overlays?: string[];
  target: string;
  token?: string;
  otherToken?: string;
  /** extra headers on every request to both sides (an engine's own plan header, a tenant header) */
  headers?: Record<string, string>;
  seed?: number;
  /** jobs run to their end on each side (default 3) */
  jobs?: number;
  /** how long a target's job may take to end (default: what the spec's dwell times allow) */
  maxWaitMs?: number;
  /** pause between two status reads of a target's job (default 200) */
  pollMs?: number;
  requestTimeoutMs?: number;
}

/** A bad invocation or spec: the command line's exit 2. */
export class DiffUsageError extends Error {}

function describeEnd(model: LifecycleModel, run: JobRun): string {
  const last = run.reads.filter((r) => r.state !== undefined).at(-1);
  if (!run.id) return `not created: ${run.create.status ?? run.create.error}`;
  if (!last?.state) return 'no state read';
  const attempts = last.attempts !== undefined ? `, attempts ${last.attempts}` : '';
  return `${model.isTerminal(last.state) ? '' : 'still '}${last.state}${attempts}`;
}

export async function runDiff(options: DiffOptions): Promise<DiffReport> {
  if (!options.api === !options.spec) throw new DiffUsageError('give either --api NAME or --spec FILE');
  try {
    checkTarget(options.target);
  } catch (error) {
    throw new DiffUsageError((error as Error).message);
  }
  const seed = options.seed ?? (Math.random() * 2 ** 31) | 0;
  let mock: RunningMock;
  try {
    mock = await startMock({ ...(options.api ? { apis: [options.api] } : { specs: [options.spec!] }), overlays: options.overlays, seed, clock: 'frozen' });
  } catch (error) {
    throw new DiffUsageError((error as Error).message.split('\n')[0]);
  }
  try {
    return await diffAgainst(mock, options, seed);
  } finally {
    await mock.close();
  }
}

async function diffAgainst(mock: RunningMock, options: DiffOptions, seed: number): Promise<DiffReport> {
  const api = mock.twin.apiList()[0];
  if (!options.token && everyOperationNeedsBearer(api))
    throw new DiffUsageError(`every operation of ${api.name} wants a bearer token: give --token T or set JOBTWIN_TOKEN`);
  const pollMs = options.pollMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? defaultMaxWait(api);
  const client = new HttpClient({ requestTimeoutMs: options.requestTimeoutMs ?? 10_000 });
  const defaults = { token: options.token, otherToken: options.otherToken, headers: options.headers ?? {} };
  const target = new Endpoint('target', options.target.replace(/\/+$/, ''), client, defaults);
  const twin = new Endpoint('twin', mock.urls[api.name], client, defaults);
  const model = new LifecycleModel(api);
  const ctx: JobContext = { api, model, layout: layoutOf(api.byRole.status?.body, api.ext.lifecycle.running), otherTenant: !!options.otherToken };
  const secrets: Record<string, string> = {};
  if (options.token) secrets[options.token] = 'JOBTWIN_TOKEN';
  if (options.otherToken) secrets[options.otherToken] = 'JOBTWIN_OTHER_TOKEN';
  const c: CompareContext = { model, pollMs, secrets };
  const report: DiffReport = {
    api: api.name,
    target: target.base,
    twin: twin.base,
    seed,
    pollMs,
    scenarios: [],
    requests: { target: 0, twin: 0 },
    differences: [],
    notes: [],
  };
  const keep = (found: Found) => {
    report.differences.push(...found.differences);
    report.notes.push(...found.notes);
  };

  // the jobs each side made in this run, whose list items are compared
  const made = { target: new Set<string>(), twin: new Set<string>() };
  const note = (side: keyof typeof made, id: string | undefined) => id !== undefined && made[side].add(id);
  if (api.byRole.create) {
    // the target's jobs take real time: they run together; the twin's take none and run in turn
    const requests = createRequests(api, options.jobs ?? 3, seed);
    const runs = await Promise.all(requests.map((parts) => targetJob(ctx, target, parts, { pollMs, maxWaitMs })));
    for (const [i, run] of runs.entries()) {
      const scenario = `job ${i + 1} (${describeEnd(model, run)})`;
      report.scenarios.push(scenario);
      const twinRun = await twinJob(ctx, twin, mock, requests[i], pinFor(ctx, run));
      note('target', run.id);
      note('twin', twinRun.id);
      keep(compareJobs(c, scenario, run, twinRun));
    }
    if (api.byRole.cancel) {
      const parts = requests[0];
      const targetRun = await targetCancel(ctx, target, parts);
      const scenario = 'cancel';
      report.scenarios.push(scenario);
      const twinRun = await twinCancel(ctx, twin, mock, parts, targetRun.before?.state);
      note('target', targetRun.id);
      note('twin', twinRun.id);
      keep(compareCancels(c, scenario, targetRun, twinRun));
    }
  }
  const list = api.byRole.list;
  if (list) {
    const scenario = `list on ${list.operationId} (this run's jobs)`;
    report.scenarios.push(scenario);
    const [a, b] = [await listOwn(api, target, made.target), await listOwn(api, twin, made.twin)];
    if (a && b) report.differences.push(...compareAnswers(c, scenario, a, b));
  }
  for (const edge of edgeRequests(api, seed)) {
    report.scenarios.push(edge.name);
    const o = { tenant: edge.tenant, method: edge.method };
    const [a, b] = [await target.send(edge.op, edge.parts, o), await twin.send(edge.op, edge.parts, o)];
    report.differences.push(...compareAnswers(c, edge.name, a, b));
  }
  // nothing to compare with: a wrong URL or a server that is down, not a difference
  if (target.answered === 0) throw new DiffUsageError(`--target: ${target.base} answered no request (${target.firstError})`);
  report.requests = { target: target.sent, twin: twin.sent };
  return report;
}
