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

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * Without a token the control interface (which can move the clock and read every tenant's jobs)
 * answers only callers on loopback; with one, every caller must carry it.
 */
export function requireToken(token: string | undefined): RequestHandler {
  if (token === undefined) {
    return (req, _res, next) => {
      if (isLoopback(req.socket.remoteAddress)) return next();
      next(
        new ControlError(
          'FORBIDDEN',
          'the control interface answers only on loopback: start the twin with --control-token (JOBTWIN_CONTROL_TOKEN) to reach it from elsewhere',
        ),
      );
    };
  }
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
