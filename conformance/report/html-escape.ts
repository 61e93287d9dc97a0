// Text from the target (bodies, headers, states, messages quoting them) goes into the HTML report only
// through these: every markup character becomes a reference, controls are shown escaped as on the
// console, and lengths are bounded so a hostile or huge answer cannot take over or bloat the page.
import { visible } from './console.js';

/** Longest text shown for one field (bodies are already cut at 2 kB in the run record). */
export const TEXT_LIMIT = 4096;

/** Cut at `limit` characters, never inside a surrogate pair, saying how much was left out. */
export function bounded(text: string, limit = TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

/**
 * Safe in element content and in double- or single-quoted attribute values alike: `<`, `>`, `&`, `"`
 * and `'` are references, so no text can open a tag, close `</style>` or `</script>`, or end an attribute.
 */
export function esc(text: string | number | undefined, limit = TEXT_LIMIT): string {
  if (text === undefined) return '';
  return visible(bounded(String(text), limit))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A fragment id from any text: only [A-Za-z0-9-], so it is safe unquoted in a URL fragment too. */
export function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'x'
  );
}
