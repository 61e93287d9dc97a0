// @ts-check
// The oracle: what every answer must be. A documented status of the operation, validated against
// its schema; a 404 or 405 in the API's envelope when no operation matches; a bodiless refusal from
// the HTTP layer (400, 408, 413, 414, 417, 431); never 5xx, never silence for a complete request.
import { header } from './wire.mjs';

const HTTP_LAYER = new Set([400, 408, 413, 414, 417, 431]);
const CONTROL = '/__jobtwin';

/**
 * @typedef {{ router: { match(method: string, path: string): any }, validator: { check(op: any, status: number, ct: string | null, body: unknown): any } }} Oracle
 * @typedef {import('./wire.mjs').HttpAnswer} HttpAnswer
 */

/** @param {any} op @param {number} status */
function documents(op, status) {
  const responses = op.responses;
  return [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default'].some((k) => responses[k]);
}

/**
 * The API's error envelope, as one of its operations documents it: the 404 (else the 401) response.
 * @param {Oracle} oracle @param {any} api @param {number} status @param {string | null} ct @param {unknown} body
 */
function envelopeProblem(oracle, api, status, ct, body) {
  for (const wanted of [status, 404, 401]) {
    const op = api.operations.find((/** @type {any} */ o) => o.responses[String(wanted)]);
    if (!op) continue;
    const check = oracle.validator.check(op, wanted, ct, body);
    return check.ok ? null : `not the ${api.name} error envelope (as its ${wanted} of ${op.operationId}): ${check.message}`;
  }
  return null;
}

/**
 * Problems with one answer to `method target`, or an empty list.
 * @param {Oracle} oracle @param {HttpAnswer} answer @param {string} method @param {string} target
 * @returns {string[]}
 */
export function checkAnswer(oracle, answer, method, target) {
  const problems = [];
  const { status } = answer;
  if (status >= 500) problems.push(`status ${status}`);
  if (status === 307) {
    // Starlette's trailing-slash redirect: no body, a Location without the slash
    const q = target.indexOf('?');
    const match = oracle.router.match(method.toUpperCase(), q < 0 ? target : target.slice(0, q));
    if (match.kind !== 'redirect') problems.push(`307 where no redirect is declared (${match.kind})`);
    else if (!header(answer, 'location')) problems.push('307 without Location');
    return problems;
  }
  const ct = header(answer, 'content-type') ?? null;
  if (ct === null && answer.body.length === 0) {
    // Node's own refusal of a request it could not parse: no body, no content type.
    if (!HTTP_LAYER.has(status)) problems.push(`bodiless ${status} without a content type`);
    return problems;
  }
  if (!ct || !/^application\/json\b/i.test(ct)) problems.push(`content-type ${JSON.stringify(ct)}`);
  const upper = method.toUpperCase();
  let body;
  if (upper !== 'HEAD') {
    try {
      body = JSON.parse(answer.body.toString('utf8'));
    } catch {
      problems.push(`body is not JSON: ${JSON.stringify(answer.body.toString('utf8').slice(0, 120))}`);
      return problems;
    }
  }
  if (target === CONTROL || target.startsWith(`${CONTROL}/`) || target.startsWith(`${CONTROL}?`)) {
    const enveloped = body && typeof body.error?.code === 'string' && typeof body.error?.message === 'string';
    if (!(status === 200 || (status >= 400 && status < 500 && (upper === 'HEAD' || enveloped))))
      problems.push(`control answer ${status} ${JSON.stringify(body)?.slice(0, 200)}`);
    return problems;
  }
  const q = target.indexOf('?');
  const match = oracle.router.match(upper, q < 0 ? target : target.slice(0, q));
  if (match.kind === 'operation') {
    if (upper === 'HEAD') {
      if (!documents(match.op, status)) problems.push(`${status} is not documented for ${match.op.operationId}`);
    } else {
      const check = oracle.validator.check(match.op, status, ct, body);
      if (!check.ok) problems.push(check.message);
    }
    return problems;
  }
  const expected = match.kind === 'method' ? 405 : match.kind === 'redirect' ? 307 : 404;
  if (status !== expected) problems.push(`${status} where no operation matches (expected ${expected})`);
  if (match.kind === 'method' && !header(answer, 'allow')) problems.push('405 without Allow');
  if (upper === 'HEAD') return problems;
  if (match.api) {
    const p = envelopeProblem(oracle, match.api, status, ct, body);
    if (p) problems.push(p);
  } else if (!(body && typeof body.error === 'string' && typeof body.message === 'string' && body.status === status)) {
    problems.push(`not the plain error envelope: ${JSON.stringify(body).slice(0, 200)}`);
  }
  return problems;
}

/** A fingerprint of the prototypes a polluting request would change. */
export function prototypeFingerprint() {
  const out = [];
  for (const [name, proto] of /** @type {Array<[string, any]>} */ ([
    ['Object', Object.prototype],
    ['Array', Array.prototype],
    ['Function', Function.prototype],
    ['String', String.prototype],
  ])) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(proto, key));
      out.push([name, String(key), d.value ?? d.get, d.set]);
    }
  }
  return out;
}

/** Problems: keys added to, removed from or replaced in the prototypes since `before`. */
export function pollutionProblems(before) {
  const problems = [];
  const probe = /** @type {any} */ ({});
  for (const key of ['polluted', 'isAdmin']) if (probe[key] !== undefined) problems.push(`({}).${key} is ${JSON.stringify(probe[key])}`);
  const after = prototypeFingerprint();
  if (after.length !== before.length || after.some((entry, i) => entry.some((v, j) => v !== before[i][j]))) {
    const names = (list) => new Set(list.map((e) => `${e[0]}.${e[1]}`));
    const was = names(before);
    const now = names(after);
    problems.push(
      `prototypes changed: added ${[...now].filter((n) => !was.has(n)).join(', ') || 'nothing'}; removed ${[...was].filter((n) => !now.has(n)).join(', ') || 'nothing'}`,
    );
  }
  return problems;
}
