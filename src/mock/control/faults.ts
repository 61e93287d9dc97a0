// Fault rules: latency, a status, 429 with Retry-After, or a dropped connection, on matching requests.
import { Router } from 'express';
import type { FaultSpec } from '../faults.js';
import type { ControlDeps } from './router.js';
import { badRequest, notFound, show } from './errors.js';
import { apiNamed, readBody } from './input.js';

const FIELDS = ['kind', 'api', 'method', 'path', 'status', 'latencyMs', 'retryAfterSeconds', 'times'] as const;

export function faultsRouter({ twin, faults }: ControlDeps): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json({ faults: faults.list() });
  });

  router.post('/', (req, res) => {
    const body = readBody(req, FIELDS);
    // Faults checks the values; the types are checked here, where the JSON comes in.
    for (const field of ['api', 'method', 'path'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'string') throw badRequest(`"${field}" must be a string (got ${show(body[field])})`);
    }
    for (const field of ['status', 'latencyMs', 'retryAfterSeconds'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'number') throw badRequest(`"${field}" must be a number (got ${show(body[field])})`);
    }
    if (body.times !== undefined && body.times !== null && typeof body.times !== 'number') {
      throw badRequest(`"times" must be a positive integer, or null for until removed (got ${show(body.times)})`);
    }
    if (typeof body.api === 'string') apiNamed(twin, body.api);
    // A bad kind, status, latency, count or Retry-After: FaultError, 400.
    res.status(201).json(faults.add(body as unknown as FaultSpec));
  });

  router.delete('/', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });

  router.delete('/:id', (req, res) => {
    if (!faults.remove(req.params.id)) {
      const ids = faults.list().map((f) => f.id);
      throw notFound(`no fault "${req.params.id}"; the active ones are ${ids.length ? ids.join(', ') : 'none'}`);
    }
    res.status(204).end();
  });

  return router;
}
