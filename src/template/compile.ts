// Compiles a JSON template once into a render function (no parsing on a request).
import { parseExpression, TemplateError, type Expression, type Scope } from './expression.js';

export type Render = (scope: Scope) => unknown;
const OMIT = Symbol('omit');

export interface CompiledTemplate {
  render: Render;
  /** Every whole-value placeholder with the JSON pointer it sits at: the conformance suite reads these. */
  bindings: Array<{ pointer: string; expression: Expression }>;
  /** Every expression, whole-value or interpolated, with its JSON pointer: the start-up check reads these. */
  expressions: Array<{ pointer: string; expression: Expression }>;
}

export function compileTemplate(template: unknown, where = '#'): CompiledTemplate {
  const bindings: CompiledTemplate['bindings'] = [];
  const expressions: CompiledTemplate['expressions'] = [];
  const node = compileNode(template, '', { bindings, expressions }, where);
  return {
    bindings,
    expressions,
    render: (scope) => {
      const value = node(scope);
      return value === OMIT ? null : value;
    },
  };
}

type Node = (scope: Scope) => unknown;

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

type Found = Pick<CompiledTemplate, 'bindings' | 'expressions'>;

function compileNode(template: unknown, pointer: string, found: Found, where: string): Node {
  if (typeof template === 'string') return compileString(template, pointer, found, where);
  if (Array.isArray(template)) {
    const items = template.map((item, i) => compileNode(item, `${pointer}/${i}`, found, `${where}/${i}`));
    return (scope) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item(scope);
        if (value !== OMIT) out.push(value);
      }
      return out;
    };
  }
  if (template !== null && typeof template === 'object') {
    const entries = Object.entries(template).map(
      ([key, value]) => [key, compileNode(value, `${pointer}/${escapePointer(key)}`, found, `${where}/${escapePointer(key)}`)] as const,
    );
    return (scope) => {
      const out: Record<string, unknown> = {};
      for (const [key, node] of entries) {
        const value = node(scope);
        if (value !== OMIT) out[key] = value;
      }
      return out;
    };
  }
  return () => template;
}

/**
 * The string's literal text and expression sources, in order. Braces that do not pair up are refused
 * rather than served as text: a template's author meant an expression there.
 */
export function splitTemplate(text: string): Array<{ text: string } | { source: string }> {
  const parts: Array<{ text: string } | { source: string }> = [];
  const quoted = JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    const close = text.indexOf('}}', at);
    if (close >= 0 && (open < 0 || close < open)) throw new TemplateError(`stray "}}" in ${quoted}`);
    if (open < 0) break;
    const end = text.indexOf('}}', open + 2);
    const next = text.indexOf('{{', open + 2);
    if (end < 0 || (next >= 0 && next < end)) throw new TemplateError(`unclosed "{{" in ${quoted}`);
    const source = text.slice(open + 2, end);
    if (source.trim() === '') throw new TemplateError(`empty "{{${source}}}" in ${quoted}`);
    parts.push({ text: text.slice(at, open) }, { source });
    at = end + 2;
  }
  parts.push({ text: text.slice(at) });
  return parts;
}

function compileString(text: string, pointer: string, found: Found, where: string): Node {
  if (!text.includes('{{') && !text.includes('}}')) return () => text;
  try {
    const split = splitTemplate(text);
    if (split.length === 3 && 'text' in split[0] && split[0].text === '' && 'text' in split[2] && split[2].text === '' && 'source' in split[1]) {
      const expression = parseExpression(split[1].source);
      found.bindings.push({ pointer, expression });
      found.expressions.push({ pointer, expression });
      return (scope) => {
        const value = expression.evaluate(scope);
        if (value === null || value === undefined) return expression.optional ? OMIT : null;
        return value;
      };
    }
    const parts: Array<string | Expression> = split.map((part) => ('text' in part ? part.text : parseExpression(part.source)));
    for (const part of parts) if (typeof part !== 'string') found.expressions.push({ pointer, expression: part });
    return (scope) => {
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') out += part;
        else {
          const value = part.evaluate(scope);
          out += value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
        }
      }
      return out;
    };
  } catch (error) {
    if (error instanceof TemplateError) throw new TemplateError(`${where}: ${error.message}`);
    throw error;
  }
}
