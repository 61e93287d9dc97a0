// Deadlines (lifecycle.deadlines): a time after creation by which a job that has not ended is ended
// in a declared state (OpenAI's 24 h completion window, Replicate's Cancel-After header).
import type { Lifecycle } from '../../spec/extension-types.js';
import type { Step } from './plan.js';

export interface Deadline {
  /** epoch ms */
  at: number;
  /** index into lifecycle.deadlines */
  rule: number;
}

/** What a create request gives: a header's or a body field's value by name. */
export interface DeadlineSource {
  header(name: string): unknown;
  body(name: string): unknown;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A declared duration ("90s", "1h30m", or integer ms) in ms. */
export function durationMs(value: number | string): number {
  if (typeof value === 'number') return value;
  let total = 0;
  for (const match of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(match[1]) * UNITS[match[2]];
  return total;
}

/** A request's duration: "24h", "90s", "1h30m", or a bare number in `unit` (seconds by default); NaN when bad. */
export function requestedMs(value: unknown, unit: 'ms' | 's' = 's'): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * UNITS[unit];
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return NaN;
  return durationMs(text);
}

/**
 * The earliest deadline of a job created at `createdAt`; a string says what the request gave wrong.
 * A rule whose parameter the request leaves out falls back on its `after`, or has no deadline.
 */
export function deadlineOf(lifecycle: Lifecycle, createdAt: number, source: DeadlineSource | undefined): Deadline | undefined | string {
  let earliest: Deadline | undefined;
  for (const [rule, declared] of (lifecycle.deadlines ?? []).entries()) {
    let ms: number | undefined = declared.after === undefined ? undefined : durationMs(declared.after);
    const param = declared.param;
    const given = param && source ? (param.in === 'header' ? source.header(param.name) : source.body(param.name)) : undefined;
    if (given !== undefined && given !== null && param) {
      ms = requestedMs(given, param.unit);
      if (!Number.isFinite(ms)) {
        const where = param.in === 'header' ? `header ${param.name}` : `field "${param.name}"`;
        return `${where} must be a duration such as 90s, 24h or 1h30m, or a number of ${param.unit === 'ms' ? 'milliseconds' : 'seconds'} (got ${JSON.stringify(given)})`;
      }
    }
    if (ms === undefined) continue;
    if (!earliest || createdAt + ms < earliest.at) earliest = { at: createdAt + ms, rule };
  }
  return earliest;
}

/**
 * The steps cut at a deadline `offset` ms after creation: a job not ended by then (and not on its way
 * out through the cancel state) ends there, in `started` if it has run, else in `to`. `from` is where
 * the walk began: a deadline already past then is left alone (a forced move after it).
 */
export function cutAtDeadline(lifecycle: Lifecycle, steps: Step[], offset: number, rule: number, from: number, ends: ReadonlySet<string>): Step[] {
  const declared = lifecycle.deadlines?.[rule];
  if (!declared || offset < from) return steps;
  let index = 0;
  while (index + 1 < steps.length && steps[index + 1].at <= offset) index++;
  const current = steps[index];
  if (ends.has(current.state) || current.state === lifecycle.cancel?.via) return steps;
  const kept = steps.slice(0, index + 1);
  const ran = kept.some((s) => s.state === lifecycle.running);
  return [...kept, { at: offset, state: ran ? (declared.started ?? declared.to) : declared.to, attempt: current.attempt }];
}
