// The conformance suite's programmatic API: run it from your own tests or scripts.
export { runConformance, ConformUsageError } from './runner/run.js';
export { CHECKS, CHECK_NAMES } from './checks/registry.js';
export type { ConformOptions, RunResult, Failure, CheckSummary, ExchangeRecord, Phase, ProgressEvent } from './runner/types.js';
