// Saves the twin's state on a period, only when something changed, and once more when it stops.
// One unref'd interval for the whole twin: it never keeps the process alive, and jobs have no timers.
import type { Twin } from '../core/twin.js';
import type { TrackedClock } from './clock.js';
import type { ApiStamp } from './format.js';
import { saveState, type SaveReport } from './save.js';

export const DEFAULT_SAVE_INTERVAL_MS = 5000;

export interface StateSaverOptions {
  file: string;
  twin: Twin;
  clock: TrackedClock;
  apis: ApiStamp[];
  intervalMs?: number;
  /** the file already holds the current state (it was just loaded) */
  upToDate?: boolean;
  /** a periodic save that failed; the next period tries again */
  onError?: (error: Error) => void;
}

export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SaveReport> | undefined;
  private savedMark: string | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: StateSaverOptions) {
    if (options.upToDate) this.savedMark = this.mark();
  }

  get file(): string {
    return this.options.file;
  }

  /** Whether the twin holds anything the file does not. */
  get dirty(): boolean {
    return this.mark() !== this.savedMark;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? DEFAULT_SAVE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Saves now (after any save under way), whether or not anything changed. */
  async save(): Promise<SaveReport> {
    while (this.running) await this.running.catch(() => {});
    const mark = this.mark();
    // saveState takes its snapshot before its first await: `mark` describes exactly what it writes.
    this.running = saveState(this.options.file, this.options);
    try {
      const report = await this.running;
      this.savedMark = mark;
      this.lastError = undefined;
      return report;
    } finally {
      this.running = undefined;
    }
  }

  /** Stops the period without saving (start-up failed after the saver was made). */
  halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops the period and saves what is not saved yet; undefined when nothing was. */
  async stop(): Promise<SaveReport | undefined> {
    this.halt();
    while (this.running) await this.running.catch(() => {});
    return this.dirty ? this.save() : undefined;
  }

  private async tick(): Promise<void> {
    if (this.running || !this.dirty) return;
    try {
      await this.save();
    } catch (error) {
      // Said once per distinct failure, not every period.
      const message = (error as Error).message;
      if (message !== this.lastError) this.options.onError?.(error as Error);
      this.lastError = message;
    }
  }

  /** Everything a save would write, reduced to what tells a change: counters, not contents. */
  private mark(): string {
    const { twin, clock } = this.options;
    const { seed, speed, tenants } = twin.settings();
    return `${twin.revision}|${clock.revision}|${seed}|${speed}|${tenants.map(([tenant, status]) => `${tenant}=${status}`).join('\u0000')}`;
  }
}
