// A simple rate limiter: request starts are spaced at least 1000/N ms apart.
export class RateLimiter {
  private next = 0;
  private readonly gapMs: number;

  constructor(perSecond: number | undefined) {
    this.gapMs = perSecond && perSecond > 0 ? 1000 / perSecond : 0;
  }

  /** Resolves when the caller may start its request. */
  async take(): Promise<void> {
    if (this.gapMs === 0) return;
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.gapMs;
    if (at > now) await sleep(at - now);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
