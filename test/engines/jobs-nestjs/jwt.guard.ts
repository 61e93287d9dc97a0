// A bearer-JWT guard as Nest services write it (passport-jwt's checks, on node:crypto): HS256 with the
// app's secret; a missing header, a token that is not three base64url parts, a header or payload
// that is not JSON, another algorithm, a bad signature, a passed `exp` or no `sub` → 401 with
// Nest's UnauthorizedException. The user (tenant) is the `sub` claim.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { decorateClass, decorateCtorParam } from './decorate.js';

export const JWT_SECRET = Symbol('JWT_SECRET');
const BEARER = /^bearer +([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/i;

function json(part: string): any {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export class JwtGuard implements CanActivate {
  constructor(private readonly secret: string) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const m = BEARER.exec(String(req.headers.authorization ?? ''));
    if (!m) throw new UnauthorizedException();
    const [, head, body, signature] = m;
    const header = json(head);
    const claims = json(body);
    if (!header || typeof header !== 'object' || header.alg !== 'HS256') throw new UnauthorizedException();
    if (!claims || typeof claims !== 'object' || typeof claims.sub !== 'string' || claims.sub === '') throw new UnauthorizedException();
    const expected = createHmac('sha256', this.secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedException();
    if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now())) throw new UnauthorizedException();
    req.user = { sub: claims.sub };
    return true;
  }
}
decorateClass(JwtGuard, [Injectable()], [String]);
decorateCtorParam(JwtGuard, 0, Inject(JWT_SECRET));
