// Which phases are under way, which never started, and which the stop cut short: phases overlap (they
// wait for jobs together), so "the phase under way" is a set.
import type { RunContext } from './context.js';
import { PHASES, type Phase } from './types.js';

/** "the lifecycle phase", "the stateless and lifecycle phases" */
export function phasesPhrase(phases: readonly Phase[]): string {
  if (phases.length <= 1) return `the ${phases[0] ?? ''} phase`;
  return `the ${phases.slice(0, -1).join(', ')} and ${phases.at(-1)} phases`;
}

export class PhaseTracker {
  private readonly underWay = new Set<Phase>();
  private readonly cut = new Set<Phase>();
  readonly notRun: Phase[] = [];

  constructor(private readonly ctx: RunContext) {}

  /** Starts a phase; false when the run has stopped (its runner still names what it did not run). */
  begin(phase: Phase): boolean {
    if (this.ctx.halted) {
      this.notRun.push(phase);
      return false;
    }
    this.underWay.add(phase);
    this.ctx.progress({ kind: 'phase', phase, underWay: this.ordered(this.underWay) });
    return true;
  }

  end(phase: Phase): void {
    if (!this.underWay.delete(phase)) return;
    this.ctx.progress({ kind: 'phase-end', phase, underWay: this.ordered(this.underWay) });
    // a phase that ends after the stop was under way when it came
    if (this.ctx.halted) this.cut.add(phase);
  }

  async run(phase: Phase, fn: () => Promise<void>): Promise<void> {
    const started = this.begin(phase);
    try {
      await fn();
    } finally {
      if (started) this.end(phase);
    }
  }

  /** the phases the stop cut short, in the run's order */
  get stoppedIn(): Phase[] {
    return this.ordered(this.cut);
  }

  private ordered(set: Set<Phase>): Phase[] {
    return PHASES.filter((p) => set.has(p));
  }
}
