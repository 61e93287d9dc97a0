// Bearer tokens name tenants, read as the services behind the bundled APIs read them:
// - a JWT-shaped token (three base64url parts) must decode: header and payload JSON objects, else 401;
// - its `exp` (and `nbf`) are judged on the twin's clock, as jsonwebtoken does (expired once the
//   clock's whole seconds reach `exp`), so a client tests its token refresh by moving the clock;
// - the tenant is its `sub` claim (or, without one, the token itself);
// - any other token is opaque and names the tenant itself, unless signatures are checked.
// Signatures are checked only when asked (an HS256 secret, or RS256/ES256 public keys from a JWKS
// file): the twin stands in for the service, not for its identity provider. With either set, every
// token must be a JWT whose signature one of them verifies.
import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;
const JWT_SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

export interface JwtKey {
  kid?: string;
  /** the JWK's `alg` when it names one */
  alg?: string;
  kty: string;
  key: KeyObject;
}

export interface TokenRules {
  /** HS256: tokens must be signed with this secret */
  secret?: string;
  /** RS256 / ES256: tokens must be signed by one of these keys (by `kid` when the token names one) */
  keys?: JwtKey[];
}

/** Whether signatures are checked at all. */
export function checksSignatures(rules: TokenRules | undefined): boolean {
  return !!rules && (rules.secret !== undefined || (rules.keys?.length ?? 0) > 0);
}

/** The tenant the Authorization header names at `now` (epoch ms, the twin's clock), or null for a 401. */
export function tenantOf(authorization: string | string[] | undefined, now: number = Date.now(), rules: TokenRules = {}): string | null {
  if (typeof authorization !== 'string') return null;
  const match = BEARER.exec(authorization);
  if (!match) return null;
  const token = match[1];
  const jwt = JWT_SHAPE.exec(token);
  if (!jwt) return checksSignatures(rules) ? null : token;
  const header = decodeJson(jwt[1]);
  const claims = decodeJson(jwt[2]);
  if (!header || !claims) return null;
  if (checksSignatures(rules) && !signatureHolds(header, `${jwt[1]}.${jwt[2]}`, jwt[3], rules)) return null;
  // jsonwebtoken: `exp`/`nbf` must be numbers; expired when floor(now / 1000) >= exp
  const seconds = Math.floor(now / 1000);
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || seconds >= claims.exp)) return null;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || seconds < claims.nbf)) return null;
  return typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : token;
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function signatureHolds(header: Record<string, unknown>, signed: string, signature: string, rules: TokenRules): boolean {
  const given = Buffer.from(signature, 'base64url');
  const alg = header.alg;
  if (alg === 'HS256') {
    if (rules.secret === undefined) return false;
    const expected = createHmac('sha256', rules.secret).update(signed).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  if (alg !== 'RS256' && alg !== 'ES256') return false;
  const kty = alg === 'RS256' ? 'RSA' : 'EC';
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const candidates = (rules.keys ?? []).filter((k) => k.kty === kty && (k.alg === undefined || k.alg === alg) && (kid === undefined || k.kid === kid));
  const data = Buffer.from(signed);
  return candidates.some((k) => {
    try {
      // a JWS ES256 signature is r || s (IEEE P1363), not DER
      return verify('sha256', data, alg === 'ES256' ? { key: k.key, dsaEncoding: 'ieee-p1363' } : k.key, given);
    } catch {
      return false;
    }
  });
}

/** The RS256 / ES256 public keys of a JWKS document ({"keys": [...]}); throws a one-line error. */
export function jwksKeys(jwks: unknown, where = 'JWKS'): JwtKey[] {
  const list = (jwks as { keys?: unknown })?.keys;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${where}: a JWKS document needs a non-empty "keys" array`);
  return list.map((jwk, i) => {
    if (!jwk || typeof jwk !== 'object') throw new Error(`${where}: keys[${i}] is not an object`);
    const { kty, kid, alg, d } = jwk as Record<string, unknown>;
    if (kty !== 'RSA' && kty !== 'EC') throw new Error(`${where}: keys[${i}]: kty must be RSA or EC (got ${JSON.stringify(kty)})`);
    if (d !== undefined) throw new Error(`${where}: keys[${i}] is a private key; give the public one`);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as any, format: 'jwk' });
    } catch (error) {
      throw new Error(`${where}: keys[${i}]: ${(error as Error).message}`, { cause: error });
    }
    return { kty, kid: typeof kid === 'string' ? kid : undefined, alg: typeof alg === 'string' ? alg : undefined, key };
  });
}

/** Reads a JWKS file; throws a one-line error naming it. */
export function loadJwksFile(file: string): JwtKey[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not JSON`);
  }
  return jwksKeys(doc, file);
}
