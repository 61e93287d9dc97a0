// @ts-check
// multipart/form-data bodies, whole or broken: a missing closing boundary, a part without headers,
// odd field names and filenames, too many parts, a 20 MB part, a boundary the header does not name.
import fc from 'fast-check';
import { oddBytes } from './json.mjs';

/**
 * @typedef {import('./bytes.mjs').Piece} Piece
 * @typedef {{ headers: string[] | null, content: Piece[] }} Part
 */

const fieldName = fc.oneof(
  {
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'toString', '', 'a"b', 'x'.repeat(300), 'raw_file[]', 'parse_mode'),
    weight: 3,
  },
  { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
);

export const filename = fc.oneof(
  { arbitrary: fc.constantFrom('a.pdf', '../../etc/passwd', '{{req.path}}', '{{ bad }}', '', 'C:\\x\\y.pdf', '%00.pdf', 'a\x00b.pdf', 'é.pdf'), weight: 3 },
  { arbitrary: oddBytes.map((b) => `x${b}.pdf`), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
);

const content = fc.oneof(
  { arbitrary: fc.string({ maxLength: 64 }).map((s) => /** @type {Piece[]} */ ([s])), weight: 6 },
  { arbitrary: oddBytes.map((raw) => /** @type {Piece[]} */ ([{ raw }])), weight: 2 },
  { arbitrary: fc.constantFrom(1_048_577, 2_000_000, 20 * 1024 * 1024).map((size) => /** @type {Piece[]} */ ([{ fill: 0x41, size }])), weight: 1 },
);

const oddPart = fc.oneof(
  fc
    .record({ name: fieldName, content })
    .map(({ name, content }) => /** @type {Part} */ ({ headers: [`Content-Disposition: form-data; name="${name}"`], content })),
  fc.record({ name: fieldName, file: filename, content }).map(({ name, file, content }) => ({
    headers: [`Content-Disposition: form-data; name="${name}"; filename="${file}"`, 'Content-Type: application/pdf'],
    content,
  })),
  fc
    .record({ name: fieldName, content })
    .map(({ name, content }) => ({ headers: [`Content-Disposition: form-data; name="${name}"; filename*=UTF-8''%FF%FE.pdf`], content })),
  content.map((c) => ({ headers: null, content: c })),
  content.map((c) => ({ headers: ['X-Nothing: here'], content: c })),
  content.map((c) => ({ headers: ['Content-Disposition form-data name=x'], content: c })),
  content.map((c) => ({ headers: ['Content-Disposition: attachment; name="raw_file"'], content: c })),
  fc.constant({ headers: [`Content-Disposition: form-data; name="${'n'.repeat(100_000)}"`], content: ['x'] }),
);

/** The parts the operation's example describes, files as file parts. */
function exampleParts(example, fileFields) {
  return Object.entries(example ?? { file: 'x' }).map(([name, value]) =>
    fileFields.includes(name)
      ? { headers: [`Content-Disposition: form-data; name="${name}"; filename="document.pdf"`, 'Content-Type: application/pdf'], content: ['%PDF-1.7 fuzz'] }
      : { headers: [`Content-Disposition: form-data; name="${name}"`], content: [typeof value === 'string' ? value : JSON.stringify(value)] },
  );
}

/**
 * @returns {fc.Arbitrary<{ boundary: string, declared: string | null, pieces: Piece[] }>}
 *   declared: the boundary parameter to put in Content-Type (null: none)
 */
export function multipartBody(example, fileFields) {
  const base = exampleParts(example, fileFields);
  return fc
    .record({
      boundary: fc.constantFrom('fuzzBoundary1234', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'a b', 'B'.repeat(71), '"quoted"'),
      declaredAs: fc.constantFrom('same', 'same', 'same', 'same', 'missing', 'other', 'empty', 'quoted'),
      drop: fc.array(fc.nat(), { maxLength: 2 }),
      extra: fc.array(oddPart, { maxLength: 3 }),
      many: fc.oneof({ arbitrary: fc.constant(0), weight: 9 }, { arbitrary: fc.constantFrom(251, 300), weight: 1 }),
      eol: fc.constantFrom('\r\n', '\r\n', '\r\n', '\n'),
      end: fc.constantFrom('close', 'close', 'close', 'close', 'missing', 'no-dashes', 'cut'),
      preamble: fc.constantFrom('', '', 'preamble junk\r\n'),
    })
    .map((o) => {
      let parts = base.filter((_p, i) => !o.drop.map((d) => d % Math.max(1, base.length)).includes(i));
      parts = [...parts, ...o.extra];
      for (let i = 0; i < o.many; i++) parts.push({ headers: [`Content-Disposition: form-data; name="f${i}"`], content: ['v'] });
      /** @type {Piece[]} */
      const pieces = [o.preamble];
      for (const part of parts) {
        pieces.push(`--${o.boundary}${o.eol}`);
        if (part.headers) for (const h of part.headers) pieces.push(`${h}${o.eol}`);
        pieces.push(o.eol, ...part.content, o.eol);
      }
      if (o.end === 'close') pieces.push(`--${o.boundary}--${o.eol}`);
      else if (o.end === 'no-dashes') pieces.push(`--${o.boundary}${o.eol}`);
      else if (o.end === 'cut') pieces.push(`--${o.boundary.slice(0, 3)}`);
      const declared = { same: o.boundary, missing: null, other: 'notTheBoundary', empty: '', quoted: `"${o.boundary}"` }[o.declaredAs];
      return { boundary: o.boundary, declared: declared ?? null, pieces };
    });
}
