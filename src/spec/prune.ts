// With an overlay, a vendor's whole document (OpenAI's is 3 MB, 200 operations) is served as its job
// API: only the paths that hold an operation with x-jobtwin are kept, with the components they reach.
// Compiling and dereferencing the rest cost seconds at start-up and served nothing the lifecycle uses.
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const COMPONENT_REF = /^#\/components\/([^/]+)\/([^/]+)/;
const unescape = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

export interface Pruned {
  doc: Record<string, any>;
  /** the paths left out, for the record */
  droppedPaths: number;
}

const hasLifecycle = (item: unknown) =>
  !!item && typeof item === 'object' && METHODS.some((m) => (item as Record<string, any>)[m]?.['x-jobtwin'] !== undefined);

/** A copy holding the lifecycle's paths and what they reach; the document itself when nothing would go. */
export function pruneToLifecycle(doc: Record<string, any>): Pruned {
  const paths = Object.entries<unknown>(doc.paths ?? {});
  const kept = paths.filter(([, item]) => hasLifecycle(item));
  // no role operation on any path: nothing says what to keep (the load reports what is missing)
  if (kept.length === 0) return { doc, droppedPaths: 0 };
  const out: Record<string, any> = { ...doc, paths: Object.fromEntries(kept) };
  delete out.webhooks;
  const components: Record<string, Record<string, unknown>> = doc.components ?? {};
  const reached = new Map<string, Set<string>>();
  const queue: unknown[] = [out.paths, doc['x-jobtwin'], doc.security];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === '$ref' && typeof v === 'string') reach(v);
        else visit(v);
      }
    }
  };
  const reach = (ref: string) => {
    const m = COMPONENT_REF.exec(ref);
    if (!m) return;
    const [section, name] = [m[1], unescape(m[2])];
    const names = reached.get(section) ?? new Set<string>();
    reached.set(section, names);
    if (names.has(name)) return;
    names.add(name);
    queue.push(components[section]?.[name]);
  };
  while (queue.length) visit(queue.shift());
  const prunedComponents: Record<string, unknown> = {};
  for (const [section, entries] of Object.entries(components)) {
    // security schemes are named by `security`, not by $ref: keep them all
    if (section === 'securitySchemes' || !entries || typeof entries !== 'object') prunedComponents[section] = entries;
    else prunedComponents[section] = Object.fromEntries(Object.entries(entries).filter(([name]) => reached.get(section)?.has(name)));
  }
  out.components = prunedComponents;
  return { doc: out, droppedPaths: paths.length - kept.length };
}
