// The operations of a dereferenced OpenAPI document as `jobtwin init` reads them: path parameters,
// the success response's schema, and the fields inside it found by name.
import { METHODS, type Method } from '../spec/model.js';
import { enumValues, isObject, mediaOf, objectShape, schemaExamples, typeOf, valueAt } from './schema-view.js';

type Schema = Record<string, any>;

export interface SpecOperation {
  method: Method;
  path: string;
  /** the dereferenced operation, the path item's parameters merged in */
  operation: Schema;
  /** names of the path's {parameters}, in order */
  pathParams: string[];
  /** documented statuses */
  statuses: string[];
  /** the 2xx answer the twin will give: the lowest one with a body, else the lowest */
  success?: { status: number; schema?: Schema; media?: Schema };
}

export function specOperations(document: Schema): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Schema>(document.paths ?? {})) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const parameters = new Map<string, Schema>();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) if (isObject(p)) parameters.set(`${p.in}:${p.name}`, p);
      const responses: Schema = isObject(operation.responses) ? operation.responses : {};
      const ok = Object.keys(responses)
        .filter((s) => /^2\d\d$/.test(s))
        .sort();
      const withBody = ok.find((s) => mediaOf(responses[s]?.content));
      const status = withBody ?? ok[0];
      const media = status === undefined ? undefined : mediaOf(responses[status]?.content)?.media;
      out.push({
        method,
        path,
        operation: { ...operation, parameters: [...parameters.values()] },
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        statuses: Object.keys(responses),
        success: status === undefined ? undefined : { status: Number(status), schema: media?.schema, media },
      });
    }
  }
  return out;
}

export const opKey = (op: Pick<SpecOperation, 'method' | 'path'>) => `${op.method.toUpperCase()} ${op.path}`;

/** A property found inside a schema: its path from the top and its schema. */
export interface FieldAt {
  path: string[];
  schema: Schema;
}

/**
 * The best-scored property whose name `score` likes (0: not at all), searched breadth first through
 * nested objects (envelopes such as {data: {...}}) up to `maxDepth`; a shallower one wins a tie.
 */
export function findField(schema: unknown, score: (name: string, schema: Schema) => number, maxDepth = 2): FieldAt | undefined {
  let best: (FieldAt & { score: number }) | undefined;
  let level: FieldAt[] = [{ path: [], schema: schema as Schema }];
  for (let depth = 0; depth <= maxDepth && level.length; depth++) {
    const next: FieldAt[] = [];
    for (const { path, schema: s } of level) {
      const { properties } = objectShape(s);
      for (const [name, sub] of Object.entries(properties)) {
        const points = score(name, sub);
        if (points > 0 && (!best || points > best.score)) best = { path: [...path, name], schema: sub, score: points };
        if (typeOf(sub) === 'object') next.push({ path: [...path, name], schema: sub });
      }
    }
    if (best) return { path: best.path, schema: best.schema };
    level = next;
  }
  return undefined;
}

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** How much a property name looks like a job's id (a string). */
export function idScore(name: string, schema: Schema): number {
  const type = typeOf(schema);
  if (type !== undefined && type !== 'string' && type !== 'integer') return 0;
  const n = squash(name);
  if (['jobid', 'taskid', 'batchid', 'runid', 'operationid', 'requestid'].includes(n)) return 4;
  if (n === 'id' || n === 'uuid') return 3;
  if (/id$/.test(n) && /(_id|Id|ID|-id)$/.test(name)) return 1;
  return 0;
}

/** How much a property name looks like a job's status. */
export function statusScore(name: string, schema: Schema): number {
  const type = typeOf(schema);
  if (type !== undefined && type !== 'string') return 0;
  const n = squash(name);
  const base = ['status', 'state', 'phase'].includes(n) ? 3 : /(status|state|phase)$/.test(n) ? 2 : 0;
  return base && enumValues(schema).length ? base + 3 : base;
}

/** The states a status field documents: its enum, else the values its examples show (in the order seen). */
export function statesOf(examples: unknown[], field: FieldAt): { states: string[]; from: 'enum' | 'examples' } | undefined {
  const values = enumValues(field.schema);
  if (values.length) return { states: values, from: 'enum' };
  const seen = new Set<string>();
  for (const value of [...examples.map((example) => valueAt(example, field.path)), ...schemaExamples(field.schema)]) {
    if (typeof value === 'string' && value !== '') seen.add(value);
  }
  return seen.size ? { states: [...seen], from: 'examples' } : undefined;
}

/** The array of jobs a list answer holds: the answer itself, or one of its properties. */
export function itemsOf(schema: unknown): { path: string[]; items: Schema } | undefined {
  if (typeOf(schema) === 'array') return { path: [], items: (schema as Schema).items ?? {} };
  const { properties } = objectShape(schema);
  const arrays = Object.entries(properties).filter(([, s]) => typeOf(s) === 'array' && typeOf(s.items) === 'object');
  const preferred = arrays.find(([name]) => /^(jobs|items|data|results|tasks|batches|runs|operations|records|entries)$/i.test(name)) ?? arrays[0];
  return preferred ? { path: [preferred[0]], items: preferred[1].items } : undefined;
}
