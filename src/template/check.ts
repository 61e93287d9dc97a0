// Start-up check of what a compiled template reads: every path of every expression must be a field its
// kind of template is rendered with (scopes.ts); a typo would otherwise be served as null.
import type { CompiledTemplate } from './compile.js';
import { KIND_NAMES, SCOPES, type Field, type TemplateKind } from './scopes.js';

export interface UnknownField {
  /** the JSON pointer of the string holding the expression, inside the template */
  pointer: string;
  message: string;
}

/**
 * The first path a template reads that its scope does not offer, or undefined. `states`: the API's
 * lifecycle states, which name the fields of `job.enteredAt`.
 */
export function unknownField(template: CompiledTemplate, kind: TemplateKind, states: readonly string[] = []): UnknownField | undefined {
  for (const { pointer, expression } of template.expressions) {
    for (const path of expression.paths) {
      const problem = pathProblem(path, SCOPES[kind], kind, states);
      if (problem) return { pointer, message: `${problem} in {{${expression.source}}}` };
    }
  }
  return undefined;
}

function pathProblem(path: string[], scope: Field, kind: TemplateKind, states: readonly string[]): string | undefined {
  let node = scope;
  for (let i = 0; i < path.length; i++) {
    if (node === 'open') return undefined;
    // a field per declared state, each a plain value
    if (node === 'states') node = Object.fromEntries(states.map((s) => [s, 'value' as const]));
    const above = path.slice(0, i).join('.');
    const read = path.slice(0, i + 1).join('.');
    if (node === 'value') return `${above} has no field "${path[i]}"`;
    if (Object.prototype.hasOwnProperty.call(node, path[i])) {
      node = node[path[i]];
      continue;
    }
    const names = Object.keys(node);
    const near = nearest(path[i], names);
    if (near !== undefined) return `unknown field ${read} (did you mean ${[...path.slice(0, i), near].join('.')}?)`;
    const offered = i === 0 ? `${KIND_NAMES[kind]} reads ${names.join(', ')}` : names.length ? `${above} has ${names.join(', ')}` : `${above} has no fields`;
    return `unknown field ${read} (${offered})`;
  }
  return undefined;
}

/** The name closest to `word` when it is close enough to be a slip of the keyboard. */
function nearest(word: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = name.toLowerCase() === word.toLowerCase() ? 0.5 : distance(word, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= (word.length >= 5 ? 2 : 1) ? best : undefined;
}

/** Edit distance counting a swap of two neighbours as one edit (job.stauts is one slip from job.status). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
