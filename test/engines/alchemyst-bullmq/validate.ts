// The add-async request body, checked by hand as a service would (not with the spec's schema: the
// reference server must not share the twin's reading of the spec).
const CONTEXT_TYPES = ['resource', 'conversation', 'instruction'];
const SCOPES = ['internal', 'external'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** null when the body is acceptable, else the message of the first problem. */
export function bodyProblem(body: unknown): string | null {
  if (!isObject(body)) return 'body must be an object';
  for (const key of ['documents', 'source', 'context_type', 'scope']) {
    if (!(key in body)) return `must have required property '${key}'`;
  }
  if (!Array.isArray(body.documents)) return 'documents must be an array';
  for (const [i, doc] of body.documents.entries()) {
    if (!isObject(doc)) return `documents/${i} must be an object`;
    for (const [key, value] of Object.entries(doc)) {
      if (typeof value !== 'string') return `documents/${i}/${key} must be a string`;
    }
  }
  if (typeof body.source !== 'string') return 'source must be a string';
  if (typeof body.context_type !== 'string' || !CONTEXT_TYPES.includes(body.context_type)) return `context_type must be one of ${CONTEXT_TYPES.join(', ')}`;
  if (typeof body.scope !== 'string' || !SCOPES.includes(body.scope)) return `scope must be one of ${SCOPES.join(', ')}`;
  if (body.metadata !== undefined) {
    const m = body.metadata;
    if (!isObject(m)) return 'metadata must be an object';
    for (const key of ['fileName', 'fileType', 'lastModified']) {
      if (m[key] !== undefined && typeof m[key] !== 'string') return `metadata/${key} must be a string`;
    }
    if (m.fileSize !== undefined && (typeof m.fileSize !== 'number' || !Number.isFinite(m.fileSize))) return 'metadata/fileSize must be a number';
    if (m.groupName !== undefined && (!Array.isArray(m.groupName) || m.groupName.some((g) => typeof g !== 'string')))
      return 'metadata/groupName must be an array of strings';
  }
  return null;
}
