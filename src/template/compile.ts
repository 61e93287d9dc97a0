// Compiles a JSON template once into a render function (no parsing on a request).
import { parseExpression, TemplateError, type Expression, type Scope } from './expression.js';

export type Render = (scope: Scope) => unknown;
const OMIT = Symbol('omit');
const WHOLE = /^\{\{([^{}]+)\}\}$/;
const PART = /\{\{([^{}]+)\}\}/g;

export interface CompiledTemplate {
  render: Render;
  /** Every whole-value placeholder with the JSON pointer it sits at: the conformance suite reads these. */
  bindings: Array<{ pointer: string; expression: Expression }>;
}

export function compileTemplate(template: unknown, where = '#'): CompiledTemplate {
  const bindings: CompiledTemplate['bindings'] = [];
  const node = compileNode(template, '', bindings, where);
  return {
    bindings,
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

function compileNode(template: unknown, pointer: string, bindings: CompiledTemplate['bindings'], where: string): Node {
  if (typeof template === 'string') return compileString(template, pointer, bindings, where);
  if (Array.isArray(template)) {
    const items = template.map((item, i) => compileNode(item, `${pointer}/${i}`, bindings, `${where}/${i}`));
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
      ([key, value]) => [key, compileNode(value, `${pointer}/${escapePointer(key)}`, bindings, `${where}/${escapePointer(key)}`)] as const,
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

function compileString(text: string, pointer: string, bindings: CompiledTemplate['bindings'], where: string): Node {
  if (!text.includes('{{')) return () => text;
  try {
    const whole = WHOLE.exec(text);
    if (whole) {
      const expression = parseExpression(whole[1]);
      bindings.push({ pointer, expression });
      return (scope) => {
        const value = expression.evaluate(scope);
        if (value === null || value === undefined) return expression.optional ? OMIT : null;
        return value;
      };
    }
    const parts: Array<string | Expression> = [];
    let last = 0;
    for (const match of text.matchAll(PART)) {
      parts.push(text.slice(last, match.index), parseExpression(match[1]));
      last = (match.index ?? 0) + match[0].length;
    }
    parts.push(text.slice(last));
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
