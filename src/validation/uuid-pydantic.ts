// UUIDs as pydantic 2 reads them: pydantic-core 2.41 hands the text to the Rust `uuid` crate
// (1.18.1 in its Cargo.lock), whose `Uuid::parse_str` takes 32 hex digits, the hyphenated form, the
// hyphenated form in braces, or `urn:uuid:` + hyphenated (any case). Its error text becomes the
// `uuid_parsing` error's ctx.error. Mirrors uuid 1.18.1 src/parser.rs (try_parse) and src/error.rs
// (InvalidUuid::into_err).

export type UuidReading = { ok: true; canonical: string } | { ok: false; error: string };

const HEX = /^[0-9a-fA-F]$/;

function hyphenated(s: string): string | null {
  if (s.length !== 36) return null;
  for (let i = 0; i < 36; i++) {
    const c = s[i];
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== '-' : !HEX.test(c)) return null;
  }
  return s.toLowerCase();
}

/** Reads `text` as pydantic 2 does; the canonical form is Python's str(UUID): lower case, hyphenated. */
export function readUuid(text: string): UuidReading {
  // UTF-8 byte length, as Rust's str::len
  const len = Buffer.byteLength(text, 'utf8');
  let canonical: string | null = null;
  if (len === 32 && /^[0-9a-fA-F]{32}$/.test(text)) {
    const t = text.toLowerCase();
    canonical = `${t.slice(0, 8)}-${t.slice(8, 12)}-${t.slice(12, 16)}-${t.slice(16, 20)}-${t.slice(20)}`;
  } else if (len === 36) canonical = hyphenated(text);
  else if (len === 38 && text.startsWith('{') && text.endsWith('}')) canonical = hyphenated(text.slice(1, -1));
  else if (len === 45 && text.startsWith('urn:uuid:')) canonical = hyphenated(text.slice(9));
  return canonical ? { ok: true, canonical } : { ok: false, error: uuidError(text) };
}

/** uuid 1.18.1 InvalidUuid::into_err, rendered by its Display impl. */
function uuidError(input: string): string {
  let body: string;
  let offset: number;
  let simple: boolean;
  if (input.length >= 2 && input.startsWith('{') && input.endsWith('}')) [body, offset, simple] = [input.slice(1, -1), 1, false];
  else if (input.startsWith('urn:uuid:')) [body, offset, simple] = [input.slice(9), 9, false];
  else [body, offset, simple] = [input, 0, true];

  let hyphens = 0;
  const bounds = [0, 0, 0, 0];
  let index = 0; // byte index into body, as Rust's char_indices
  for (const character of body) {
    const code = character.codePointAt(0)!;
    if (code > 0x7f || (character !== '-' && !HEX.test(character))) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${character}\` at ${index + offset + 1}`;
    }
    if (character === '-') {
      if (hyphens < 4) bounds[hyphens] = index;
      hyphens++;
    }
    index += Buffer.byteLength(character, 'utf8');
  }
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${Buffer.byteLength(input, 'utf8')}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const starts = [0, 9, 14, 19, 24];
  const expected = [8, 4, 4, 4, 12];
  for (let i = 0; i < 4; i++) {
    if (bounds[i] !== starts[i + 1] - 1) return `invalid group length in group ${i}: expected ${expected[i]}, found ${bounds[i] - starts[i]}`;
  }
  return `invalid group length in group 4: expected 12, found ${Buffer.byteLength(input, 'utf8') - starts[4]}`;
}
