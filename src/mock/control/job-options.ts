// The creation choices of POST /jobs (outcome, failures, durations), read by the same parser as the
// X-Jobtwin-Job header, so both follow one set of rules.
import { JOB_HEADER, parseJobHeader } from '../job-header.js';
import type { PlanOverrides } from '../../core/lifecycle/plan.js';
import type { Lifecycle } from '../../spec/extension-types.js';
import { badRequest, show } from './errors.js';
import type { Body } from './input.js';

const HEADER_PREFIX = `${JOB_HEADER}: `;

/** One `key=value` directive through the header parser; `field` names it in the message. */
function parseOne(field: string, key: string, value: string, lifecycle: Lifecycle): PlanOverrides {
  // The header separates directives with ; and , and splits at the first =: none of them may hide inside.
  if (/[;,=]/.test(key) || /[;,=]/.test(value)) throw badRequest(`"${field}": ${show(`${key}=${value}`)} must not contain ";", "," or "="`);
  const parsed = parseJobHeader(`${key}=${value}`, lifecycle);
  if (typeof parsed === 'string') throw badRequest(`"${field}": ${parsed.startsWith(HEADER_PREFIX) ? parsed.slice(HEADER_PREFIX.length) : parsed}`);
  return parsed.overrides;
}

export function overridesFromBody(body: Body, lifecycle: Lifecycle): PlanOverrides {
  const overrides: PlanOverrides = {};
  if (body.outcome !== undefined) {
    if (typeof body.outcome !== 'string') throw badRequest(`"outcome" must be one of succeed, fail, partial, never, reject (got ${show(body.outcome)})`);
    overrides.outcome = parseOne('outcome', 'outcome', body.outcome, lifecycle).outcome;
  }
  if (body.failures !== undefined) {
    if (typeof body.failures !== 'number') throw badRequest(`"failures" must be a whole number ≥ 0 (got ${show(body.failures)})`);
    overrides.failures = parseOne('failures', 'failures', String(body.failures), lifecycle).failures;
  }
  if (body.durations !== undefined) {
    const durations = body.durations;
    if (!durations || typeof durations !== 'object' || Array.isArray(durations)) {
      throw badRequest(`"durations" must be an object such as {"queue": "500ms", "run": "2s", "backoff": 1000} (keys: queue, run, backoff or a state name)`);
    }
    const merged: Record<string, number> = {};
    for (const [key, value] of Object.entries(durations)) {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw badRequest(`"durations.${key}" must be milliseconds or a duration such as "2s" (got ${show(value)})`);
      }
      const one = parseOne(`durations.${key}`, key, String(value), lifecycle);
      Object.assign(merged, one.durations);
      if (one.backoff !== undefined) overrides.backoff = one.backoff;
    }
    if (Object.keys(merged).length) overrides.durations = merged;
  }
  return overrides;
}
