// OpenAPI Overlay 1.0: actions (a JSONPath target, then `update` or `remove`) applied to a spec at
// load, so `x-jobtwin` can live beside a vendor's document left as the vendor published it.
// Every problem points into the overlay file.
import { exec } from 'jsonpath-rfc9535';
import { SpecError } from './spec-error.js';

export interface Overlay {
  /** where it came from, for messages */
  file: string;
  doc: Record<string, any>;
}

type Key = string | number;

/** Checks the overlay document's shape; the spot of the first problem is in the message. */
export function checkOverlay({ file, doc }: Overlay): void {
  if (typeof doc.overlay !== 'string' || !/^1\.0\.\d+$/.test(doc.overlay)) {
    throw new SpecError(`${file}#/overlay: an OpenAPI Overlay 1.0 document starts with overlay: 1.0.0 (found ${JSON.stringify(doc.overlay ?? null)})`);
  }
  if (!doc.info || typeof doc.info.title !== 'string' || typeof doc.info.version !== 'string') {
    throw new SpecError(`${file}#/info: give a title and a version (strings)`);
  }
  if (!Array.isArray(doc.actions) || doc.actions.length === 0) throw new SpecError(`${file}#/actions: give at least one action`);
  doc.actions.forEach((action: any, i: number) => {
    const at = `${file}#/actions/${i}`;
    if (!action || typeof action !== 'object' || Array.isArray(action)) throw new SpecError(`${at}: an action is an object with target and update or remove`);
    if (typeof action.target !== 'string' || action.target === '') throw new SpecError(`${at}/target: give a JSONPath expression, e.g. $.paths['/jobs'].post`);
    if (action.remove !== undefined && typeof action.remove !== 'boolean') throw new SpecError(`${at}/remove: true or false`);
    if (action.remove !== true && action.update === undefined) throw new SpecError(`${at}: give update (an object to merge) or remove: true`);
    const unknown = Object.keys(action).filter((k) => !['target', 'description', 'update', 'remove'].includes(k) && !k.startsWith('x-'));
    if (unknown.length) throw new SpecError(`${at}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (target, description, update, remove)`);
  });
}

/**
 * Applies the actions in order to a copy of `spec`. A target that matches nothing is refused: with a
 * new version of the vendor's document, a renamed path should stop start-up, not drop a declaration.
 */
export function applyOverlay(spec: Record<string, any>, overlay: Overlay): Record<string, any> {
  checkOverlay(overlay);
  const doc = structuredClone(spec);
  overlay.doc.actions.forEach((action: any, i: number) => {
    const at = `${overlay.file}#/actions/${i}`;
    const found: Array<{ value: unknown; path: Key[] }> = [];
    try {
      exec(doc, action.target, (value: unknown, path: Key[]) => found.push({ value, path: [...path] }));
    } catch (error) {
      throw new SpecError(`${at}/target: not a JSONPath expression (RFC 9535): ${(error as Error).message.split('\n')[0]}`);
    }
    if (found.length === 0) throw new SpecError(`${at}/target: ${action.target} matches nothing in the spec`);
    if (action.remove === true) {
      // Deepest and last first, so removing one match does not shift the index of another.
      for (const { path } of [...found].sort(byRemovalOrder)) removeAt(doc, path, at);
      return;
    }
    for (const { value, path } of found) {
      if (value === null || typeof value !== 'object') {
        throw new SpecError(
          `${at}/target: ${action.target} matches ${describe(path)}, a ${value === null ? 'null' : typeof value}: update needs an object or an array`,
        );
      }
      merge(value as Record<string, any> | unknown[], action.update, `${at}/update`);
    }
  });
  return doc;
}

/** Objects merge key by key (recursively), arrays get the update's items appended, the rest is replaced. */
function merge(target: Record<string, any> | unknown[], update: unknown, at: string): void {
  if (Array.isArray(target)) {
    if (Array.isArray(update)) target.push(...structuredClone(update));
    else target.push(structuredClone(update));
    return;
  }
  if (update === null || typeof update !== 'object' || Array.isArray(update)) {
    throw new SpecError(`${at}: the target is an object, so update must be an object (got ${Array.isArray(update) ? 'an array' : JSON.stringify(update)})`);
  }
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) merge(current, value, `${at}/${key}`);
    else if (Array.isArray(current) && Array.isArray(value)) current.push(...structuredClone(value));
    else target[key] = structuredClone(value);
  }
}

function removeAt(doc: Record<string, any>, path: Key[], at: string): void {
  if (path.length === 0) throw new SpecError(`${at}/target: cannot remove the whole document`);
  let parent: any = doc;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
}

function byRemovalOrder(a: { path: Key[] }, b: { path: Key[] }): number {
  if (a.path.length !== b.path.length) return b.path.length - a.path.length;
  const x = a.path[a.path.length - 1];
  const y = b.path[b.path.length - 1];
  return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(path: Key[]): string {
  return `$${path.map((k) => (typeof k === 'number' ? `[${k}]` : `['${k}']`)).join('')}`;
}
