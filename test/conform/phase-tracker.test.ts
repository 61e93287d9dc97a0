// Phases overlap: what is under way is a set, told on every start and end, so a stop names the
// phases under way at that moment (the CLI's "stopping during …") rather than at the last start.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../conformance/runner/context.js';
import { PhaseTracker, phasesPhrase } from '../../conformance/runner/phase-tracker.js';
import type { ProgressEvent } from '../../conformance/runner/types.js';

function tracker() {
  const events: ProgressEvent[] = [];
  const ctx = { halted: false, progress: (e: ProgressEvent) => events.push(e) };
  return { ctx, events, phases: new PhaseTracker(ctx as unknown as RunContext) };
}

describe('PhaseTracker', () => {
  it('tells the phases under way on each start and each end, in the run order', () => {
    const { events, phases } = tracker();
    phases.begin('lifecycle');
    phases.begin('stateless');
    phases.end('stateless');
    phases.end('lifecycle');
    expect(events.map((e) => (e.kind === 'phase' || e.kind === 'phase-end' ? `${e.kind} ${e.phase}: ${e.underWay.join(',')}` : e.kind))).toEqual([
      'phase lifecycle: lifecycle',
      'phase stateless: stateless,lifecycle',
      'phase-end stateless: lifecycle',
      'phase-end lifecycle: ',
    ]);
  });

  it('names the phases a stop cut short, and those it never started', () => {
    const { ctx, phases } = tracker();
    phases.begin('stateless');
    phases.begin('lifecycle');
    phases.end('stateless');
    ctx.halted = true;
    expect(phases.begin('retention')).toBe(false);
    phases.end('lifecycle');
    expect([phases.stoppedIn, phases.notRun]).toEqual([['lifecycle'], ['retention']]);
  });

  it('words one phase or several', () => {
    expect(phasesPhrase(['lifecycle'])).toBe('the lifecycle phase');
    expect(phasesPhrase(['stateless', 'lifecycle', 'retention'])).toBe('the stateless, lifecycle and retention phases');
  });
});
