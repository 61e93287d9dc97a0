// job.enteredAt and job.progress read off a job's steps at one instant: through a retry, on a frozen clock.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TwinClock } from '../../src/core/clock/clock.js';
import { Twin } from '../../src/core/twin.js';
import { loadApi } from '../../src/spec/load.js';

const TINY = join(import.meta.dirname, '../../fixtures/specs/tiny.openapi.yaml');
const T0 = Date.UTC(2026, 0, 1);

describe('entry times and progress', () => {
  it('follow a job through a failed attempt, its retry and its success', async () => {
    const api = await loadApi(TINY);
    const clock = new TwinClock({ start: T0, frozen: true });
    const twin = new Twin([api], clock, 1, 1);
    const job = twin.create(api, {
      tenant: 't',
      input: {},
      overrides: { outcome: 'succeed', failures: 1, durations: { queued: 1000, running: 4000, retrying: 500 } },
    });
    const view = () => twin.view(api, job);
    const none = { queued: T0, running: null, retrying: null, done: null, failed: null, cancelled: null };

    expect(view()).toMatchObject({ status: 'queued', progress: 0, enteredAt: none });
    clock.advance(2000);
    expect(view()).toMatchObject({ status: 'running', progress: 0.25, enteredAt: { ...none, running: T0 + 1000 } });
    clock.advance(3000);
    // the failed attempt is over: the retry waits with no progress
    expect(view()).toMatchObject({ status: 'retrying', progress: 0, enteredAt: { ...none, running: T0 + 1000, retrying: T0 + 5000 } });
    clock.advance(1500);
    // the second attempt: running is entered again, its progress starts over
    expect(view()).toMatchObject({ status: 'running', progress: 0.25, enteredAt: { running: T0 + 5500, retrying: T0 + 5000 } });
    expect(view().enteredAt.running).toBe(view().startedAt);
    clock.advance(3000);
    expect(view()).toMatchObject({ status: 'done', progress: 1, enteredAt: { queued: T0, running: T0 + 5500, done: T0 + 9500, failed: null } });
  });

  it('keeps null for the states a cancelled job never reached', async () => {
    const api = await loadApi(TINY);
    const clock = new TwinClock({ start: T0, frozen: true });
    const twin = new Twin([api], clock, 1, 1);
    const job = twin.create(api, { tenant: 't', input: {}, overrides: { durations: { queued: 1000 } } });
    clock.advance(400);
    const cancelled = twin.cancel(api, job);
    expect(cancelled.outcome).toBe('cancelled');
    if (cancelled.outcome !== 'cancelled') return;
    expect(cancelled.view).toMatchObject({ status: 'cancelled', progress: 0, enteredAt: { queued: T0, running: null, done: null, cancelled: T0 + 400 } });
  });
});
