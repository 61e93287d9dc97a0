// @ts-check
// One fuzz case: an operation (or none), a method, a target, a header set, a body and how it is
// framed; `build` turns it into the bytes on the wire and says whether the request is complete.
import fc from 'fast-check';
import { toBuffer } from './bytes.mjs';
import { damage, jsonBody, textDamage, toPieces } from './json.mjs';
import { filename, multipartBody } from './multipart.mjs';
import { headerSet } from './headers.mjs';
import { KNOWN_ID, opTarget, unroutedTarget } from './targets.mjs';

/** @typedef {import('./bytes.mjs').Piece} Piece */

const STANDARD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];

const methodFor = (method) =>
  fc.oneof(
    { arbitrary: fc.constant(method), weight: 40 },
    { arbitrary: fc.constantFrom(...STANDARD), weight: 8 },
    { arbitrary: fc.constantFrom(method.toLowerCase(), 'Get', 'gEt'), weight: 1 },
    { arbitrary: fc.constantFrom('PROPFIND', 'PURGE', 'SEARCH', 'LINK', 'QUERY', 'FOO', 'M-SEARCH', 'GET\t', 'G E T', '', 'CONNECT'), weight: 2 },
    { arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => 'A'.repeat(n)), weight: 1 },
  );

const version = fc.oneof(
  { arbitrary: fc.constant('HTTP/1.1'), weight: 40 },
  { arbitrary: fc.constant('HTTP/1.0'), weight: 3 },
  { arbitrary: fc.constantFrom('HTTP/2.0', 'HTTP/1.2', 'http/1.1', 'HTTP/1.1 x', 'HTTP/9'), weight: 2 },
);

/** @param {import('./catalog.mjs').OpInfo | null} op */
function bodyFor(op) {
  const json = (example) => fc.record({ kind: fc.constant('json'), tree: jsonBody(example), damage: textDamage });
  const generic = fc.oneof(
    json(undefined),
    fc.uint8Array({ maxLength: 512 }).map((b) => ({ kind: 'bytes', raw: Buffer.from(b).toString('latin1') })),
    fc.constantFrom('a=1&__proto__[polluted]=1', 'constructor[prototype][polluted]=1', '', '=&=&').map((text) => ({ kind: 'form', text })),
    fc.constantFrom(0, 1, 65_536, 1_048_577, 10_485_761).map((size) => ({ kind: 'fill', size })),
  );
  const none = fc.constant({ kind: 'none' });
  if (op?.body?.kind === 'json')
    return fc.oneof({ arbitrary: json(op.body.example), weight: 10 }, { arbitrary: none, weight: 1 }, { arbitrary: generic, weight: 2 });
  if (op?.body?.kind === 'multipart') {
    const mp = multipartBody(op.body.example, op.body.fileFields).map((m) => ({ kind: 'multipart', ...m }));
    return fc.oneof({ arbitrary: mp, weight: 10 }, { arbitrary: none, weight: 1 }, { arbitrary: generic, weight: 2 });
  }
  return fc.oneof({ arbitrary: none, weight: 10 }, { arbitrary: generic, weight: 2 });
}

const framingWithBody = fc.oneof(
  { arbitrary: fc.constant('length'), weight: 30 },
  { arbitrary: fc.constant('chunked'), weight: 8 },
  { arbitrary: fc.constantFrom('short', 'long', 'chunked-unterminated', 'chunked-bad', 'none', 'both', 'length-twice', 'length-garbage'), weight: 6 },
);
const framingWithout = fc.oneof(
  { arbitrary: fc.constant('none'), weight: 30 },
  { arbitrary: fc.constantFrom('length', 'chunked'), weight: 6 },
  { arbitrary: fc.constantFrom('long', 'length-garbage'), weight: 2 },
);

/**
 * The job the KNOWN_ID placeholder names: created before the request, in a drawn state, from the
 * API's create example with fuzzed changes (a fuzzed filename for multipart APIs), so status and
 * results render odd inputs.
 * @param {import('./catalog.mjs').ApiInfo} api
 */
function knownJob(api) {
  const create = api.ops.find((op) => op.role === 'create');
  const input =
    create?.body?.kind === 'multipart'
      ? filename.map((name) => ({ kind: 'form', filename: name }))
      : jsonBody(create?.body?.example ?? {}).map((tree) => ({ kind: 'json', tree }));
  return fc.record({ state: fc.nat(), input });
}

/**
 * @param {import('./catalog.mjs').ApiInfo[]} apis
 */
export function caseArbitrary(apis) {
  const routed = apis.flatMap((api) => api.ops.map((op) => ({ api, op })));
  const forOp = ({ api, op }) =>
    fc.record({
      api: fc.constant(api.name),
      op: fc.constant(`${op.method} ${op.template}`),
      method: methodFor(op.method),
      target: opTarget(api, op),
      body: bodyFor(op),
      known: knownJob(api),
    });
  const unrouted = fc.record({
    api: fc.constant(null),
    op: fc.constant(null),
    method: methodFor('GET'),
    target: unroutedTarget,
    body: bodyFor(null),
    known: fc.constant(null),
  });
  const shape = fc.oneof({ arbitrary: fc.constantFrom(...routed).chain(forOp), weight: 12 }, { arbitrary: unrouted, weight: 1 });
  return fc
    .record({
      shape,
      version,
      headers: headerSet,
      framingWithBody,
      framingWithout,
      by: fc.integer({ min: 1, max: 64 }),
      chunks: fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 }),
      chunkExt: fc.oneof({ arbitrary: fc.constant(''), weight: 20 }, { arbitrary: fc.constantFrom(';ext=1', ';' + 'e'.repeat(20_000)), weight: 1 }),
      headCut: fc.oneof({ arbitrary: fc.constant(null), weight: 60 }, { arbitrary: fc.double({ min: 0.05, max: 0.95, noNaN: true }), weight: 1 }),
      pipeline: fc.boolean(),
      idPick: fc.nat(),
    })
    .map(({ shape, framingWithBody, framingWithout, ...rest }) => ({
      ...shape,
      ...rest,
      framing: shape.body.kind === 'none' ? framingWithout : framingWithBody,
    }));
}

/** @returns {{ pieces: Piece[], contentType: string | null }} */
function bodyBytes(body) {
  switch (body.kind) {
    case 'none':
      return { pieces: [], contentType: null };
    case 'json': {
      const pieces = toPieces(body.tree);
      // damage applies to the text; deep and big nodes stay one piece each, so a cut stays cheap
      return { pieces: damage(pieces, body.damage), contentType: 'application/json' };
    }
    case 'multipart':
      return { pieces: body.pieces, contentType: body.declared === null ? 'multipart/form-data' : `multipart/form-data; boundary=${body.declared}` };
    case 'bytes':
      return { pieces: [{ raw: body.raw }], contentType: 'application/octet-stream' };
    case 'form':
      return { pieces: [body.text], contentType: 'application/x-www-form-urlencoded' };
    case 'fill':
      return { pieces: [{ fill: 0x7b, size: body.size }], contentType: 'application/json' };
  }
  throw new Error(`unknown body ${body.kind}`);
}

/**
 * The bytes of a case. `idFor(api, pick)` supplies a job id for the KNOWN_ID placeholder.
 * complete: every byte the request promises is sent, so an answer is owed within the bound.
 * pipelined: a health request follows on the same connection.
 */
export function build(c, idFor) {
  const target = c.target.includes(KNOWN_ID) ? c.target.split(KNOWN_ID).join(idFor(c.api, c.idPick)) : c.target;
  const { pieces, contentType } = bodyBytes(c.body);
  const body = toBuffer(pieces);
  const h = c.headers;
  /** @type {Piece[]} */
  const head = [`${c.method} ${target} ${c.version}\r\n`];
  const line = (/** @type {Piece} */ text) => head.push(text, '\r\n');
  if (h.host !== 'missing') line('Host: 127.0.0.1');
  if (h.host === 'twice') line('Host: 127.0.0.2');
  if (h.host === 'odd') line('Host: [::1');
  if (h.authorization !== null)
    line(typeof h.authorization === 'string' ? `Authorization: ${h.authorization}` : { raw: `Authorization: ${h.authorization.raw}` });
  if (h.authTwice !== null) line(`Authorization: ${h.authTwice}`);
  const ct = h.contentType === 'auto' ? contentType : h.contentType;
  if (ct !== null) line(`Content-Type: ${ct}`);
  if (h.contentTypeTwice !== null) line(`Content-Type: ${h.contentTypeTwice}`);
  if (h.job !== null) line(`X-Jobtwin-Job: ${h.job}`);
  for (const extra of h.extras) line(extra);
  for (let i = 0; i < h.many; i++) line(`X-Many-${i}: ${i}`);
  if (h.connection !== 'none') line(`Connection: ${h.connection}`);

  let framed = body;
  let complete = true;
  let exact = true;
  switch (c.framing) {
    case 'length':
      line(`Content-Length: ${body.length}`);
      break;
    case 'short':
      line(`Content-Length: ${Math.max(0, body.length - c.by)}`);
      exact = false;
      break;
    case 'long':
      line(`Content-Length: ${body.length + c.by}`);
      complete = false;
      break;
    case 'length-twice':
      line(`Content-Length: ${body.length}`);
      line(`Content-Length: ${body.length + 1}`);
      exact = false;
      break;
    case 'length-garbage':
      line(`Content-Length: ${['-1', '1e3', '0x10', '+5', ' ', '99999999999999999999999', `${body.length}, ${body.length}`, 'abc'][c.by % 8]}`);
      exact = false;
      break;
    case 'both':
      line(`Content-Length: ${body.length}`);
      line('Transfer-Encoding: chunked');
      framed = chunked(body, c.chunks, c.chunkExt, true);
      exact = false;
      break;
    case 'chunked':
    case 'chunked-unterminated':
    case 'chunked-bad':
      line('Transfer-Encoding: chunked');
      framed =
        c.framing === 'chunked-bad'
          ? Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')])
          : chunked(body, c.chunks, c.chunkExt, c.framing === 'chunked');
      complete = c.framing !== 'chunked-unterminated';
      exact = c.framing === 'chunked';
      break;
    case 'none':
      // Bytes after a head without framing are the next request, as far as HTTP is concerned.
      exact = body.length === 0;
      break;
  }
  head.push('\r\n');
  let bytes = Buffer.concat([toBuffer(head), framed]);
  if (c.headCut !== null) {
    const headLength = toBuffer(head).length;
    bytes = bytes.subarray(0, Math.max(1, Math.min(headLength - 2, Math.floor(headLength * c.headCut))));
    complete = false;
  }
  // node caps chunk extensions at 16 kB: past that it drops the connection, answered or not
  if (c.chunkExt.length > 1000 && framed !== body) exact = false;
  const pipelined = complete && exact && c.pipeline && h.connection !== 'close' && c.version === 'HTTP/1.1';
  const methods = [c.method];
  if (pipelined) {
    bytes = Buffer.concat([bytes, Buffer.from('GET /__jobtwin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')]);
    methods.push('GET');
  }
  return { bytes, methods, complete, pipelined, target };
}

function chunked(body, sizes, ext, terminated) {
  const out = [];
  let at = 0;
  let i = 0;
  while (at < body.length) {
    const size = Math.min(sizes[i++ % sizes.length], body.length - at);
    out.push(Buffer.from(`${size.toString(16)}${ext}\r\n`), body.subarray(at, at + size), Buffer.from('\r\n'));
    at += size;
  }
  if (terminated) out.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(out);
}
