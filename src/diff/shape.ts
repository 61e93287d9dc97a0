// The shape of a JSON body as a client's code depends on it: every JSON pointer with the type found
// there (array items merged under `*`), values left out. Times are typed by their form, so seconds,
// milliseconds and ISO strings tell apart while their values do not matter.

/** JSON pointer → the types seen there, sorted and joined by `|` (e.g. `string|null`). */
export type Shape = Record<string, string>;

// Unix seconds from 2001 to 5138; milliseconds from 2001 to 5138: other numbers are plain numbers.
const SECONDS = [1e9, 1e11];
const MILLIS = [1e12, 1e14];
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

export type TimeKind = 'date-time' | 'unix-seconds' | 'epoch-ms';

export function timeKind(value: unknown): TimeKind | undefined {
  if (typeof value === 'string') return ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? 'date-time' : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && value >= SECONDS[0] && value < SECONDS[1]) return 'unix-seconds';
  if (value >= MILLIS[0] && value < MILLIS[1]) return 'epoch-ms';
  return undefined;
}

/** A time value in epoch ms, or undefined when the value is no time. */
export function timeMs(value: unknown): number | undefined {
  switch (timeKind(value)) {
    case 'date-time':
      return Date.parse(value as string);
    case 'unix-seconds':
      return (value as number) * 1000;
    case 'epoch-ms':
      return value as number;
    default:
      return undefined;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const time = timeKind(value);
  if (time) return time;
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function add(out: Record<string, Set<string>>, pointer: string, type: string): void {
  (out[pointer] ??= new Set()).add(type);
}

function walk(value: unknown, pointer: string, out: Record<string, Set<string>>): void {
  add(out, pointer, typeOf(value));
  if (Array.isArray(value)) for (const item of value) walk(item, `${pointer}/*`, out);
  else if (value !== null && typeof value === 'object') for (const [key, v] of Object.entries(value)) walk(v, `${pointer}/${escape(key)}`, out);
}

function seal(sets: Record<string, Set<string>>): Shape {
  const shape: Shape = {};
  for (const pointer of Object.keys(sets).sort()) shape[pointer] = [...sets[pointer]].sort().join('|');
  return shape;
}

/** The shape of one body; an absent body (no JSON) is the empty shape. */
export function shapeOf(body: unknown): Shape {
  if (body === undefined) return {};
  const sets: Record<string, Set<string>> = {};
  walk(body, '', sets);
  return seal(sets);
}

/** The shapes of several bodies merged: each pointer with every type seen there. */
export function mergeShapes(shapes: Shape[]): Shape {
  const sets: Record<string, Set<string>> = {};
  for (const shape of shapes) for (const [pointer, types] of Object.entries(shape)) for (const t of types.split('|')) add(sets, pointer, t);
  return seal(sets);
}

/** The pointer of the array whose items hold this pointer (`/a/*\/b` → `/a`), or undefined outside arrays. */
function arrayOf(pointer: string): string | undefined {
  const i = pointer.lastIndexOf('/*');
  return i < 0 ? undefined : pointer.slice(0, i);
}

export interface ShapeGap {
  pointer: string;
  /** the types on the target and on the twin; undefined: absent there */
  target?: string;
  twin?: string;
}

/**
 * Where two shapes part: a pointer present on one side only, or whose types have nothing in common.
 * Inside an array that is empty (or absent) on the other side nothing is compared: it says nothing
 * about the items' shape.
 */
export function shapeGaps(target: Shape, twin: Shape): ShapeGap[] {
  const hasItems = (shape: Shape, array: string) => `${array}/*` in shape;
  const gaps: ShapeGap[] = [];
  for (const pointer of [...new Set([...Object.keys(target), ...Object.keys(twin)])].sort()) {
    const a = target[pointer];
    const b = twin[pointer];
    let array = arrayOf(pointer);
    let unseen = false;
    while (array !== undefined) {
      if (!hasItems(target, array) || !hasItems(twin, array)) unseen = true;
      array = arrayOf(array);
    }
    if (unseen) continue;
    if (a !== undefined && b !== undefined && a.split('|').some((t) => b.split('|').includes(t))) continue;
    // a child of a pointer already reported adds nothing
    if (gaps.some((g) => pointer.startsWith(`${g.pointer}/`))) continue;
    gaps.push({ pointer, target: a, twin: b });
  }
  return gaps;
}

/** One line for reports: `{"/id": "string", "/status": "string"}` without the root. */
export function describeShape(shape: Shape, limit = 12): string {
  const entries = Object.entries(shape).filter(([p]) => p !== '');
  if (entries.length === 0) return shape[''] ?? '(no JSON body)';
  const shown = entries.slice(0, limit).map(([p, t]) => `${p}: ${t}`);
  return `${shape[''] ?? ''} ${shown.join(', ')}${entries.length > limit ? `, … (${entries.length - limit} more)` : ''}`.trim();
}
