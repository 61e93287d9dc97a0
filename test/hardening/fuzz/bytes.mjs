// @ts-check
// Request bytes are kept as small descriptions (pieces) until sent: a 20 MB body shrinks as a number,
// and a failing case prints in a line.

/**
 * A piece of bytes: text (UTF-8), raw bytes (a latin1 string, one char per byte), or `size` copies
 * of one byte.
 * @typedef {string | { raw: string } | { fill: number, size: number }} Piece
 */

/** @param {Piece[]} pieces */
export function toBuffer(pieces) {
  return Buffer.concat(
    pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : 'raw' in p ? Buffer.from(p.raw, 'latin1') : Buffer.alloc(p.size, p.fill))),
  );
}

/** Percent-encodes every byte of `text` (as UTF-8), letters included. */
export function encodeAll(text) {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** A JSON string literal of arbitrary bytes: only quotes are escaped, so `\\ud800` stays an escape. */
export function jsonStringPieces(bytes) {
  return ['"', { raw: bytes.replace(/"/g, '\\"') }, '"'];
}

/** Shortens a description for a report: long strings and fills say their size. */
export function describe(value) {
  return JSON.stringify(value, (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 120)}…(${v.length} chars)` : v));
}
