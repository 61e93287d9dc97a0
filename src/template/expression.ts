// Parses one `{{ path | filter:arg | … ? }}` expression into an evaluator.
import { applyFilter, filterArgumentProblem, type FilterFn, lookupFilter } from './filters.js';

export type Scope = Record<string, unknown>;
export interface Expression {
  source: string;
  optional: boolean;
  paths: string[][];
  evaluate(scope: Scope): unknown;
}

export class TemplateError extends Error {}

export function resolvePath(scope: Scope, path: string[]): unknown {
  let value: unknown = scope;
  for (const key of path) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    // Own properties only: a template must never reach into prototypes.
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$0-9][\w$-]*)*$/;

export function parseExpression(source: string): Expression {
  let text = source.trim();
  const optional = text.endsWith('?');
  if (optional) text = text.slice(0, -1).trim();
  const [head, ...filterTexts] = text.split('|').map((part) => part.trim());
  if (!PATH.test(head)) throw new TemplateError(`bad path "${head}" in {{${source}}}`);
  const path = head.split('.');
  const paths = [path];
  const filters: Array<{ fn: FilterFn; args: string[] }> = filterTexts.map((filterText) => {
    const [name, ...args] = filterText.split(':');
    const fn = lookupFilter(name);
    if (!fn) throw new TemplateError(`unknown filter "${name}" in {{${source}}}`);
    const badArgs = filterArgumentProblem(name, args);
    if (badArgs) throw new TemplateError(`filter ${badArgs} in {{${source}}}`);
    // The filters that read the scope name a path too: it is checked as the value's path is.
    const read = name === 'includes' ? args[0] : name === 'omitUnless' ? args[1] : undefined;
    if ((name === 'includes' || name === 'omitUnless') && (read === undefined || !PATH.test(read)))
      throw new TemplateError(`filter "${name}" needs a path to read in {{${source}}}`);
    if (read !== undefined) paths.push(read.split('.'));
    return { fn, args };
  });
  return {
    source,
    optional,
    paths,
    evaluate(scope) {
      let value = resolvePath(scope, path);
      for (const { fn, args } of filters) value = applyFilter(fn, value, args, scope);
      return value;
    },
  };
}
