// Tenant simulations: a tenant out of credit (402) or missing a scope (403) on every operation that
// documents that status.
import { Router } from 'express';
import type { ApiModel } from '../../spec/model.js';
import type { ControlDeps } from './router.js';
import { badRequest, show } from './errors.js';
import { readBody } from './input.js';

const SIMULATIONS: Record<string, 402 | 403> = { '402': 402, '403': 403, paymentRequired: 402, forbidden: 403 };

function appliesTo(apis: ApiModel[], status: number): Array<{ api: string; operationId: string }> {
  return apis.flatMap((api) => api.operations.filter((op) => op.statuses.has(String(status))).map((op) => ({ api: api.name, operationId: op.operationId })));
}

export function tenantsRouter({ twin }: ControlDeps): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json({ tenants: twin.simulations().map(([tenant, simulation]) => ({ tenant, simulate: simulation.status })) });
  });

  router.put('/:tenant', (req, res) => {
    const { tenant } = req.params;
    const body = readBody(req, ['simulate']);
    const value = body.simulate;
    const status = value === null ? null : typeof value === 'number' || typeof value === 'string' ? SIMULATIONS[String(value)] : undefined;
    if (status === undefined) {
      throw badRequest(`"simulate" must be 402 or "paymentRequired" (out of credit), 403 or "forbidden" (missing scope), or null to stop (got ${show(value)})`);
    }
    if (status === null) {
      twin.simulate(tenant, null);
      res.json({ tenant, simulate: null, appliesTo: [] });
      return;
    }
    twin.simulate(tenant, status);
    const ops = appliesTo(twin.apiList(), status);
    res.json({
      tenant,
      simulate: status,
      appliesTo: ops,
      ...(ops.length ? {} : { note: `no operation documents ${status}: nothing changes for this tenant` }),
    });
  });

  router.delete('/:tenant', (req, res) => {
    twin.simulate(req.params.tenant, null);
    res.status(204).end();
  });

  return router;
}
