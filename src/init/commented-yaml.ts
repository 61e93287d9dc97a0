// YAML with comments, for a draft a person reads and edits: js-yaml writes values but no comments,
// so values are wrapped with the comments that explain them and written here, scalars and short
// collections through js-yaml (its quoting), the structure in block style.
import yaml from 'js-yaml';

/** A value with the comment lines above it and a short comment after it on its line. */
export class Commented {
  constructor(
    readonly value: unknown,
    readonly above: string[] = [],
    readonly after?: string,
  ) {}
}

/** Wraps a value with comments; a comment starting `DECIDE:` marks what a person must settle. */
export function note(value: unknown, after?: string, above: string | string[] = []): Commented {
  return new Commented(value, typeof above === 'string' ? [above] : above, after);
}

const unwrap = (node: unknown) => (node instanceof Commented ? node : new Commented(node));

/** The data without its comments. */
export function plain(node: unknown): unknown {
  const value = unwrap(node).value;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Every comment in the tree, in document order. */
export function comments(node: unknown): string[] {
  const { value, above, after } = unwrap(node);
  const out = [...above, ...(after ? [after] : [])];
  if (value !== null && typeof value === 'object') for (const child of Object.values(value)) out.push(...comments(child));
  return out;
}

const WIDTH = 110;

function hasComments(node: unknown): boolean {
  if (node instanceof Commented) return true;
  return node !== null && typeof node === 'object' && Object.values(node).some(hasComments);
}

/** The value on one line (a scalar, or a flow collection without comments), or undefined. */
function oneLine(value: unknown, room: number): string | undefined {
  if (typeof value === 'string' && value.includes('\n')) return JSON.stringify(value);
  if (value !== null && typeof value === 'object' && hasComments(value)) return undefined;
  const text = yaml.dump(value, { flowLevel: 0, lineWidth: -1 }).trimEnd();
  if (text.includes('\n')) return undefined;
  const scalar = value === null || typeof value !== 'object';
  const empty = !scalar && Object.keys(value as object).length === 0;
  return scalar || empty || text.length <= room ? text : undefined;
}

function commentLines(text: string, pad: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && pad.length + 2 + line.length + 1 + word.length > WIDTH) {
        out.push(`${pad}# ${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(`${pad}# ${line}`.trimEnd());
  }
  return out;
}

/** A line with its note after it, or the note above it when both do not fit. */
function withNote(line: string, after: string | undefined, pad: string): string[] {
  if (!after) return [line];
  return line.length + 4 + after.length <= WIDTH ? [`${line}  # ${after}`] : [...commentLines(after, pad), line];
}

function emitEntries(map: Record<string, unknown>, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, node] of Object.entries(map)) {
    const { value, above, after } = unwrap(node);
    if (value === undefined) continue;
    for (const line of above) out.push(...commentLines(line, pad));
    const name = yaml.dump(key, { lineWidth: -1 }).trimEnd();
    const inline = oneLine(value, WIDTH - indent - name.length - 2);
    if (inline !== undefined) {
      out.push(...withNote(`${pad}${name}: ${inline}`, after, pad));
      continue;
    }
    if (after) out.push(...commentLines(after, pad));
    out.push(`${pad}${name}:`);
    emitBlock(value, indent + 2, out);
  }
}

function emitBlock(value: unknown, indent: number, out: string[]): void {
  if (!Array.isArray(value)) return emitEntries(value as Record<string, unknown>, indent, out);
  const pad = ' '.repeat(indent);
  for (const node of value) {
    const { value: item, above, after } = unwrap(node);
    for (const line of above) out.push(...commentLines(line, pad));
    const inline = oneLine(item, WIDTH - indent - 2);
    if (inline !== undefined) {
      out.push(...withNote(`${pad}- ${inline}`, after, pad));
      continue;
    }
    if (after) out.push(...commentLines(after, pad));
    const lines: string[] = [];
    emitBlock(item, indent + 2, lines);
    // comments of the item's first entry go above the dash; the first line of data takes the dash
    const first = lines.findIndex((line) => !line.trimStart().startsWith('#'));
    out.push(...lines.slice(0, first).map((line) => `${pad}${line.trimStart()}`));
    out.push(`${pad}- ${lines[first].trimStart()}`, ...lines.slice(first + 1));
  }
}

/** The document as YAML, with `header` as comment lines at the top. */
export function toYaml(document: Record<string, unknown>, header: string[] = []): string {
  const out: string[] = [];
  for (const line of header) out.push(...commentLines(line, ''));
  emitEntries(document, 0, out);
  return `${out.join('\n')}\n`;
}
