// One conformance run against one API: load the spec, pick the checks, run the phases (overlapping
// where they wait for jobs), and sum up. Bad options or a bad spec throw a ConformUsageError (the CLI's exit 2).
import { loadApis } from '../../src/spec/resolve.js';
import { CHECKS, selectChecks, UnknownCheckError } from '../checks/registry.js';
import { shellQuote } from '../http/curl.js';
import { examplesPhase } from '../phases/examples.js';
import { lifecycleCommands } from '../phases/lifecycle.js';
import { listTour } from '../phases/list-tour.js';
import { retentionPhase } from '../phases/retention.js';
import { statelessPhase } from '../phases/stateless.js';
import { webhookTour } from '../phases/webhooks.js';
import { parseListen } from '../http/webhook-listener.js';
import { RunContext } from './context.js';
import { parseReplay } from './property.js';
import { PhaseTracker, phasesPhrase } from './phase-tracker.js';
import { createProbe, preflight, settleProbe } from './preflight.js';
import { PHASES, type CheckSummary, type ConformOptions, type Incomplete, type Phase, type RunResult } from './types.js';

export class ConformUsageError extends Error {}

export function checkTarget(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ConformUsageError(`--target: not a URL: ${target} (e.g. http://127.0.0.1:4010)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConformUsageError(`--target: only http and https URLs (got ${url.protocol})`);
}

/**
 * The command line that reruns this run as printed: tokens through the environment (the variables the
 * options read), never in the text.
 */
export function replayBase(options: ConformOptions, seed: number): string {
  const parts = [
    'jobtwin',
    'conform',
    options.api ? `--api ${shellQuote(options.api)}` : `--spec ${shellQuote(options.spec ?? '')}`,
    ...(options.overlays ?? []).map((file) => `--overlay ${shellQuote(file)}`),
    `--target ${shellQuote(options.target)}`,
    `--seed ${seed}`,
  ];
  if (options.runs !== undefined) parts.push(`--runs ${options.runs}`);
  if (options.token) parts.push('--token "$JOBTWIN_TOKEN"');
  if (options.otherToken) parts.push('--other-token "$JOBTWIN_OTHER_TOKEN"');
  if (options.expiredToken) parts.push('--expired-token "$JOBTWIN_EXPIRED_TOKEN"');
  if (options.controlToken) parts.push('--control-token "$JOBTWIN_CONTROL_TOKEN"');
  if (options.checks) parts.push(`--checks ${shellQuote(options.checks.join(','))}`);
  if (options.excludeChecks) parts.push(`--exclude-checks ${shellQuote(options.excludeChecks.join(','))}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) parts.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  for (const pin of options.pins ?? []) parts.push(`--set ${shellQuote(`${pin.location}.${pin.name}=${pin.value}`)}`);
  if (options.maxWaitMs !== undefined) parts.push(`--max-wait-ms ${options.maxWaitMs}`);
  if (options.webhookListen !== undefined) parts.push(`--webhook-listen ${shellQuote(options.webhookListen)}`);
  if (options.webhookUrl !== undefined) parts.push(`--webhook-url ${shellQuote(options.webhookUrl)}`);
  if (options.webhookSecret) parts.push('--webhook-secret "$JOBTWIN_WEBHOOK_SECRET"');
  // what changes a verdict reruns with the run: the overlays above, --strict and the phases
  if (options.strict) parts.push('--strict');
  if (options.phases) parts.push(`--phases ${shellQuote(options.phases.join(','))}`);
  return parts.join(' ');
}

export async function runConformance(options: ConformOptions): Promise<RunResult> {
  const started = Date.now();
  if (!options.api === !options.spec) throw new ConformUsageError('give either --api NAME or --spec FILE');
  checkTarget(options.target);
  if (options.webhookListen !== undefined) {
    try {
      parseListen(options.webhookListen);
    } catch (error) {
      throw new ConformUsageError((error as Error).message);
    }
  }
  if (options.webhookUrl !== undefined && !/^https?:\/\/[^/]/.test(options.webhookUrl)) {
    throw new ConformUsageError(`--webhook-url: an http or https URL, e.g. https://hooks.example.test (got ${options.webhookUrl})`);
  }
  if (options.webhookUrl !== undefined && options.webhookListen === undefined) throw new ConformUsageError('--webhook-url needs --webhook-listen');
  if (options.replay && !parseReplay(options.replay))
    throw new ConformUsageError(`--replay: expected phase/operation/kind:seed[:path] as a failure printed it (got ${options.replay})`);
  for (const phase of options.phases ?? [])
    if (!PHASES.includes(phase)) throw new ConformUsageError(`unknown phase "${phase}"; the phases are ${PHASES.join(', ')}`);
  let checks;
  try {
    checks = selectChecks(options.checks, options.excludeChecks);
  } catch (error) {
    if (error instanceof UnknownCheckError) throw new ConformUsageError(error.message);
    throw error;
  }
  let api;
  try {
    [api] = await loadApis({ ...(options.api ? { apis: [options.api] } : { specs: [options.spec!] }), overlays: options.overlays });
  } catch (error) {
    throw new ConformUsageError((error as Error).message.split('\n')[0]);
  }
  const replay = options.replay ? parseReplay(options.replay) : null;
  // a replay line carries the run's --seed and the property's own seed (a worker's differs): the run
  // keeps the first, so a replayed failure prints the very line it was replayed from
  const seed = options.seed ?? replay?.seed ?? (Math.random() * 2 ** 31) | 0;
  const runs = options.runs ?? 20;
  const ctx = new RunContext(api, options, checks, seed, runs, replayBase(options, seed), started);

  const phases = replay ? [replay.property.split('/')[0] as Phase] : (options.phases ?? [...PHASES]);
  const unfit = await preflight(ctx, phases);
  if (unfit) throw new ConformUsageError(unfit);
  const tracker = new PhaseTracker(ctx);
  await runPhases(ctx, phases, tracker);
  const incomplete = ctx.stopReason ? describeStop(ctx, tracker.stoppedIn, tracker.notRun) : undefined;

  const failures = ctx.collector.failures();
  const summaries: CheckSummary[] = CHECKS.map((check) => {
    const chosen = checks.includes(check);
    const judged = ctx.judged.get(check.name) ?? 0;
    const summary: CheckSummary = { name: check.name, title: check.title, judged, failures: failures.filter((f) => f.check === check.name).length };
    if (judged > 0) summary.byOperation = ctx.judgedOn.get(check.name);
    if (!chosen) summary.skipped = 'not selected';
    else if (judged === 0) summary.skipped = check.skipReason(ctx);
    return summary;
  });
  const wallMs = Date.now() - started;
  const failed = failures.some((f) => f.severity === 'error');
  return {
    api: api.name,
    target: options.target,
    seed,
    runs,
    startedAt: new Date(started).toISOString(),
    wallMs,
    exchanges: ctx.client.count,
    failures,
    checks: summaries,
    skipped: ctx.skipped,
    ...(ctx.assumptions.size ? { assumptions: [...ctx.assumptions.values()] } : {}),
    timedOut: ctx.stopReason === 'time-limit',
    verdict: failed ? 'FAILED' : incomplete ? 'INCOMPLETE' : 'PASSED',
    ...(incomplete ? { incomplete } : {}),
    exitCode: failed ? 1 : incomplete ? 3 : 0,
  };
}

const STOPPED_BY = {
  'time-limit': 'the run reached --time-limit-ms',
  signal: 'the run was stopped by a signal',
  'fail-fast': '--fail-fast stopped the run at the first failure',
} as const;

/**
 * The phases, overlapping where they wait for jobs (at real speed a run is mostly waiting): examples;
 * the list tour's first walk, while nothing else creates jobs; then the stateless phase (once the probe
 * has ended), the lifecycle commands and retention's job together; the list tour's last walk once they
 * have stopped creating jobs; retention's clock moves last of all.
 */
async function runPhases(ctx: RunContext, phases: Phase[], tracker: PhaseTracker): Promise<void> {
  const want = (phase: Phase) => phases.includes(phase);
  const gates = ctx.gates;
  const errors: unknown[] = [];
  // a part that throws still opens the gates others wait at: the first error is rethrown at the end
  const part = (fn: () => Promise<void>) => ctx.isolate(fn).catch((error: unknown) => void errors.push(error));
  // the probe's job gives the stateless phase an id to use; nothing else needs it
  if (want('stateless')) await createProbe(ctx);
  if (want('examples')) await tracker.run('examples', () => examplesPhase(ctx));
  const lifecycle = want('lifecycle') && tracker.begin('lifecycle');
  const tour = want('lifecycle') ? part(() => listTour(ctx)) : (gates.listed.open(), Promise.resolve());
  await gates.listed.opened;
  const busy = [
    want('stateless')
      ? part(() =>
          tracker.run('stateless', async () => {
            await settleProbe(ctx);
            await statelessPhase(ctx);
          }),
        )
      : undefined,
    want('lifecycle') ? part(() => lifecycleCommands(ctx)) : undefined,
    want('lifecycle') ? part(() => webhookTour(ctx)) : undefined,
  ];
  const retention = want('retention') ? part(() => tracker.run('retention', () => retentionPhase(ctx))) : (gates.retentionCreated.open(), undefined);
  await Promise.all([...busy, gates.retentionCreated.opened]);
  gates.quiet.open();
  await tour;
  if (lifecycle) tracker.end('lifecycle');
  gates.settled.open();
  await retention;
  if (errors.length) throw errors[0];
}

/** Why and where the run stopped, and what it did not run. */
function describeStop(ctx: RunContext, stoppedIn: Phase[], phasesNotRun: Phase[]): Incomplete {
  const reason = ctx.stopReason!;
  const signal = reason === 'signal' ? ctx.options.signal?.reason : undefined;
  const by = reason === 'signal' && typeof signal === 'string' ? `the run was stopped by ${signal}` : STOPPED_BY[reason];
  // two negative cases can share a name: list each property once
  const notRun = [...new Set(ctx.notRun)];
  const incomplete: Incomplete = { reason, phasesNotRun, propertiesNotRun: notRun, message: '' };
  if (typeof signal === 'string') incomplete.signal = signal;
  if (stoppedIn.length) {
    incomplete.phase = stoppedIn[0];
    incomplete.phases = stoppedIn;
  }
  if (ctx.cutShort) incomplete.property = ctx.cutShort;
  const parts = [stoppedIn.length ? `${by} during ${phasesPhrase(stoppedIn)}` : `${by} before the first phase (while creating the first job)`];
  if (ctx.cutShort) parts.push(`${ctx.cutShort} was cut short`);
  if (phasesNotRun.length) parts.push(`phases not run: ${phasesNotRun.join(', ')}`);
  parts.push(`${notRun.length} propert${notRun.length === 1 ? 'y' : 'ies'} not run`);
  incomplete.message = parts.join('; ');
  return incomplete;
}
