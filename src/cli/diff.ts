// `jobtwin diff`: how faithful a twin is. The same scenarios against a real target and against the twin
// started in-process from the same spec and overlays; exit 0 when a client could tell no difference,
// 1 when it could, 2 for a bad invocation or spec.
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { writeReport } from '../../conformance/report/json.js';
import { DiffUsageError, runDiff, type DiffOptions } from '../diff/run.js';
import { toJsonDiff } from '../diff/report-json.js';
import { toMarkdownDiff } from '../diff/report-markdown.js';
import { given, headerOptions, positive, seedOption } from './options.js';
import { UsageError } from './usage.js';

export const DIFF_USAGE = `Usage: jobtwin diff (--api NAME | --spec FILE) --target URL [options]

  Runs the same scenarios against the target and against the twin (started here, on loopback, on a
  frozen clock) and reports every difference a client would notice: the states a job passes and their
  order, its attempts, the fields of each state, how its times behave, and the status and body shape
  of edge requests (unknown and malformed ids, no token, another tenant, a wrong method, a bad body).

  --api NAME               a bundled API: alchemyst, crosmos, contextual, jobs
  --spec FILE              your own OpenAPI 3.1 or 3.0 spec
  --overlay FILE           an OpenAPI Overlay 1.0 file applied to the spec at load (repeatable)
  --target URL             base URL replacing the spec's server URL, path included
  --token T                bearer token of the tenant (env JOBTWIN_TOKEN)
  --other-token T          a second tenant's token: also compare reading a job as that tenant
                           (env JOBTWIN_OTHER_TOKEN)
  --header 'K: V'          an extra header on every request to both sides (repeatable); on the twin,
                           diff's own X-Jobtwin-Job replaces one given here
  --format F               markdown (default) or json
  --out FILE               write the report to FILE instead of standard output
  --seed N                 seed of the generated requests; default: drawn and printed
  --jobs N                 jobs run to their end on each side (default 3)
  --poll-ms N              pause between two status reads of a target's job (default 200)
  --max-wait-ms N          how long a target's job may take to end (default: the longest the spec's
                           dwell times allow, plus a quarter; at least 120000)
  --request-timeout-ms N   per request (default 10000)
  -h, --help

Exit: 0 no differences, 1 differences, 2 a bad invocation or spec, or a target that answers nothing,
      128+N stopped by signal N (no report)`;

type Format = 'markdown' | 'json';

export function diffOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): (DiffOptions & { format: Format; out?: string }) | 'help' {
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
        header: { type: 'string', multiple: true },
        format: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        jobs: { type: 'string' },
        'poll-ms': { type: 'string' },
        'max-wait-ms': { type: 'string' },
        'request-timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const o = parsed.values;
  if (o.help) return 'help';
  if (!o.target) throw new UsageError('--target URL is required (jobtwin diff --help)');
  const format = o.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new UsageError(`--format: markdown or json (got "${format}")`);
  return {
    api: o.api,
    spec: o.spec,
    overlays: o.overlay,
    target: o.target,
    token: given(o.token) ?? given(env.JOBTWIN_TOKEN),
    otherToken: given(o['other-token']) ?? given(env.JOBTWIN_OTHER_TOKEN),
    headers: headerOptions(o.header),
    format,
    out: o.out,
    seed: seedOption(o.seed),
    jobs: positive('jobs', o.jobs),
    pollMs: positive('poll-ms', o['poll-ms']),
    maxWaitMs: positive('max-wait-ms', o['max-wait-ms']),
    requestTimeoutMs: positive('request-timeout-ms', o['request-timeout-ms']),
  };
}

/**
 * A stop (a CI step's timeout) ends the diff with 128+N and no report: the start-up handler's exit 0
 * would read as "no differences".
 */
function onStopSignals(earlyStop?: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    if (earlyStop) process.off(signal, earlyStop);
    process.once(signal, () => {
      console.error(`jobtwin diff: ${signal}: stopped before the report`);
      process.exit(128 + (constants.signals[signal] ?? 0));
    });
  }
}

/** Runs a diff from the command line; resolves to the exit code. */
export async function runDiffCli(argv: string[], env: NodeJS.ProcessEnv = process.env, earlyStop?: (signal: NodeJS.Signals) => void): Promise<number> {
  onStopSignals(earlyStop);
  const options = diffOptions(argv, env);
  if (options === 'help') {
    console.log(DIFF_USAGE);
    return 0;
  }
  let report;
  try {
    report = await runDiff(options);
  } catch (error) {
    if (error instanceof DiffUsageError) throw new UsageError(error.message);
    throw error;
  }
  const text = options.format === 'json' ? toJsonDiff(report) : toMarkdownDiff(report);
  if (options.out) {
    await writeReport(options.out, text);
    console.error(`jobtwin diff: seed ${report.seed}; ${report.differences.length} difference(s); report written to ${options.out}`);
  } else process.stdout.write(text);
  return report.differences.length ? 1 : 0;
}
