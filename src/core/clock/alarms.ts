// Alarms at virtual times: each fires once the twin's clock reaches it, whether the clock is moved
// (advance, set) or runs in real time, in order of time (then of setting). One real timer for all of
// them, armed for the earliest, so a clock jump of a month fires a month of alarms in order, at once.
import type { Clock } from './clock.js';

/** What alarms need of a clock: its time, whether it runs on its own, and word of every move. */
export interface AlarmClock extends Clock {
  readonly frozen: boolean;
  onMove(listener: (now: number) => void): () => void;
}

/** Told the virtual time it was set for (the clock may be past it). */
export type AlarmAction = (at: number) => void;

export interface Alarm {
  readonly at: number;
  cancel(): void;
}

interface Entry {
  at: number;
  order: number;
  action: AlarmAction;
  cancelled: boolean;
}

export interface RealTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// setTimeout's longest delay; a later alarm re-arms when this one wakes.
const MAX_DELAY = 2_147_483_647;

const nodeTimers: RealTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Alarms never keep a process alive on their own: the server does.
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class Alarms {
  private readonly heap: Entry[] = [];
  private order = 0;
  private timer: unknown;
  private timerAt = Infinity;
  private firing = false;
  private checkQueued = false;
  private readonly stopListening: () => void;

  constructor(
    private readonly clock: AlarmClock,
    private readonly timers: RealTimers = nodeTimers,
    private readonly onError: (error: unknown) => void = (error) => console.error(`jobtwin: an alarm failed: ${(error as Error)?.message ?? String(error)}`),
  ) {
    this.stopListening = clock.onMove(() => this.check());
  }

  /** Alarms set and not yet fired or cancelled (cancelled ones may linger until their time). */
  get size(): number {
    return this.heap.length;
  }

  /**
   * Sets an alarm. One already due fires on the next microtask, not inside this call, so that alarms
   * set together for past times still fire in time order.
   */
  at(at: number, action: AlarmAction): Alarm {
    const entry: Entry = { at, order: this.order++, action, cancelled: false };
    this.push(entry);
    if (at <= this.clock.now()) this.queueCheck();
    else this.arm();
    return {
      at,
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Fires every alarm due now, earliest first, including ones those set for times already passed. */
  check(): void {
    // An action that moves the clock re-enters here: the loop below picks up what became due.
    if (this.firing) return;
    this.firing = true;
    try {
      for (;;) {
        const top = this.heap[0];
        if (!top || top.at > this.clock.now()) break;
        this.pop();
        if (top.cancelled) continue;
        try {
          top.action(top.at);
        } catch (error) {
          // one failing action must not keep the others (or the clock's move) from happening
          this.onError(error);
        }
      }
    } finally {
      this.firing = false;
    }
    this.arm();
  }

  /** Drops every alarm (the twin's reset). */
  clear(): void {
    this.heap.length = 0;
    this.disarm();
  }

  close(): void {
    this.clear();
    this.stopListening();
  }

  private queueCheck(): void {
    if (this.checkQueued) return;
    this.checkQueued = true;
    queueMicrotask(() => {
      this.checkQueued = false;
      this.check();
    });
  }

  /** Arms the real timer for the earliest alarm while the clock runs on its own. */
  private arm(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
    const next = this.heap[0];
    if (!next || this.clock.frozen) return this.disarm();
    if (next.at === this.timerAt && this.timer !== undefined) return;
    this.disarm();
    const delay = Math.min(MAX_DELAY, Math.max(0, next.at - this.clock.now()));
    this.timerAt = next.at;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.check();
    }, delay);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
