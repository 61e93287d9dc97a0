// The twin's clock: real time plus an offset, optionally frozen, so tests move time instead of sleeping.

export interface Clock {
  now(): number;
}

export interface ClockState {
  now: number;
  iso: string;
  frozen: boolean;
  offsetMs: number;
}

export class ClockError extends Error {}

/** Told after every move of the clock (advance, set, reset, freeze, resume). */
export type ClockListener = (now: number) => void;

export class TwinClock implements Clock {
  private frozenAt: number | null;
  private offset = 0;
  private readonly listeners = new Set<ClockListener>();
  /** how it started: reset() comes back to it */
  private readonly initial: { offset: number; frozenAt: number | null };

  constructor(
    options: { start?: number; frozen?: boolean } = {},
    private readonly realNow: () => number = Date.now,
  ) {
    const real = this.realNow();
    if (options.start !== undefined) this.offset = options.start - real;
    this.frozenAt = options.frozen ? real + this.offset : null;
    this.initial = { offset: this.offset, frozenAt: this.frozenAt };
  }

  /**
   * Back to how the clock started: a frozen clock at its start, a running one at the time it would
   * show had nobody moved it (its first offset from real time). The only move backward, so only for
   * an empty store: the control interface's reset.
   */
  reset(): number {
    this.offset = this.initial.offset;
    this.frozenAt = this.initial.frozenAt;
    return this.moved();
  }

  /** Calls `listener` after each move; the function returned stops it. */
  onMove(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  private moved(): number {
    const now = this.now();
    for (const listener of this.listeners) listener(now);
    return now;
  }

  now(): number {
    return this.frozenAt ?? this.realNow() + this.offset;
  }

  /** Moves time forward; never backward, because jobs' histories must stay consistent. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new ClockError('the clock only moves forward: give a duration ≥ 0');
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offset += ms;
    return this.moved();
  }

  set(to: number): number {
    const now = this.now();
    if (!Number.isFinite(to)) throw new ClockError('give a time as epoch milliseconds or ISO 8601');
    if (to < now) throw new ClockError(`the clock only moves forward: ${new Date(to).toISOString()} is before now (${new Date(now).toISOString()})`);
    return this.advance(to - now);
  }

  freeze(): void {
    if (this.frozenAt === null) this.frozenAt = this.now();
    this.moved();
  }

  resume(): void {
    if (this.frozenAt === null) return;
    this.offset = this.frozenAt - this.realNow();
    this.frozenAt = null;
    this.moved();
  }

  state(): ClockState {
    const now = this.now();
    return { now, iso: new Date(now).toISOString(), frozen: this.frozenAt !== null, offsetMs: now - this.realNow() };
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `1500`, `"1500ms"`, `"2s"`, `"31d"`, `"1h30m"` into milliseconds; NaN when it cannot. */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(re)) {
    total += Number(match[1]) * UNITS[match[2]];
    consumed += match[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : NaN;
}

/** Parses epoch ms or an ISO 8601 time; NaN when it cannot. */
export function parseTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  if (/^\d+$/.test(value)) return Number(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
}
