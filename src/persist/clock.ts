// The clock as the state file keeps it. A frozen clock comes back at the same instant; a running one
// keeps its offset from real time, so the time the twin was down has passed for its jobs too.
import { TwinClock } from '../core/clock/clock.js';
import type { SavedClock } from './format.js';

/** A TwinClock that counts its moves, so the saver can tell the clock changed without reading time. */
export class TrackedClock extends TwinClock {
  private moves = 0;

  get revision(): number {
    return this.moves;
  }

  // set() moves through advance(), so it is counted here too.
  override advance(ms: number): number {
    const now = super.advance(ms);
    this.moves++;
    return now;
  }

  override reset(): number {
    const now = super.reset();
    this.moves++;
    return now;
  }

  override freeze(): void {
    super.freeze();
    this.moves++;
  }

  override resume(): void {
    super.resume();
    this.moves++;
  }
}

export function saveClock(clock: TwinClock): SavedClock {
  const state = clock.state();
  return state.frozen ? { frozen: true, now: state.now } : { frozen: false, offsetMs: state.offsetMs };
}

export function restoreClock(saved: SavedClock): TrackedClock {
  return saved.frozen ? new TrackedClock({ start: saved.now, frozen: true }) : new TrackedClock({ start: Date.now() + saved.offsetMs });
}
