// The control interface, mounted by the app at /__jobtwin: health, reset, clock, jobs, tenants,
// faults, the journal, the specs and the web view (/ui/). Every answer is JSON; every error is { error: { code, message } }.
import express, { Router } from 'express';
import type { Twin } from '../../core/twin.js';
import type { TwinClock } from '../../core/clock/clock.js';
import type { Faults } from '../faults.js';
import type { Journal } from '../journal.js';
import { controlErrorHandler, notFound } from './errors.js';
import { requireToken } from './auth.js';
import { healthHandler, resetHandler } from './health.js';
import { clockRouter } from './clock.js';
import { jobsRouter } from './jobs.js';
import { tenantsRouter } from './tenants.js';
import { faultsRouter } from './faults.js';
import { journalRouter } from './journal.js';
import { specsRouter } from './specs.js';
import { uiRouter } from './ui/route.js';
import { webhooksRouter } from './webhooks.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';

export interface ControlDeps {
  twin: Twin;
  clock: TwinClock;
  faults: Faults;
  journal: Journal;
  /** where each API is mounted, e.g. { alchemyst: '/alchemyst', contextual: '/contextual/v1' } */
  mounts: Record<string, string>;
  /** when set, every control request must carry `Authorization: Bearer <token>` or `X-Jobtwin-Token: <token>` */
  token?: string;
  /** recorded and pending webhook deliveries */
  webhooks?: WebhookDispatcher;
  version: string;
  startedAt: number; // Date.now() at start
}

export const BODY_LIMIT = '1mb';

/** Every route, for the 404 of an unknown one. */
export const CONTROL_ROUTES = [
  'GET /health',
  'POST /reset',
  'GET /clock',
  'POST /clock/advance',
  'POST /clock/set',
  'POST /clock/freeze',
  'POST /clock/resume',
  'PUT /clock/speed',
  'GET /jobs',
  'POST /jobs',
  'GET /jobs/:api/:id',
  'DELETE /jobs/:api/:id',
  'POST /jobs/:api/:id/transition',
  'POST /jobs/:api/:id/cancel',
  'GET /tenants',
  'PUT /tenants/:tenant',
  'DELETE /tenants/:tenant',
  'GET /faults',
  'POST /faults',
  'DELETE /faults',
  'DELETE /faults/:id',
  'GET /journal',
  'DELETE /journal',
  'GET /webhooks',
  'DELETE /webhooks',
  'GET /specs',
  'GET /specs/:name',
  'GET /ui/',
] as const;

/** A relative reference to `target` under the path asked for, with or without its trailing slash. */
function relativeTo(originalUrl: string, target: string): string {
  const path = originalUrl.split('?')[0];
  return path.endsWith('/') ? target : `${path.slice(path.lastIndexOf('/') + 1)}/${target}`;
}

export function createControlRouter(deps: ControlDeps): Router {
  const router = Router();
  // Open even with a token, so container health checks work.
  router.get('/health', healthHandler(deps));
  // The web view's files hold no data; the page asks for the token when the routes it calls want one.
  router.use('/ui', uiRouter());
  // A browser opening the control interface's root lands on the web view.
  router.get('/', (req, res, next) => {
    // Relative, so it holds wherever the twin is mounted (a host app's /mock, a Vite dev server).
    if (req.accepts(['json', 'html']) === 'html') res.redirect(302, relativeTo(req.originalUrl, 'ui/'));
    else next();
  });
  router.use(requireToken(deps.token));
  // Any content type: `curl -d '{...}'` sends form-urlencoded, and the control interface only takes JSON.
  router.use(express.json({ limit: BODY_LIMIT, type: () => true }));
  router.post('/reset', resetHandler(deps));
  router.use('/clock', clockRouter(deps));
  router.use('/jobs', jobsRouter(deps));
  router.use('/tenants', tenantsRouter(deps));
  router.use('/faults', faultsRouter(deps));
  router.use('/journal', journalRouter(deps));
  router.use('/specs', specsRouter(deps));
  router.use('/webhooks', webhooksRouter(deps));
  router.use((req) => {
    throw notFound(`no control route ${req.method} ${req.baseUrl}${req.path}; the routes (under ${req.baseUrl || '/'}) are ${CONTROL_ROUTES.join(', ')}`);
  });
  router.use(controlErrorHandler);
  return router;
}
