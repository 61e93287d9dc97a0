// The control token: `Authorization: Bearer <token>` or `X-Jobtwin-Token: <token>`, compared in
// constant time (both sides hashed first, so neither the content nor the length leaks).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ControlError } from './errors.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const HOW = 'send it as "Authorization: Bearer <token>" or "X-Jobtwin-Token: <token>"';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function presented(req: Request): string | null {
  const header = req.headers['x-jobtwin-token'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const auth = req.headers.authorization;
  const match = typeof auth === 'string' ? BEARER.exec(auth) : null;
  return match ? match[1] : null;
}

/** Passes every request when no token is set; otherwise only those carrying it. */
export function requireToken(token: string | undefined): RequestHandler {
  if (token === undefined) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, res, next) => {
    const given = presented(req);
    if (given !== null && timingSafeEqual(digest(given), expected)) return next();
    res.setHeader('www-authenticate', 'Bearer realm="jobtwin-control"');
    next(
      new ControlError(
        'UNAUTHORIZED',
        given === null ? `the control interface needs its token: ${HOW}` : `the control token is wrong: ${HOW}, with the token the twin was started with`,
      ),
    );
  };
}
