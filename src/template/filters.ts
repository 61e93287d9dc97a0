// Filters a template expression may apply; docs/extension.md lists them.
import type { Scope } from './expression.js';

export type FilterFn = (value: unknown, args: string[], scope: Scope) => unknown;

const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et ' +
  'dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea ' +
  'commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur'
).split(' ');

function mix(n: number): number {
  // A cheap integer hash so consecutive seeds give unrelated sequences.
  let x = n | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `24h`, `30m`, `1500ms`, `7d` in ms, or undefined when it is not one. */
export function parseDuration(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text?.trim() ?? '');
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

/** Whether `text` is a plain decimal number (a filter's numeric argument). */
function isNumber(text: string | undefined): boolean {
  return text !== undefined && /^-?\d+(\.\d+)?$/.test(text.trim());
}

// Numbers only: null (a time not reached yet) and other values pass through unchanged.
const onNumber =
  (f: (n: number, args: string[]) => number): FilterFn =>
  (v, args) =>
    typeof v === 'number' ? f(v, args) : v;

const FILTERS: Record<string, FilterFn> = {
  iso: (v) => (typeof v === 'number' ? new Date(v).toISOString() : v),
  // UTC without the zone, as Python's isoformat() of a naive datetime (AssemblyAI's `created`)
  isoNaive: (v) => (typeof v === 'number' ? new Date(v).toISOString().slice(0, -1) : v),
  epochMs: (v) => v,
  unix: onNumber((n) => Math.floor(n / 1000)),
  seconds: onNumber((n) => n / 1000),
  plus: onNumber((n, [duration]) => n + parseDuration(duration)!),
  times: onNumber((n, [factor]) => n * Number(factor)),
  round: onNumber((n, [digits]) => {
    // round:2 keeps two decimals; plain round gives an integer
    const scale = 10 ** Number(digits ?? 0);
    return Math.round(n * scale) / scale;
  }),
  string: (v) => (v === null || v === undefined ? v : String(v)),
  length: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : v === null || v === undefined ? v : 0),
  int: (v, [min, max]) => {
    const lo = Number(min);
    const hi = Number(max);
    return lo + (mix(Number(v) || 0) % (hi - lo + 1));
  },
  words: (v, [count]) => {
    const n = Number(count);
    let h = mix(Number(v) || 0);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      out.push(LOREM[h % LOREM.length]);
      h = mix(h + i + 1);
    }
    return out.join(' ');
  },
  includes: (v, [path, wanted], scope) => {
    let probe: unknown = scope;
    for (const key of path.split('.')) {
      probe = probe && typeof probe === 'object' && Object.prototype.hasOwnProperty.call(probe, key) ? (probe as Record<string, unknown>)[key] : undefined;
    }
    // VALUE may list alternatives, a,b: the value passes when any of them is there.
    const hit = wanted.split(',').some((w) => (Array.isArray(probe) ? probe.includes(w) : probe === w));
    return hit ? v : null;
  },
  // omitUnless:FIELD:PATH:VALUE — on an array of objects, drops FIELD from each one unless the value at
  // PATH is VALUE or an array holding it (VALUE may be `a,b`).
  omitUnless: (v, [field, path, wanted], scope) => {
    if (!Array.isArray(v)) return v;
    if (lookupFilter('includes')!(true, [path, wanted], scope) === true) return v;
    return v.map((item) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
      const { [field]: _dropped, ...rest } = item as Record<string, unknown>;
      return rest;
    });
  },
  default: (v, args) => (v === null || v === undefined ? args.join(':') : v),
  // a boolean a list answers beside its cursor (OpenAI's has_more: {{page.nextCursor|present}})
  present: (v) => v !== null && v !== undefined,
};

/**
 * What is wrong with a filter's arguments, checked when the template compiles so a bad one stops
 * start-up at its spot instead of answering NaN.
 */
const ARGUMENTS: Record<string, (args: string[]) => string | undefined> = {
  plus: ([d]) => (parseDuration(d) === undefined ? `"plus" needs a duration such as 24h, 30m, 90s, 1500ms or 7d, not "${d ?? ''}"` : undefined),
  times: ([n]) => (isNumber(n) ? undefined : `"times" needs a number, not "${n ?? ''}"`),
  round: ([n]) => (n === undefined || /^\d$/.test(n.trim()) ? undefined : `"round" takes a number of decimals (0-9), not "${n}"`),
};

export function filterArgumentProblem(name: string, args: string[]): string | undefined {
  return Object.prototype.hasOwnProperty.call(ARGUMENTS, name) ? ARGUMENTS[name](args) : undefined;
}

export function lookupFilter(name: string): FilterFn | undefined {
  return Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
}

export function applyFilter(fn: FilterFn, value: unknown, args: string[], scope: Scope): unknown {
  return fn(value, args, scope);
}

export const filterNames = Object.keys(FILTERS);
