// A list's time window: `since` (created at or after, inclusive) and `until` (created before,
// exclusive), so two windows that meet at one instant never list a job twice.
import type { OperationExtension } from '../../spec/extension-types.js';

export interface TimeWindow {
  since: number | null;
  until: number | null;
}

/**
 * A date-time, or a number where the parameter's schema makes it one (ajv coerces the query): unix
 * seconds, as APIs that write their times in seconds take them back.
 */
function instant(value: unknown): number {
  if (typeof value === 'number') return value * 1000;
  return Date.parse(String(value));
}

/** The window the request asks for, or the message of an invalid request. */
export function windowOf(ext: OperationExtension, query: Record<string, unknown>): TimeWindow | { message: string } {
  const out: TimeWindow = { since: null, until: null };
  for (const bound of ['since', 'until'] as const) {
    const param = ext[bound]?.param;
    if (param === undefined || query[param] === undefined || query[param] === '') continue;
    const at = instant(query[param]);
    if (!Number.isFinite(at)) return { message: `${param} must be a date-time` };
    out[bound] = at;
  }
  return out;
}

export function inWindow(window: TimeWindow, createdAt: number): boolean {
  return (window.since === null || createdAt >= window.since) && (window.until === null || createdAt < window.until);
}
