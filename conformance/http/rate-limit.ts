// A simple rate limiter: request starts are spaced at least 1000/N ms apart.
export class RateLimiter {
  private next = 0;
  private readonly gapMs: number;

  constructor(perSecond: number | undefined) {
    this.gapMs = perSecond && perSecond > 0 ? 1000 / perSecond : 0;
  }

  /** Resolves when the caller may start its request. */
  async take(signal?: AbortSignal): Promise<void> {
    if (this.gapMs === 0) return;
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.gapMs;
    if (at > now) await sleep(at - now, signal);
  }
}

/** Resolves after ms, or at once when the signal aborts (a stopped run must not sit out its waits). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}
