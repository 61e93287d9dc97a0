// The conformance suite's programmatic API: run it from your own tests or scripts.
import { toHtmlReport } from './report/html-page.js';
import { writeReport } from './report/json.js';
import { runConformance as run } from './runner/run.js';
import type { ConformOptions, RunResult } from './runner/types.js';

export { ConformUsageError } from './runner/run.js';
export { CHECKS, CHECK_NAMES } from './checks/registry.js';
export { toHtmlReport } from './report/html-page.js';
export type { ConformOptions, RunResult, Failure, CheckSummary, ExchangeRecord, ObservationRecord, Phase, ProgressEvent } from './runner/types.js';

/** Runs the suite; with `html`, also writes the HTML report there (as the CLI's --html does). */
export async function runConformance(options: ConformOptions): Promise<RunResult> {
  const result = await run(options);
  if (options.html) await writeReport(options.html, toHtmlReport(result));
  return result;
}
