// A dereferenced document (swagger-parser's) holds a recursive schema as an object that contains
// itself; ajv walks such a graph for ever. This rewrites each cycle as a $ref into the schema's own
// $defs, the form JSON Schema has for recursion, so a self-referring schema (a tree of filters, a
// comment with replies) compiles.

const isObject = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === 'object';

const copies = new WeakMap<object, unknown>();

/** The schema with every cycle turned into a $ref to `#/$defs/jobtwin-cycle-N`; the same object when it has none. */
export function decycle<T>(schema: T): T {
  if (!isObject(schema)) return schema;
  const cached = copies.get(schema);
  if (cached !== undefined) return cached as T;
  const onPath = new Set<object>();
  const names = new Map<object, string>();
  const defs: Record<string, unknown> = {};
  const done = new Map<object, unknown>();
  let cyclic = false;
  const copy = (node: unknown): unknown => {
    if (!isObject(node)) return node;
    if (onPath.has(node)) {
      cyclic = true;
      if (!names.has(node)) names.set(node, `jobtwin-cycle-${names.size}`);
      return { $ref: `#/$defs/${names.get(node)}` };
    }
    const finished = done.get(node);
    if (finished !== undefined) return finished;
    onPath.add(node);
    const out = Array.isArray(node) ? node.map(copy) : Object.fromEntries(Object.entries(node).map(([k, v]) => [k, copy(v)]));
    onPath.delete(node);
    const name = names.get(node);
    // a node reached from inside itself lives in $defs; where it sits, a $ref to it
    const result = name === undefined ? out : ((defs[name] = out), { $ref: `#/$defs/${name}` });
    done.set(node, result);
    return result;
  };
  const out = copy(schema);
  if (!cyclic) {
    copies.set(schema, schema);
    return schema;
  }
  const root = (Array.isArray(out) ? out : { ...(out as Record<string, unknown>) }) as Record<string, unknown>;
  const withDefs = { ...root, $defs: { ...((root.$defs as Record<string, unknown>) ?? {}), ...defs } } as T;
  copies.set(schema, withDefs);
  return withDefs;
}
