// How long the suite waits for a job to end when --max-wait-ms is not given: at least two minutes, and
// never less than the spec's own dwell times allow (Contextual: up to three attempts of 45 s), with a
// quarter on top for a real service's queue and network. A shorter wait fails correct jobs.
import { longestLifetime } from '../../src/core/lifecycle/longest.js';
import type { ApiModel } from '../../src/spec/model.js';

export const MIN_MAX_WAIT_MS = 120_000;

export function defaultMaxWait(api: ApiModel): number {
  return Math.max(MIN_MAX_WAIT_MS, Math.ceil(longestLifetime(api.ext.lifecycle, api.ext.simulation) * 1.25));
}
