// Well-formed but invalid credentials derived from the user's token when it is a JWT: one signature
// character changed; the payload re-encoded with another `sub`, or with an `exp` in the past, the old
// signature kept. An opaque token is never tampered with: where any token names a tenant, a changed one
// is just another tenant. An expired but correctly signed token cannot be forged: the user gives one.
import type { ApiModel, OperationModel } from '../../src/spec/model.js';

export type TamperVariant = 'tampered-signature' | 'tampered-sub' | 'tampered-exp';

export interface DerivedToken {
  variant: TamperVariant | 'expired';
  token: string;
  description: string;
  /** the name a report shows instead of the token (it is one character from a real one) */
  variable: string;
}

interface Jwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  parts: [string, string, string];
}

export function parseJwt(token: string): Jwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || parts[2] === '') return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || typeof header.alg !== 'string' || !payload || typeof payload !== 'object' || Array.isArray(payload))
      return undefined;
    return { header, payload, parts: parts as [string, string, string] };
  } catch {
    return undefined;
  }
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The signature with one character changed: a middle one, whose six bits all count (the last may not). */
function flipped(signature: string): string {
  const i = Math.floor(signature.length / 2);
  const c = signature[i];
  const next = B64URL[(B64URL.indexOf(c) + 1) % 64];
  return `${signature.slice(0, i)}${next}${signature.slice(i + 1)}`;
}

function encode(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The tampered tokens for a JWT, or [] for an opaque token. nowMs: the time `exp` is set before. */
export function tamperedTokens(token: string, nowMs = Date.now()): DerivedToken[] {
  const jwt = parseJwt(token);
  if (!jwt) return [];
  const [h, p, s] = jwt.parts;
  const sub = typeof jwt.payload.sub === 'string' ? jwt.payload.sub : '';
  return [
    {
      variant: 'tampered-signature',
      token: `${h}.${p}.${flipped(s)}`,
      description: 'the token with one signature character changed',
      variable: 'JOBTWIN_TOKEN_BAD_SIGNATURE',
    },
    {
      variant: 'tampered-sub',
      token: `${h}.${encode({ ...jwt.payload, sub: `${sub}-tampered` })}.${s}`,
      description: 'the token re-encoded with another sub, its old signature kept',
      variable: 'JOBTWIN_TOKEN_OTHER_SUB',
    },
    {
      variant: 'tampered-exp',
      token: `${h}.${encode({ ...jwt.payload, exp: Math.floor(nowMs / 1000) - 3600 })}.${s}`,
      description: 'the token re-encoded with an exp an hour ago, its old signature kept',
      variable: 'JOBTWIN_TOKEN_PAST_EXP',
    },
  ];
}

/** Why tokens are not tampered with for this operation, or undefined when they are. */
export function whyNotTampered(api: ApiModel, op: OperationModel, token: string | undefined): string | undefined {
  if (!token) return 'no --token';
  if (!parseJwt(token)) return 'the token is opaque (not a JWT): a changed token would only name another tenant';
  const schemes: Record<string, any> = api.document.components?.securitySchemes ?? {};
  const jwt = op.security.some((alt) =>
    Object.keys(alt).some(
      (name) =>
        schemes[name]?.type === 'http' &&
        String(schemes[name]?.scheme).toLowerCase() === 'bearer' &&
        String(schemes[name]?.bearerFormat ?? '').toUpperCase() === 'JWT',
    ),
  );
  return jwt ? undefined : "the operation's bearer scheme does not declare bearerFormat: JWT";
}
