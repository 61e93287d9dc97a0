// GET /health (open even with a token, for container health checks) and POST /reset.
import type { RequestHandler } from 'express';
import type { ControlDeps } from './router.js';
import { badRequest, show } from './errors.js';
import { readBody } from './input.js';

export function healthHandler(deps: ControlDeps): RequestHandler {
  return (_req, res) => {
    const { twin } = deps;
    res.json({
      status: 'ok',
      version: deps.version,
      uptimeMs: Date.now() - deps.startedAt,
      now: new Date(deps.clock.now()).toISOString(),
      jobs: twin.jobCount,
      apis: twin.apiList().map((api) => ({
        name: api.name,
        title: api.title,
        mount: deps.mounts[api.name] ?? null,
        operations: api.operations.map((op) => ({
          method: op.method.toUpperCase(),
          path: op.path,
          operationId: op.operationId,
          role: op.ext?.role ?? null,
        })),
      })),
    });
  };
}

/**
 * Back to how the twin started, as a test's beforeEach expects: no jobs, tenants, faults or journal,
 * the clock at its start (frozen there, or running at its first offset from real time) and the speed
 * it started with. `seed` replaces the seed (default: the current one).
 */
export function resetHandler(deps: ControlDeps): RequestHandler {
  // The router is built once, when the twin starts (or loads its state file): this is the first speed.
  const startSpeed = deps.twin.speed;
  return (req, res) => {
    const body = readBody(req, ['seed']);
    if (body.seed !== undefined && !Number.isSafeInteger(body.seed)) {
      throw badRequest(`"seed" must be an integer (got ${show(body.seed)}); leave it out to keep the current seed`);
    }
    deps.twin.reset(body.seed as number | undefined);
    // The store is empty now: moving the clock back cannot contradict any job's history.
    deps.clock.reset();
    deps.twin.setSpeed(startSpeed);
    deps.faults.clear();
    deps.journal.clear();
    res.json({ seed: deps.twin.seed });
  };
}
