// @ts-check
// Header sets: Authorization present, missing, doubled, with odd bearer tokens and JWT look-alikes
// whose payload is broken base64 or JSON; huge and numerous headers; odd Content-Types;
// X-Jobtwin-Job directives; Expect; obs-fold and bytes no header may hold.
import fc from 'fast-check';
import { oddBytes } from './json.mjs';

/** The tenant whose jobs the fuzzer reuses by id. */
export const TENANT = 'fuzz';

const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');

const jwtPayload = fc.oneof(
  fc
    .constantFrom(
      '{"sub":"fuzz"}',
      '{"sub":"__proto__"}',
      '{"sub":"constructor"}',
      '{"sub":"toString"}',
      '{"sub":""}',
      '{"sub":123}',
      '{"sub":null}',
      '{"sub":{"__proto__":{"polluted":true}}}',
      '{"__proto__":{"polluted":true},"sub":"x"}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"sub":',
      'null',
      '[]',
      '"sub"',
      '{"sub":"\\u0000"}',
      '{"sub":"{{req.path}}"}',
    )
    .map(b64url),
  fc.constantFrom('!!!', '====', 'eyJzdWIiOiJ4In0', 'eyJzdWIi', '%%%', '').map((s) => s),
  fc.jsonValue({ maxDepth: 2 }).map((v) => b64url(JSON.stringify(v) ?? 'null')),
);
const jwtLongPayload = fc.integer({ min: 1000, max: 20_000 }).map((n) => b64url(`{"sub":"${'s'.repeat(n)}"}`));

const jwt = fc
  .tuple(
    fc.constantFrom(b64url('{"alg":"none"}'), b64url('{"alg":"HS256","typ":"JWT"}'), 'x', ''),
    fc.oneof({ arbitrary: jwtPayload, weight: 12 }, { arbitrary: jwtLongPayload, weight: 1 }),
    fc.constantFrom('sig', '', 'a.b'),
  )
  .map(([h, p, s]) => `${h}.${p}.${s}`);

/** Authorization values; `null` leaves the header out. */
const authorization = fc.oneof(
  { arbitrary: fc.constant(`Bearer ${TENANT}`), weight: 24 },
  { arbitrary: fc.constant(null), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      `Bearer other`,
      'Bearer',
      'Bearer ',
      'Bearer  fuzz',
      'bearer fuzz',
      'BEARER fuzz',
      'Bearer\tfuzz',
      'Basic Zm9vOmJhcg==',
      'Bearer a b',
      'Bearer fuzz ',
      'Bearer =',
      'Bearer ..',
      'Bearer __proto__',
      'Bearer constructor',
      'Token fuzz',
      'Bearer {{req.path}}',
      '',
    ),
    weight: 4,
  },
  { arbitrary: jwt.map((t) => `Bearer ${t}`), weight: 4 },
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,40}=*$/).map((t) => `Bearer ${t}`), weight: 2 },
  { arbitrary: fc.integer({ min: 4000, max: 14_000 }).map((n) => `Bearer ${'t'.repeat(n)}`), weight: 1 },
  { arbitrary: oddBytes.map((b) => ({ raw: `Bearer x${b}` })), weight: 1 },
);

const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/json;;;',
  'application/json, text/plain',
  'application/jsonx',
  'text/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/mixed; boundary=fuzzBoundary1234',
  'application/octet-stream',
  '*/*',
  '',
  ';',
  'application/',
  '/json',
  '\u00e9/json',
];

const jobDirective = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.constantFrom(
      'outcome=fail',
      'outcome=never',
      'outcome=partial',
      'outcome=succeed',
      'failures=2; queue=0s; run=1s; backoff=1s',
      'failures=99999999999999999999',
      'failures=-1',
      'queue=99999999999999999999d',
      'run=1e308',
      'queue=0.0000001ms',
      'backoff=',
      'type=__proto__',
      'type=constructor',
      'type=PARSE_DOCUMENT',
      'type=',
      '__proto__=1',
      'constructor=1ms',
      'waiting=1s',
      'PENDING=1s',
      ';;;',
      '=',
      'x',
      '{{req.path}}=1s',
      'outcome={{now}}',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => `queue=${'9'.repeat(n)}ms`) },
);

/** A header line that is not one: obs-fold, bytes no field may hold, a name with a space. */
const brokenHeader = fc.constantFrom(
  { raw: 'X-Folded: a\r\n  continued' },
  { raw: 'X-Nul: a\x00b' },
  { raw: 'X-Del: a\x7fb' },
  { raw: 'X Space: a' },
  { raw: 'X-Colon-Less' },
  { raw: ': no-name' },
  { raw: 'X-Lf: a\nX-Injected: b' },
  { raw: 'X-Cr: a\rb' },
  { raw: 'X-High: \xff\xfe' },
  { raw: 'Content-Length : 5' },
  { raw: 'Transfer-Encoding: chunked, gzip' },
);

const extraHeader = fc.oneof(
  { arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), fc.stringMatching(/^[ -~]{0,40}$/)).map(([k, v]) => `${k}: ${v}`), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      'Accept: */*',
      'Accept: text/html',
      'Accept-Encoding: gzip, br',
      'Origin: http://evil.example',
      'X-Forwarded-For: 10.0.0.1',
      'X-HTTP-Method-Override: DELETE',
      'Cookie: a=b',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Prefer: code=500',
      'Range: bytes=0-1',
      'If-None-Match: *',
      'TE: trailers',
      'Trailer: X-T',
      'X-Jobtwin-Token: nope',
      'Expect: 100-continue',
      'Expect: teapot',
      '__proto__: polluted',
      'constructor: x',
      'Host: other.example',
    ),
    weight: 8,
  },
  { arbitrary: fc.integer({ min: 1000, max: 100_000 }).map((n) => `X-Huge: ${'h'.repeat(n)}`), weight: 1 },
  { arbitrary: brokenHeader, weight: 1 },
);

/**
 * Everything in the head except framing (Content-Length / Transfer-Encoding), which `request.mjs`
 * adds to match the body.
 */
export const headerSet = fc.record({
  host: fc.oneof({ arbitrary: fc.constant('normal'), weight: 30 }, { arbitrary: fc.constantFrom('missing', 'twice', 'odd'), weight: 1 }),
  authorization,
  authTwice: fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, { arbitrary: fc.constantFrom('Bearer fuzz', 'Bearer other', 'Basic x', ''), weight: 1 }),
  contentType: fc.oneof(
    { arbitrary: fc.constant('auto'), weight: 8 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: fc.constantFrom(...contentTypes), weight: 3 },
  ),
  contentTypeTwice: fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, { arbitrary: fc.constantFrom('text/plain', 'application/json'), weight: 1 }),
  job: fc.oneof(
    { arbitrary: fc.constant(null), weight: 6 },
    { arbitrary: fc.array(jobDirective, { minLength: 1, maxLength: 3 }).map((d) => d.join('; ')), weight: 1 },
  ),
  extras: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(extraHeader, { maxLength: 3 }), weight: 1 }),
  many: fc.oneof({ arbitrary: fc.constant(0), weight: 40 }, { arbitrary: fc.constantFrom(100, 2100, 5000), weight: 1 }),
  connection: fc.constantFrom('close', 'close', 'keep-alive', 'none'),
});
