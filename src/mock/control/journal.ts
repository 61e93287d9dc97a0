// The journal of recent API requests, newest first.
import { Router } from 'express';
import type { ControlDeps } from './router.js';
import { apiNamed, queryLimit, queryString } from './input.js';

export const DEFAULT_JOURNAL_LIMIT = 100;
export const MAX_JOURNAL_LIMIT = 10_000;

export function journalRouter({ twin, journal }: ControlDeps): Router {
  const router = Router();

  router.get('/', (req, res) => {
    const api = queryString(req, 'api');
    if (api !== undefined) apiNamed(twin, api);
    const tenant = queryString(req, 'tenant');
    const limit = queryLimit(req, DEFAULT_JOURNAL_LIMIT, MAX_JOURNAL_LIMIT);
    res.json({ entries: journal.list({ limit, api, tenant }) });
  });

  router.delete('/', (_req, res) => {
    journal.clear();
    res.status(204).end();
  });

  return router;
}
