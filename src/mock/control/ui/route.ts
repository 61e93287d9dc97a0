// Serves the web view: one HTML page, one ES module and one stylesheet, all shipped in the package as
// strings (no build step, no CDN). The page holds no data, so it is served without the control token:
// it asks for the token when the control interface answers 401.
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { PAGE } from './page.js';
import { SCRIPT } from './script.js';
import { STYLE } from './style.js';
import { notFound } from '../errors.js';

/** Self only: no inline script or style, no other origin, not framed. */
export const UI_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Asset {
  type: string;
  body: string;
  etag: string;
}

const asset = (type: string, body: string): Asset => ({ type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });

const ASSETS: Record<string, Asset> = {
  '/': asset('text/html; charset=utf-8', PAGE),
  '/app.js': asset('text/javascript; charset=utf-8', SCRIPT),
  '/app.css': asset('text/css; charset=utf-8', STYLE),
};

function serve(req: Request, res: Response, file: Asset): void {
  res.setHeader('content-security-policy', UI_CSP);
  // Revalidated on every load (a new version of jobtwin must not leave an old page open), cheaply: 304.
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('etag', file.etag);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  if (req.headers['if-none-match'] === file.etag) {
    res.status(304).end();
    return;
  }
  res.setHeader('content-type', file.type);
  res.send(file.body);
}

export function uiRouter(): Router {
  const router = Router();
  router.get(['/', '/app.js', '/app.css'], (req, res) => {
    // `/__jobtwin/ui` without its slash: the page's relative links need the slash.
    if (req.path === '/' && !req.originalUrl.split('?')[0].endsWith('/')) {
      // relative: it holds wherever the twin is mounted (a host app's /mock)
      res.redirect(308, 'ui/');
      return;
    }
    serve(req, res, ASSETS[req.path]);
  });
  router.use((req) => {
    throw notFound(`no file ${req.baseUrl}${req.path}: the web view is ${req.baseUrl}/`);
  });
  return router;
}
