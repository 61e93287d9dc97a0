// @ts-check
// JSON bodies as a small syntax tree, so the fuzzer can write what JSON.stringify never would:
// duplicate keys, `__proto__` as an own key at any depth, 10k-deep nesting, invalid UTF-8 inside
// strings, huge strings, and text cut anywhere.
import fc from 'fast-check';
import { jsonStringPieces } from './bytes.mjs';

/**
 * @typedef {{ t: 'lit', text: string }
 *   | { t: 'obj', entries: Array<[string, Node]> }
 *   | { t: 'arr', items: Node[] }
 *   | { t: 'deep', depth: number, style: 'array' | 'object' | 'proto' }
 *   | { t: 'big', size: number }
 *   | { t: 'bytes', raw: string }} Node
 * @typedef {import('./bytes.mjs').Piece} Piece
 */

export const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isAdmin'];

/** @param {unknown} value @returns {Node} */
export function fromValue(value) {
  if (Array.isArray(value)) return { t: 'arr', items: value.map(fromValue) };
  if (value !== null && typeof value === 'object') return { t: 'obj', entries: Object.entries(value).map(([k, v]) => [k, fromValue(v)]) };
  return { t: 'lit', text: JSON.stringify(value) ?? 'null' };
}

/** @param {Node} node @returns {Piece[]} */
export function toPieces(node) {
  switch (node.t) {
    case 'lit':
      return [node.text];
    case 'obj': {
      const out = ['{'];
      node.entries.forEach(([k, v], i) => out.push(...(i ? [','] : []), JSON.stringify(k), ':', ...toPieces(v)));
      out.push('}');
      return out;
    }
    case 'arr': {
      const out = ['['];
      node.items.forEach((v, i) => out.push(...(i ? [','] : []), ...toPieces(v)));
      out.push(']');
      return out;
    }
    case 'deep': {
      const open = node.style === 'array' ? '[' : node.style === 'object' ? '{"a":' : '{"__proto__":';
      const close = node.style === 'array' ? ']' : '}';
      return [open.repeat(node.depth), node.style === 'array' ? '1' : '{"polluted":true}', close.repeat(node.depth)];
    }
    case 'big':
      return ['"', { fill: 0x61, size: node.size }, '"'];
    case 'bytes':
      return jsonStringPieces(node.raw);
  }
}

/** Values an attacker puts under a dangerous key. */
const pollutingValue = fc
  .constantFrom(
    '{"polluted":true}',
    '{"prototype":{"polluted":true}}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '"polluted"',
    'null',
    '[{"polluted":true}]',
    '{"toString":"x","valueOf":1,"hasOwnProperty":false}',
  )
  .map((text) => /** @type {Node} */ ({ t: 'lit', text }));

/** Invalid (and some valid but odd) UTF-8 inside a string. */
export const oddBytes = fc.constantFrom(
  '\xff',
  '\xfe\xff',
  '\xc3\x28',
  '\xc0\xaf',
  '\xed\xa0\x80',
  '\xf4\x90\x80\x80',
  '\xe2\x82',
  '\x00',
  '\x01\x1f',
  '\xef\xbb\xbf',
  '\\ud800',
  '\\u0000',
  '{{req.path}}',
  '{{ bad expression }}',
  '{{job.input|nope}}',
);

const size = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4096 }), weight: 6 },
  { arbitrary: fc.integer({ min: 60_000, max: 400_000 }), weight: 2 },
  { arbitrary: fc.constantFrom(1_048_577, 10_485_761), weight: 1 },
);

export const depth = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 200 }), weight: 3 }, { arbitrary: fc.constantFrom(10_000, 100_000), weight: 1 });

/** @type {fc.Arbitrary<Node>} */
export const leaf = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 2 }).map(fromValue), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(fromValue), weight: 2 },
  {
    arbitrary: fc
      .constantFrom('1e999', '-0', '0.0000000000000000000001', '123456789012345678901234567890', 'true', 'null', '""', '[]', '{}')
      .map((text) => /** @type {Node} */ ({ t: 'lit', text })),
    weight: 2,
  },
  { arbitrary: oddBytes.map((raw) => /** @type {Node} */ ({ t: 'bytes', raw })), weight: 2 },
  { arbitrary: size.map((n) => /** @type {Node} */ ({ t: 'big', size: n })), weight: 1 },
  { arbitrary: fc.record({ depth, style: fc.constantFrom('array', 'object', 'proto') }).map((d) => /** @type {Node} */ ({ t: 'deep', ...d })), weight: 1 },
  { arbitrary: pollutingValue, weight: 2 },
);

/**
 * One change to a tree: `at` picks a route down (each number chooses a child), then the change
 * applies at the container found there.
 */
const mutation = fc.record({
  at: fc.array(fc.nat(), { maxLength: 5 }),
  kind: fc.constantFrom('insert', 'insert', 'replace', 'delete', 'duplicate'),
  key: fc.oneof({ arbitrary: fc.constantFrom(...DANGEROUS_KEYS), weight: 3 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 }),
  value: fc.oneof({ arbitrary: pollutingValue, weight: 2 }, { arbitrary: leaf, weight: 3 }),
});

/** @param {Node} node @param {any} m @returns {Node} */
function apply(node, m, route = m.at) {
  const children = node.t === 'obj' ? node.entries.length : node.t === 'arr' ? node.items.length : 0;
  // Go deeper while the route says so and there is a container child to go to.
  if (route.length && children) {
    const i = route[0] % children;
    const child = node.t === 'obj' ? node.entries[i][1] : /** @type {any} */ (node).items[i];
    if (child.t === 'obj' || child.t === 'arr') {
      const changed = apply(child, m, route.slice(1));
      if (node.t === 'obj') return { t: 'obj', entries: node.entries.map((e, j) => (j === i ? [e[0], changed] : e)) };
      return { t: 'arr', items: /** @type {any} */ (node).items.map((c, j) => (j === i ? changed : c)) };
    }
  }
  const i = children ? (route[0] ?? 0) % children : 0;
  if (node.t === 'obj') {
    if (m.kind === 'insert' || !children) return { t: 'obj', entries: [...node.entries, [m.key, m.value]] };
    if (m.kind === 'replace') return { t: 'obj', entries: node.entries.map((e, j) => (j === i ? [e[0], m.value] : e)) };
    if (m.kind === 'delete') return { t: 'obj', entries: node.entries.filter((_e, j) => j !== i) };
    return { t: 'obj', entries: [...node.entries, [node.entries[i][0], m.value]] };
  }
  if (node.t === 'arr') {
    if (m.kind === 'delete' && children) return { t: 'arr', items: node.items.filter((_c, j) => j !== i) };
    if (m.kind === 'replace' && children) return { t: 'arr', items: node.items.map((c, j) => (j === i ? m.value : c)) };
    return { t: 'arr', items: [...node.items, { t: 'obj', entries: [[m.key, m.value]] }] };
  }
  return m.value;
}

/** The op's example with changes, or any JSON at all. */
export function jsonBody(example) {
  const base = example === undefined ? fc.jsonValue({ maxDepth: 3 }).map(fromValue) : fc.constant(fromValue(example));
  const mutations = fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 3 });
  return fc.tuple(base, mutations).map(([tree, mutations]) => mutations.reduce((t, m) => apply(t, m), tree));
}

/** Text-level damage after serialising: cut short, garbage around, a BOM, or nothing. */
export const textDamage = fc.oneof(
  { arbitrary: fc.constant(/** @type {any} */ ({ kind: 'none' })), weight: 8 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: 'cut', at })), weight: 1 },
  { arbitrary: fc.constantFrom('}', ',', ' garbage', '\x00', '\xff', ']]]', '{"a":1}').map((text) => ({ kind: 'append', text })), weight: 1 },
  { arbitrary: fc.constantFrom('\xef\xbb\xbf', '\xff\xfe', ' \t\r\n', ")]}',\n").map((text) => ({ kind: 'prefix', text })), weight: 1 },
);

/** @param {Piece[]} pieces @param {any} damage @returns {Piece[]} */
export function damage(pieces, damage) {
  if (damage.kind === 'append') return [...pieces, { raw: damage.text }];
  if (damage.kind === 'prefix') return [{ raw: damage.text }, ...pieces];
  if (damage.kind === 'cut') {
    // Cut at a fraction of the pieces (a fill counts as one piece): cheap and shrinks well.
    const keep = Math.floor(pieces.length * damage.at);
    return pieces.slice(0, keep);
  }
  return pieces;
}
