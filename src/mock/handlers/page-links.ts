// The absolute URL of a neighbouring page: the request's own URL on the twin's origin, with its
// paging parameters replaced, so a client follows `next` as it would on the vendor's service.
import type { ErrorRequest } from '../errors.js';

/** `set`: the paging parameters of the page linked to; `drop`: those that must not come along. */
export function pageUrl(req: ErrorRequest, set: Record<string, string>, drop: readonly string[]): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(req.query)) {
    if (drop.includes(name) || name in set || value === undefined) continue;
    query.set(name, String(value));
  }
  for (const [name, value] of Object.entries(set)) query.set(name, value);
  const search = query.toString();
  return `${req.origin}${req.path}${search ? `?${search}` : ''}`;
}
