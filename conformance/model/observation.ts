// Where a job's id, status, attempts and timestamps sit in a response, read from the operation's
// compiled response template (op.body.bindings / op.item.bindings), and an Observation read out of a
// response body with it.
import type { CompiledTemplate } from '../../src/template/compile.js';
import { getAt } from './pointer.js';

export type TimeField = 'createdAt' | 'startedAt' | 'finishedAt' | 'updatedAt';
export const TIME_FIELDS: readonly TimeField[] = ['createdAt', 'startedAt', 'finishedAt', 'updatedAt'];
type Field = 'id' | 'status' | 'attempts' | TimeField;

export interface FieldSpot {
  pointer: string;
  /** iso: an ISO 8601 string; epochMs: a number of milliseconds; unix: whole seconds (read ×1000); any: a string or ms */
  format: 'iso' | 'epochMs' | 'unix' | 'any';
  /** `?` in the template: the key is left out when the value is null */
  optional: boolean;
  source: string;
}

export type Layout = Partial<Record<Field, FieldSpot>> & {
  /** per state: where the time the job entered it sits (`job.enteredAt.<state>`) */
  entered?: Record<string, FieldSpot>;
  /** where the job's progress sits (`job.progress`, scaled by `times` or rounded: a count done, a percentage) */
  progress?: string[];
};

/** Filters that keep an order: a progress through them never falls while the progress does not. */
const keepsOrder = (filter: string) => {
  const [name, arg] = filter.split(':');
  return name === 'round' || (name === 'times' && Number(arg) > 0);
};

const FIELD_OF: Record<string, Field> = {
  'job.id': 'id',
  'job.status': 'status',
  'job.attempts': 'attempts',
  'job.createdAt': 'createdAt',
  'job.startedAt': 'startedAt',
  'job.finishedAt': 'finishedAt',
  'job.updatedAt': 'updatedAt',
};

const TIME_FORMATS = new Set(['iso', 'epochMs', 'unix']);

// Unix seconds pass 1e11 in the year 5138: a larger number where seconds are declared is milliseconds.
const LARGEST_SECONDS = 1e11;

/**
 * `running`: the lifecycle's running state. `job.enteredAt.<running>` is when the latest attempt
 * started, so a field bound to it is read as the start time.
 */
export function layoutOf(template: CompiledTemplate | undefined, running?: string): Layout {
  const layout: Layout = {};
  for (const { pointer, expression, guarded } of template?.bindings ?? []) {
    const path = expression.paths[0].join('.');
    if (path === 'job.progress') {
      const filters = expression.source
        .split('|')
        .slice(1)
        .map((f) => f.trim().replace(/\?$/, ''));
      if (filters.every(keepsOrder)) (layout.progress ??= []).push(pointer);
      continue;
    }
    const field = FIELD_OF[path] ?? (running !== undefined && path === `job.enteredAt.${running}` ? 'startedAt' : undefined);
    const state = path.startsWith('job.enteredAt.') ? path.slice('job.enteredAt.'.length) : undefined;
    if (!field && state === undefined) continue;
    const filters = expression.source
      .split('|')
      .slice(1)
      .map((f) => f.trim().replace(/\?$/, '').split(':')[0]);
    // only plain values (or the time formats) say where the field is; other filters change it
    // (`plus:24h` is another time, `seconds` a duration)
    if (filters.some((f) => !TIME_FORMATS.has(f))) continue;
    const format = filters.includes('iso') ? 'iso' : filters.includes('unix') ? 'unix' : filters.includes('epochMs') ? 'epochMs' : 'any';
    const spot = { pointer, format, optional: expression.optional || guarded === true, source: expression.source } as const;
    if (state !== undefined) (layout.entered ??= {})[state] ??= spot;
    if (field && !layout[field]) layout[field] = spot;
  }
  return layout;
}

/** Where a template puts a value, e.g. `page.items` or `page.nextCursor`. */
export function bindingPointer(template: CompiledTemplate | undefined, path: string): string | undefined {
  const bound = template?.bindings.filter((b) => b.expression.paths[0].join('.') === path) ?? [];
  // the value itself, over a use of it through a filter (has_more: {{page.nextCursor|present}})
  return (bound.find((b) => !b.expression.source.includes('|')) ?? bound[0])?.pointer;
}

/** The pointer of the list's items array (the binding of page.items). */
export function itemsPointer(template: CompiledTemplate | undefined): string | undefined {
  return bindingPointer(template, 'page.items');
}

export interface Observation {
  /** Date.now() when the answer arrived */
  at: number;
  /** the exchange it was read from */
  seq: number;
  httpStatus: number;
  id?: string;
  status?: string;
  attempts?: number;
  /** epoch ms; null: present and null (or left out where the template allows) */
  times: Partial<Record<TimeField, number | null>>;
  /** values that are there but unreadable (a time that is not a time, attempts that are not a number) */
  problems: string[];
  /** per state the answer gives a time for: when the job entered it, epoch ms (null: not yet) */
  entered?: Record<string, number | null>;
  /** the progress values the answer gives, by pointer (layout.progress): numbers only */
  progress?: Record<string, number>;
}

const FORMAT_NAMES: Record<FieldSpot['format'], string> = {
  iso: 'an ISO 8601 time',
  epochMs: 'epoch milliseconds',
  unix: 'unix seconds',
  any: 'a time',
};

function readTime(spot: FieldSpot, found: boolean, value: unknown, problems: string[], field: string): number | null | undefined {
  if (!found) return spot.optional ? null : undefined;
  if (value === null) return null;
  if (typeof value === 'number' && spot.format === 'unix') {
    if (Number.isInteger(value) && Math.abs(value) < LARGEST_SECONDS) return value * 1000;
    problems.push(
      `${field} at ${spot.pointer} is ${value}, not unix seconds${Math.abs(value) >= LARGEST_SECONDS ? ' (it reads as milliseconds)' : ' (not a whole number)'}`,
    );
    return undefined;
  }
  if (typeof value === 'number' && spot.format !== 'iso')
    return Number.isFinite(value) ? value : (problems.push(`${field} (${spot.pointer}) is ${value}`), undefined);
  if (typeof value === 'string' && spot.format !== 'epochMs') {
    const t = Date.parse(value);
    if (!Number.isNaN(t) && /^\d{4}-\d\d-\d\dT/.test(value)) return t;
  }
  problems.push(`${field} at ${spot.pointer} is ${JSON.stringify(value)}, not ${FORMAT_NAMES[spot.format]}`);
  return undefined;
}

export function readObservation(layout: Layout, body: unknown, meta: { at: number; seq: number; httpStatus: number }): Observation {
  const obs: Observation = { ...meta, times: {}, problems: [] };
  const get = (spot: FieldSpot | undefined) => (spot ? getAt(body, spot.pointer) : { found: false, value: undefined });
  const id = get(layout.id);
  if (id.found && (typeof id.value === 'string' || typeof id.value === 'number')) obs.id = String(id.value);
  const status = get(layout.status);
  if (status.found) {
    if (typeof status.value === 'string') obs.status = status.value;
    else obs.problems.push(`status at ${layout.status!.pointer} is ${JSON.stringify(status.value)}, not a string`);
  }
  const attempts = get(layout.attempts);
  if (attempts.found) {
    if (typeof attempts.value === 'number' && Number.isInteger(attempts.value)) obs.attempts = attempts.value;
    else obs.problems.push(`attempts at ${layout.attempts!.pointer} is ${JSON.stringify(attempts.value)}, not an integer`);
  } else if (layout.attempts?.optional) obs.attempts = undefined;
  for (const field of TIME_FIELDS) {
    const spot = layout[field];
    if (!spot) continue;
    const { found, value } = getAt(body, spot.pointer);
    const t = readTime(spot, found, value, obs.problems, field);
    if (t !== undefined) obs.times[field] = t;
  }
  for (const pointer of layout.progress ?? []) {
    const { found, value } = getAt(body, pointer);
    if (found && typeof value === 'number' && Number.isFinite(value)) (obs.progress ??= {})[pointer] = value;
  }
  for (const [state, spot] of Object.entries(layout.entered ?? {})) {
    const { found, value } = getAt(body, spot.pointer);
    const t = readTime(spot, found, value, obs.problems, `entered ${state}`);
    if (t !== undefined) (obs.entered ??= {})[state] = t;
  }
  return obs;
}

/** One line for reports: `processing attempts=1 startedAt=…`. */
export function describeObservation(obs: Observation): string {
  if (obs.status === undefined && obs.problems.length === 0) return `HTTP ${obs.httpStatus}`;
  const parts = [obs.status ?? '(no status)'];
  if (obs.attempts !== undefined) parts.push(`attempts=${obs.attempts}`);
  for (const [field, t] of Object.entries(obs.times)) parts.push(`${field}=${t === null ? 'null' : new Date(t).toISOString()}`);
  return parts.join(' ');
}
