// @ts-check
// Request targets: the real operation paths with their parameters filled by odd values, segments
// mutated, percent-encoded (once and twice), `..` traversal, `%00`, 10-100 kB paths, and query
// strings with repeated and odd keys.
import fc from 'fast-check';
import { encodeAll } from './bytes.mjs';

/** Replaced when sent by the id of a job the fuzzing tenant created (or a made-up one). */
export const KNOWN_ID = '@ID@';

/** Mostly under node's 16 kB head limit (so the twin sees it), sometimes far over. */
const longLength = fc.oneof(
  { arbitrary: fc.integer({ min: 1000, max: 12_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 16_000, max: 100_000 }), weight: 1 },
);

const idValue = (format) =>
  fc.oneof(
    { arbitrary: fc.constant(KNOWN_ID), weight: 16 },
    { arbitrary: fc.constant(format === 'uuid' ? '3fa85f64-5717-4562-b3fc-2c963f66afa6' : 'job_01HZY3J5W8Q4X6N2V7R9T0ABCD'), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E%2E%2F%2E%2E',
        '..%2F..%2F__jobtwin',
        '%00',
        'a%00b',
        '%252F',
        '%25',
        '%',
        '%zz',
        '%C0%AE',
        '%ED%A0%80',
        '%FF',
        '__proto__',
        'constructor',
        'prototype',
        'hasOwnProperty',
        '{id}',
        '{{req.path}}',
        '%7B%7Bnow%7D%7D',
        ';',
        'a;b=c',
        '3FA85F64-5717-4562-B3FC-2C963F66AFA6',
        'urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6',
        '*',
        '~',
      ),
      weight: 4,
    },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encodeAll), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((s) => encodeAll(encodeAll(s))), weight: 1 },
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{1,30}$/), weight: 2 },
    { arbitrary: longLength.map((n) => 'a'.repeat(n)), weight: 1 },
  );

const segmentChange = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('upper', 'drop', 'duplicate', 'dotdot', 'dot', 'empty', 'encode', 'double-encode', 'trailing-slash', 'null', 'semicolon'),
});

/** @param {string[]} segs @param {{ at: number, kind: string }} c */
function changeSegment(segs, c) {
  const i = 1 + (c.at % Math.max(1, segs.length - 1));
  const s = segs[i] ?? '';
  const out = [...segs];
  switch (c.kind) {
    case 'upper':
      out[i] = s.toUpperCase();
      break;
    case 'drop':
      out.splice(i, 1);
      break;
    case 'duplicate':
      out.splice(i, 0, s);
      break;
    case 'dotdot':
      out.splice(i, 0, '..');
      break;
    case 'dot':
      out.splice(i, 0, '.');
      break;
    case 'empty':
      out.splice(i, 0, '');
      break;
    case 'encode':
      out[i] = s.replace(/[a-z]/, (ch) => encodeAll(ch));
      break;
    case 'double-encode':
      out[i] = s.replace(/[a-z]/, (ch) => encodeAll(encodeAll(ch)));
      break;
    case 'trailing-slash':
      out.push('');
      break;
    case 'null':
      out[i] = `${s}%00`;
      break;
    case 'semicolon':
      out[i] = `${s};jsessionid=1`;
      break;
  }
  return out;
}

const queryKey = (names) =>
  fc.oneof(
    { arbitrary: names.length ? fc.constantFrom(...names) : fc.constant('q'), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        '__proto__',
        '__proto__[polluted]',
        'constructor[prototype][polluted]',
        'constructor.prototype.polluted',
        'a[]',
        '',
        '%5F_proto__',
        'toString',
        'hasOwnProperty',
        '%ZZ',
        '&',
        '=',
      ),
      weight: 2,
    },
    { arbitrary: fc.string({ maxLength: 8 }).map(encodeURIComponent), weight: 1 },
  );

const queryValue = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'all',
      'completed',
      'waiting',
      '10',
      '0',
      '-1',
      '1e3',
      '1.5',
      '99999999999999999999',
      'true',
      '',
      'null',
      '[]',
      '{}',
      '%ZZ',
      '%',
      '%00',
      'a,b,c',
      'markdown-document',
      'markdown-per-page',
      'blocks-per-page',
      '2026-01-01T00:00:00Z',
      'not-a-date',
      'eyJhZnRlciI6MX0',
      'eyJhZnRlciI6Ii0xIn0',
      'eyJfX3Byb3RvX18iOnsiYWZ0ZXIiOjF9fQ',
      'bm90IGpzb24',
      '{{req.path}}',
    ),
    weight: 16,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent), weight: 8 },
  { arbitrary: longLength.map((n) => 'v'.repeat(n)), weight: 1 },
);

/**
 * A target for one operation.
 * @param {import('./catalog.mjs').ApiInfo} api
 * @param {import('./catalog.mjs').OpInfo} op
 * @returns {fc.Arbitrary<string>}
 */
export function opTarget(api, op) {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryNames = op.params.filter((p) => p.in === 'query').map((p) => p.name);
  return fc
    .record({
      values: fc.tuple(...pathParams.map(() => idValue(api.idFormat))),
      changes: fc.oneof({ arbitrary: fc.constant([]), weight: 6 }, { arbitrary: fc.array(segmentChange, { minLength: 1, maxLength: 2 }), weight: 1 }),
      query: fc.oneof(
        { arbitrary: fc.constant(null), weight: 3 },
        { arbitrary: fc.array(fc.tuple(queryKey(queryNames), queryValue), { maxLength: 6 }), weight: 3 },
      ),
      form: fc.oneof(
        { arbitrary: fc.constant('origin'), weight: 24 },
        { arbitrary: fc.constantFrom('absolute', 'no-slash', 'double-slash', 'fragment', 'overlong'), weight: 2 },
      ),
      overlong: fc.integer({ min: 10_000, max: 100_000 }),
    })
    .map((o) => {
      let path = op.template;
      pathParams.forEach((p, i) => {
        path = path.replace(`{${p.name}}`, o.values[i]);
      });
      if (o.changes.length) path = o.changes.reduce((segs, c) => changeSegment(segs, c), path.split('/')).join('/');
      const query = o.query === null ? '' : `?${o.query.map(([k, v]) => (v === '' && k.length % 2 ? k : `${k}=${v}`)).join('&')}`;
      if (o.form === 'absolute') return `http://127.0.0.1${path}${query}`;
      if (o.form === 'no-slash') return `${path.slice(1)}${query}`;
      if (o.form === 'double-slash') return `/${path}${query}`;
      if (o.form === 'fragment') return `${path}${query}#frag`;
      if (o.form === 'overlong') return `${path}/${'x'.repeat(o.overlong)}${query}`;
      return `${path}${query}`;
    });
}

/** Targets that name no operation: the root, mount points, traversal towards the control interface. */
export const unroutedTarget = fc.oneof(
  fc.constantFrom(
    '/',
    '*',
    '',
    '/__jobtwin/../alchemyst/api/v1/context/add-async/status',
    '/%2e%2e/__jobtwin/health',
    '/__jobtwin%2Fhealth',
    '/__JOBTWIN/health',
    '/alchemyst',
    '/crosmos/',
    '/jobs/api',
    '/contextual',
    '/contextual/v1/parse/',
    '/nope',
    '/favicon.ico',
    '/%00',
    '/%ZZ',
    '/\x7f',
    '/ä',
    '/{{now}}',
    '/{{ bad }}',
    '/x/{{req.method|nope}}',
    '/%7B%7Breq.path%7D%7D',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => `/${encodeAll(s)}`),
  fc.stringMatching(/^\/[ -~]{0,40}$/).map((s) => s.replace(/[ #]/g, '_')),
);
