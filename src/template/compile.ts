// Compiles a JSON template once into a render function (no parsing on a request).
import { parseExpression, TemplateError, type Expression, type Scope } from './expression.js';

export type Render = (scope: Scope) => unknown;
const OMIT = Symbol('omit');

export interface CompiledTemplate {
  render: Render;
  /**
   * Every whole-value placeholder with the JSON pointer it sits at: the conformance suite reads these.
   * `guarded`: it sits in an object with a `$if`, so the answer may lack it whatever the expression says.
   */
  bindings: Array<{ pointer: string; expression: Expression; guarded?: true }>;
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

function compileNode(template: unknown, pointer: string, found: Found, where: string, guarded = false): Node {
  if (typeof template === 'string') return compileString(template, pointer, found, where, guarded);
  if (Array.isArray(template)) {
    const items = template.map((item, i) => compileNode(item, `${pointer}/${i}`, found, `${where}/${i}`, guarded));
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
    const { [CONDITION]: condition, ...fields } = template as Record<string, unknown>;
    const when = condition === undefined ? undefined : compileCondition(condition, `${pointer}/${CONDITION}`, found, `${where}/${CONDITION}`);
    const entries = Object.entries(fields).map(
      ([key, value]) =>
        [key, compileNode(value, `${pointer}/${escapePointer(key)}`, found, `${where}/${escapePointer(key)}`, guarded || when !== undefined)] as const,
    );
    return (scope) => {
      if (when) {
        const held = when.evaluate(scope);
        if (held === null || held === undefined || held === false) return when.optional ? OMIT : null;
      }
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
 * An object's `$if`: one whole `{{expression}}`. The object is rendered only where it yields a value
 * other than null or false (OpenAI's `errors` on a failed batch); elsewhere it is null, or with `?`
 * it is left out. It is read by the start-up field check, not by the suite as a field of the answer.
 */
const CONDITION = '$if';

function compileCondition(condition: unknown, pointer: string, found: Found, where: string): Expression {
  try {
    const source = typeof condition === 'string' ? wholeSource(splitTemplate(condition)) : undefined;
    if (source === undefined) throw new TemplateError(`"${CONDITION}" takes one whole {{expression}}, not ${JSON.stringify(condition)}`);
    const expression = parseExpression(source);
    found.expressions.push({ pointer, expression });
    return expression;
  } catch (error) {
    if (error instanceof TemplateError) throw new TemplateError(`${where}: ${error.message}`);
    throw error;
  }
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

/** The expression's source where the text is exactly one {{expression}}, else undefined. */
function wholeSource(split: ReturnType<typeof splitTemplate>): string | undefined {
  const [before, middle, after] = split;
  if (split.length !== 3 || !('text' in before) || before.text !== '' || !('text' in after) || after.text !== '' || !('source' in middle)) return undefined;
  return middle.source;
}

function compileString(text: string, pointer: string, found: Found, where: string, guarded: boolean): Node {
  if (!text.includes('{{') && !text.includes('}}')) return () => text;
  try {
    const split = splitTemplate(text);
    const whole = wholeSource(split);
    if (whole !== undefined) {
      const expression = parseExpression(whole);
      found.bindings.push(guarded ? { pointer, expression, guarded } : { pointer, expression });
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
