// Per-job control on creation, in the spirit of Prism's `Prefer` header:
//   X-Jobtwin-Job: outcome=fail; failures=2; queue=500ms; run=2s; backoff=1s; type=PARSE_DOCUMENT
import { parseDuration } from '../core/clock/clock.js';
import type { Lifecycle } from '../spec/extension-types.js';
import type { Outcome, PlanOverrides } from '../core/lifecycle/plan.js';

export const JOB_HEADER = 'x-jobtwin-job';
const OUTCOMES: Record<string, Outcome> = { succeed: 'succeed', success: 'succeed', fail: 'fail', partial: 'partial', never: 'never', reject: 'reject' };

export interface JobDirectives {
  overrides: PlanOverrides;
  type?: string;
}

/** Parses the header; returns an error sentence for anything it does not understand. */
export function parseJobHeader(value: string | string[] | undefined, lifecycle: Lifecycle): JobDirectives | string {
  if (value === undefined) return { overrides: {} };
  const text = Array.isArray(value) ? value.join(';') : value;
  const overrides: PlanOverrides = {};
  const durations: Record<string, number> = {};
  let type: string | undefined;
  for (const part of text.split(/[;,]/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const raw = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (key === 'outcome') {
      const outcome = OUTCOMES[raw.toLowerCase()];
      // reject is named only where the API has a rejected path
      const named = lifecycle.paths?.rejected ? 'succeed, fail, partial, never, reject' : 'succeed, fail, partial, never';
      if (!outcome) return `${JOB_HEADER}: outcome must be one of ${named} (got "${raw}")`;
      if (outcome === 'reject' && !lifecycle.paths?.rejected) return `${JOB_HEADER}: this API has no rejected path (lifecycle.paths.rejected)`;
      if (outcome === 'partial' && !lifecycle.outcomes.partial) return `${JOB_HEADER}: this API has no partial outcome`;
      overrides.outcome = outcome;
    } else if (key === 'failures') {
      if (!/^\d+$/.test(raw)) return `${JOB_HEADER}: failures must be a whole number (got "${raw}")`;
      overrides.failures = Number(raw);
    } else if (key === 'type') {
      if (!raw) return `${JOB_HEADER}: type needs a value`;
      type = raw;
    } else if (key === 'backoff') {
      const ms = parseDuration(raw);
      if (!Number.isFinite(ms) || ms < 0) return `${JOB_HEADER}: backoff needs a duration such as 500ms, 2s or 1m (got "${raw}")`;
      overrides.backoff = ms;
    } else {
      const named = lifecycle.states.find((s) => s.toLowerCase() === key);
      const states = key === 'queue' ? [lifecycle.initial] : key === 'run' ? [lifecycle.running] : named ? [named] : null;
      if (!states) return `${JOB_HEADER}: unknown directive "${key}" (outcome, failures, type, queue, run, backoff or a state name)`;
      const ms = parseDuration(raw);
      if (!Number.isFinite(ms) || ms < 0) return `${JOB_HEADER}: ${key} needs a duration such as 500ms, 2s or 1m (got "${raw}")`;
      for (const state of states) durations[state] = ms;
    }
  }
  if (Object.keys(durations).length) overrides.durations = durations;
  return { overrides, type };
}
