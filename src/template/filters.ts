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

const FILTERS: Record<string, FilterFn> = {
  iso: (v) => (typeof v === 'number' ? new Date(v).toISOString() : v),
  epochMs: (v) => v,
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
};

export function lookupFilter(name: string): FilterFn | undefined {
  return Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
}

export function applyFilter(fn: FilterFn, value: unknown, args: string[], scope: Scope): unknown {
  return fn(value, args, scope);
}

export const filterNames = Object.keys(FILTERS);
