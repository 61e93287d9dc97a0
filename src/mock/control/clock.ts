// The twin's clock: read it, move it forward (dropping the jobs retention removes), freeze, resume,
// and the speed that divides drawn durations.
import { Router } from 'express';
import { parseDuration, parseTime } from '../../core/clock/clock.js';
import type { ControlDeps } from './router.js';
import { badRequest, show } from './errors.js';
import { readBody } from './input.js';

export const MAX_SPEED = 10_000;

export function clockRouter({ twin, clock }: ControlDeps): Router {
  const router = Router();
  const state = () => ({ ...clock.state(), speed: twin.speed });

  router.get('/', (_req, res) => {
    res.json(state());
  });

  router.post('/advance', (req, res) => {
    const { by } = readBody(req, ['by']);
    const ms = parseDuration(by);
    if (!Number.isFinite(ms) || ms < 0) {
      throw badRequest(`"by" must be a duration ≥ 0: milliseconds (1500) or text such as "1500ms", "2s", "1h30m", "31d" (got ${show(by)})`);
    }
    clock.advance(ms);
    res.json({ ...state(), expired: twin.sweep() });
  });

  router.post('/set', (req, res) => {
    const { to } = readBody(req, ['to']);
    const at = parseTime(to);
    if (!Number.isFinite(at)) throw badRequest(`"to" must be a time: ISO 8601 ("2026-02-01T00:00:00Z") or epoch milliseconds (got ${show(to)})`);
    clock.set(at); // backward: ClockError, 409
    res.json({ ...state(), expired: twin.sweep() });
  });

  router.post('/freeze', (req, res) => {
    readBody(req, []);
    clock.freeze();
    res.json(state());
  });

  router.post('/resume', (req, res) => {
    readBody(req, []);
    clock.resume();
    res.json(state());
  });

  router.put('/speed', (req, res) => {
    const { speed } = readBody(req, ['speed']);
    if (typeof speed !== 'number' || !(speed > 0 && speed <= MAX_SPEED)) {
      throw badRequest(`"speed" must be a number over 0 and at most ${MAX_SPEED} (got ${show(speed)}); 1 is real time, 10 ten times faster`);
    }
    twin.setSpeed(speed);
    res.json({ ...state(), note: 'applies to jobs created from now on: existing jobs keep the timelines they were drawn with' });
  });

  return router;
}
