// UUIDs read as pydantic 2 reads them: the uuid crate 1.18.1 (pydantic-core 2.41's Cargo.lock); the
// error cases are the crate's own (src/parser.rs test_parse_uuid_v4_invalid), worded by its src/error.rs.
import { describe, expect, it } from 'vitest';
import { readUuid } from '../../src/validation/uuid-pydantic.js';

const CHAR = (c: string, at: number) => `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${c}\` at ${at}`;
const GROUP = (group: number, found: number) => `invalid group length in group ${group}: expected ${[8, 4, 4, 4, 12][group]}, found ${found}`;

describe('readUuid (pydantic 2 / uuid 1.18.1)', () => {
  it('reads every spelling parse_str takes as one UUID, written as Python writes it', () => {
    const id = '67e55044-10b1-426f-9247-bb680e5fe0c8';
    for (const spelling of [id, id.toUpperCase(), '67e5504410b1426f9247bb680e5fe0c8', `{${id}}`, `urn:uuid:${id}`, `urn:uuid:${id.toUpperCase()}`]) {
      expect(readUuid(spelling), spelling).toEqual({ ok: true, canonical: id });
    }
  });

  it.each([
    ['', 'invalid length: expected length 32 for simple format, found 0'],
    ['!', CHAR('!', 1)],
    ['F9168C5E-CEB2-4faa-B6BF-329BF39FA1E45', GROUP(4, 13)],
    ['F9168C5E-CEB2-4faa-BBF-329BF39FA1E4', GROUP(3, 3)],
    ['F9168C5E-CEB2-4faa-BGBF-329BF39FA1E4', CHAR('G', 21)],
    ['F9168C5E-CEB2F4faaFB6BFF329BF39FA1E4', 'invalid group count: expected 5, found 2'],
    ['F9168C5E-CEB2-4faaFB6BFF329BF39FA1E4', 'invalid group count: expected 5, found 3'],
    ['F9168C5E-CEB2-4faa-B6BFF329BF39FA1E4', 'invalid group count: expected 5, found 4'],
    ['F9168C5E-CEB2-4faaXB6BFF329BF39FA1E4', CHAR('X', 19)],
    ['{F9168C5E-CEB2-4faa9B6BFF329BF39FA1E41', CHAR('{', 1)],
    ['{F9168C5E-CEB2-4faa9B6BFF329BF39FA1E41}', 'invalid group count: expected 5, found 3'],
    ['F9168C5E-CEB-24fa-eB6BFF32-BF39FA1E4', GROUP(1, 3)],
    ['01020304-1112-2122-3132-41424344', GROUP(4, 8)],
    ['67e5504410b1426f9247bb680e5fe0c', 'invalid length: expected length 32 for simple format, found 31'],
    ['67e5504410b1426f9247bb680e5fe0c88', 'invalid length: expected length 32 for simple format, found 33'],
    ['67e5504410b1426f9247bb680e5fe0cg8', CHAR('g', 32)],
    ['67e5504410b1426%9247bb680e5fe0c8', CHAR('%', 16)],
    ['231231212212423424324323477343246663', 'invalid length: expected length 32 for simple format, found 36'],
    ['{00000000000000000000000000000000}', 'invalid group count: expected 5, found 1'],
    ['67e550X410b1426f9247bb680e5fe0cd', CHAR('X', 7)],
    ['67e550-4105b1426f9247bb680e5fe0c', 'invalid group count: expected 5, found 2'],
    ['F9168C5E-CEB2-4faa-B6BF1-02BF39FA1E4', GROUP(3, 5)],
    ['\u{bcf3c}', CHAR('\u{bcf3c}', 1)],
    ['not-a-uuid', CHAR('n', 1)],
    ['urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0cZ', CHAR('Z', 45)],
  ])('%j: %s', (input, error) => {
    expect(readUuid(input)).toEqual({ ok: false, error });
  });
});
