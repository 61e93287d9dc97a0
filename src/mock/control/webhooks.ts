// The webhooks the twin recorded (--webhooks record) or attempted (send), and those still pending:
// tests read what a client's create asked the twin to send, without a receiver of their own.
import { Router } from 'express';
import type { ControlDeps } from './router.js';
import { apiNamed, queryString } from './input.js';

export function webhooksRouter({ twin, webhooks }: ControlDeps): Router {
  const router = Router();

  router.get('/', (req, res) => {
    const api = queryString(req, 'api');
    if (api !== undefined) apiNamed(twin, api);
    const job = queryString(req, 'job');
    const keep = (d: { api: string; jobId: string }) => (api === undefined || d.api === api) && (job === undefined || d.jobId === job);
    res.json({
      mode: webhooks?.mode ?? 'send',
      allow: webhooks?.allow ?? [],
      deliveries: (webhooks?.entries() ?? []).filter(keep),
      pending: (webhooks?.pending() ?? []).filter(keep),
    });
  });

  router.delete('/', (_req, res) => {
    webhooks?.clearLog();
    res.status(204).end();
  });

  return router;
}
