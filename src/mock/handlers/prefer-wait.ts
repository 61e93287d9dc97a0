// Prefer: wait=n (RFC 7240) on a create: the answer is held until the job ends or n seconds pass on
// the twin's clock. A frozen clock that nobody moves must not hang the client: n real seconds end the
// wait too. A client that goes away frees its waiter.
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiModel } from '../../spec/model.js';
import type { Twin } from '../../core/twin.js';
import type { Job } from '../../core/store/job.js';
import { snapshotOf } from '../../core/lifecycle/view.js';

export type WaitOutcome = 'ended' | 'deadline' | 'closed';

/**
 * The seconds a request's Prefer asks to wait, capped by `max`: `wait=5` → 5, a bare `wait` → max;
 * undefined when it asks for none (or gives no whole number of seconds, which RFC 7240 says to ignore).
 */
export function preferredWait(headers: IncomingHttpHeaders, max: number): number | undefined {
  const raw = headers.prefer;
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  if (!text) return undefined;
  for (const preference of text.split(',')) {
    const [token] = preference.split(';');
    const match = /^\s*wait\s*(?:=\s*"?(\d+)"?)?\s*$/i.exec(token);
    if (!match) continue;
    const seconds = match[1] === undefined ? max : Number(match[1]);
    return Math.min(seconds, max);
  }
  return undefined;
}

export function hasEnded(twin: Twin, api: ApiModel, job: Job): boolean {
  return job.gone === true || api.endStates.has(snapshotOf(api, job, twin.clock.now()).state);
}

/** Resolves once the job has ended, `seconds` have passed on the twin's clock or in real time, or `signal` aborts. */
export function waitForEnd(twin: Twin, api: ApiModel, job: Job, seconds: number, signal?: AbortSignal): Promise<WaitOutcome> {
  if (hasEnded(twin, api, job)) return Promise.resolve('ended');
  if (signal?.aborted) return Promise.resolve('closed');
  return new Promise((resolve) => {
    const deadline = twin.alarms.at(twin.clock.now() + seconds * 1000, () => finish('deadline'));
    const real = setTimeout(() => finish(hasEnded(twin, api, job) ? 'ended' : 'deadline'), seconds * 1000);
    const stopWatching = twin.onChange(
      (change) => {
        if (api.endStates.has(change.to)) finish('ended');
      },
      (j) => j === job,
    );
    twin.follow(job);
    const onAbort = () => finish('closed');
    signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    function finish(outcome: WaitOutcome) {
      if (done) return;
      done = true;
      deadline.cancel();
      clearTimeout(real);
      stopWatching();
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    }
  });
}
