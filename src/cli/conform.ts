// `jobtwin conform`: hold an implementation to its spec and lifecycle. Exit 0 when every check
// passed and everything ran, 1 when one failed, 2 for a bad invocation or spec, 3 when the run was cut
// short by its time limit with nothing failed, 128+N when stopped by signal N (the reports say what ran).
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { CHECKS } from '../../conformance/checks/registry.js';
import { parsePin, type Pin } from '../../conformance/http/build.js';
import { createProgress, formatFailure, formatSummary } from '../../conformance/report/console.js';
import { toJsonReport, writeReport } from '../../conformance/report/json.js';
import { toHtmlReport } from '../../conformance/report/html-page.js';
import { toJUnit } from '../../conformance/report/junit.js';
import { ConformUsageError, runConformance } from '../../conformance/runner/run.js';
import { phasesPhrase } from '../../conformance/runner/phase-tracker.js';
import { PHASES, type ConformOptions, type Phase } from '../../conformance/runner/types.js';
import { given, headerOptions, positive, seedOption } from './options.js';
import { UsageError } from './usage.js';

export const CONFORM_USAGE = `Usage: jobtwin conform (--api NAME | --spec FILE) --target URL [options]

  --api NAME               a bundled API: alchemyst, crosmos, contextual, jobs
  --spec FILE              your own OpenAPI 3.1 or 3.0 spec carrying x-jobtwin
  --overlay FILE           an OpenAPI Overlay 1.0 file applied to the spec at load (repeatable)
  --target URL             base URL replacing the spec's server URL, path included
                           (a Contextual target ends in /v1)
  --token T                bearer token of the tenant under test (env JOBTWIN_TOKEN); required
                           where every operation wants one
  --other-token T          a second tenant's token: turns on the isolation checks (env JOBTWIN_OTHER_TOKEN)
  --header 'K: V'          an extra header on every request (repeatable)
  --set LOC.NAME=VALUE     pin a request value: path, query, header or body (repeatable)
  --seed N                 seed of every generated case; default: drawn and printed
  --runs N                 cases per property (default 20)
  --checks a,b             only these checks;  --exclude-checks a,b  all but these
  --phases a,b             examples, stateless, lifecycle, retention (default: all)
  --max-wait-ms N          how long a job may take to finish (default: the longest the spec's
                           dwell times allow, plus a quarter; at least 120000)
  --request-timeout-ms N   per request (default 10000)
  --time-limit-ms N        the whole run (default 900000); a run cut short is INCOMPLETE, never PASSED
  -x, --fail-fast          stop at the first failure (the reports list what did not run)
  --workers N              lifecycle command sequences run N at a time (default 8); the rate limit
                           holds for all of them
  --shrink-time-ms N       how long a failure may be shrunk to its smallest case, per property
                           (default 10000): shrinking sends real requests
  --rate-limit N/s         at most N requests a second (429 Retry-After is always honoured)
  --control-token T        the target's jobtwin control token, for the retention check (env JOBTWIN_CONTROL_TOKEN)
  --expired-token T        a correctly signed token of the tenant that has expired: must get 401
                           everywhere (env JOBTWIN_EXPIRED_TOKEN)
  --strict                 hold the target also to what the spec marks as assumed (limits.assumed; the
                           media type and schema of errors.assumed answers)
  --junit FILE             write a JUnit XML report;  --json FILE  a JSON report
  --html FILE              write a self-contained HTML report (matrix, timelines, exchanges)
  --replay TEXT            rerun one failing case, as a failure's replay line prints it
  --list-checks            print the checks and what each catches
  -h, --help

Exit: 0 every check passed and the run was complete
      1 a check failed (also when the run then stopped early)
      2 a bad invocation or spec, no token where every operation wants one, a twin on a frozen clock
      3 INCOMPLETE: --time-limit-ms cut the run short before any failure
      128+N stopped by signal N (143 SIGTERM, 130 SIGINT): the reports are written, marked INCOMPLETE`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

export function conformOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): (ConformOptions & { junit?: string; json?: string }) | 'help' | 'list-checks' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        api: { type: 'string' },
        spec: { type: 'string' },
        overlay: { type: 'string', multiple: true },
        target: { type: 'string' },
        token: { type: 'string' },
        'other-token': { type: 'string' },
        'expired-token': { type: 'string' },
        strict: { type: 'boolean' },
        header: { type: 'string', multiple: true },
        set: { type: 'string', multiple: true },
        seed: { type: 'string' },
        runs: { type: 'string' },
        checks: { type: 'string' },
        'exclude-checks': { type: 'string' },
        phases: { type: 'string' },
        'max-wait-ms': { type: 'string' },
        'request-timeout-ms': { type: 'string' },
        'time-limit-ms': { type: 'string' },
        'rate-limit': { type: 'string' },
        'control-token': { type: 'string' },
        junit: { type: 'string' },
        json: { type: 'string' },
        html: { type: 'string' },
        replay: { type: 'string' },
        'fail-fast': { type: 'boolean', short: 'x' },
        workers: { type: 'string' },
        'shrink-time-ms': { type: 'string' },
        'list-checks': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const o = parsed.values;
  if (o.help) return 'help';
  if (o['list-checks']) return 'list-checks';
  if (!o.target) throw new UsageError('--target URL is required (jobtwin conform --help)');
  const headers = headerOptions(o.header);
  const pins: Pin[] = [];
  for (const s of o.set ?? []) {
    const pin = parsePin(s);
    if (!pin) throw new UsageError(`--set: expected LOCATION.NAME=VALUE with LOCATION path, query, header or body (got "${s}")`);
    pins.push(pin);
  }
  const seed = seedOption(o.seed);
  let rateLimit: number | undefined;
  if (o['rate-limit'] !== undefined) rateLimit = positive('rate-limit', o['rate-limit'].replace(/\/s$/, ''), false);
  return {
    api: o.api,
    spec: o.spec,
    overlays: o.overlay,
    target: o.target,
    // `--token "$JOBTWIN_TOKEN"` with the variable unset passes "": no token
    token: given(o.token) ?? given(env.JOBTWIN_TOKEN),
    otherToken: given(o['other-token']) ?? given(env.JOBTWIN_OTHER_TOKEN),
    controlToken: given(o['control-token']) ?? given(env.JOBTWIN_CONTROL_TOKEN),
    headers,
    pins,
    expiredToken: o['expired-token'] || env.JOBTWIN_EXPIRED_TOKEN || undefined,
    strict: o.strict === true,
    seed,
    runs: positive('runs', o.runs),
    checks: list(o.checks),
    excludeChecks: list(o['exclude-checks']),
    phases: list(o.phases) as Phase[] | undefined,
    maxWaitMs: positive('max-wait-ms', o['max-wait-ms']),
    requestTimeoutMs: positive('request-timeout-ms', o['request-timeout-ms']),
    timeLimitMs: positive('time-limit-ms', o['time-limit-ms']),
    rateLimit,
    replay: o.replay,
    failFast: o['fail-fast'] === true,
    workers: positive('workers', o.workers),
    shrinkTimeMs: positive('shrink-time-ms', o['shrink-time-ms']),
    junit: o.junit,
    json: o.json,
    html: o.html,
  };
}

/**
 * Stops the run on SIGTERM/SIGINT (a CI step's timeout): what is under way is cut short, the reports are
 * written with what the run has, and the exit code is 128+N. A second signal exits at once.
 */
function onStopSignals(stopper: AbortController, phase: () => string | undefined, earlyStop?: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (stopper.signal.aborted) process.exit(128 + (constants.signals[signal] ?? 0));
    const where = phase();
    console.error(`jobtwin: ${signal}: stopping${where ? ` during ${where}` : ''}; writing the reports (again to stop at once)`);
    stopper.abort(signal);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // the command line's start-up handler would exit 0 with no report
    if (earlyStop) process.off(signal, earlyStop);
    process.on(signal, handler);
  }
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}

/** Runs the suite from the command line; resolves to the exit code. */
export async function runConform(argv: string[], env: NodeJS.ProcessEnv = process.env, earlyStop?: (signal: NodeJS.Signals) => void): Promise<number> {
  const stopper = new AbortController();
  let phase: string | undefined;
  const release = onStopSignals(stopper, () => phase, earlyStop);
  try {
    return await conform(argv, env, stopper, (p) => (phase = p));
  } finally {
    release();
  }
}

async function conform(argv: string[], env: NodeJS.ProcessEnv, stopper: AbortController, onPhase: (phase: string | undefined) => void): Promise<number> {
  const options = conformOptions(argv, env);
  if (options === 'help') {
    console.log(CONFORM_USAGE);
    return 0;
  }
  if (options === 'list-checks') {
    for (const check of CHECKS) console.log(`${check.name.padEnd(30)} ${check.catches}`);
    console.log(`\nphases: ${PHASES.join(', ')}`);
    return 0;
  }
  const tty = process.stderr.isTTY === true && env.CI !== 'true';
  const progress = createProgress(process.stderr, tty);
  options.onProgress = (event) => {
    // a stop names the phases under way at that moment, not at the last phase start
    if (event.kind === 'phase' || event.kind === 'phase-end') onPhase(event.underWay.length ? phasesPhrase(event.underWay) : undefined);
    progress(event);
  };
  options.signal = stopper.signal;
  let result;
  try {
    result = await runConformance(options);
  } catch (error) {
    if (error instanceof ConformUsageError) throw new UsageError(error.message);
    throw error;
  }
  progress.done();
  result.failures.forEach((failure, i) => console.log(`${formatFailure(failure, i + 1)}\n`));
  console.log(formatSummary(result));
  if (options.junit) await writeReport(options.junit, toJUnit(result));
  if (options.json) await writeReport(options.json, toJsonReport(result));
  if (options.html) await writeReport(options.html, toHtmlReport(result));
  const signal = result.incomplete?.signal as NodeJS.Signals | undefined;
  if (signal) return 128 + (constants.signals[signal] ?? 0);
  return result.exitCode;
}
