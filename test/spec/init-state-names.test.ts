// `jobtwin init` reads a lifecycle from the names of the status values: each name's kind, then the
// lifecycle those kinds make (initial, running, terminal, outcomes, retries, cancel rules).
import { describe, expect, it } from 'vitest';
import { stateKind } from '../../src/init/state-names.js';
import { guessDurations, guessLifecycle } from '../../src/init/guess-lifecycle.js';
import { lifecycleProblems } from '../../src/spec/check-extension.js';
import type { RootExtension } from '../../src/spec/extension-types.js';

describe('state names', () => {
  it.each([
    ['queued', 'initial'],
    ['PENDING', 'initial'],
    ['waiting', 'initial'],
    ['created', 'initial'],
    ['not_started', 'initial'],
    ['running', 'running'],
    ['IN_PROGRESS', 'running'],
    ['in-progress', 'running'],
    ['processing', 'running'],
    ['active', 'running'],
    ['retrying', 'retry'],
    ['delayed', 'retry'],
    ['succeeded', 'succeeded'],
    ['COMPLETED', 'succeeded'],
    ['done', 'succeeded'],
    ['finished', 'succeeded'],
    ['failed', 'failed'],
    ['error', 'failed'],
    ['cancelled', 'cancelled'],
    ['canceled', 'cancelled'],
    ['expired', 'expired'],
    ['partial', 'partial'],
    ['partially_completed', 'partial'],
    ['completed_with_errors', 'partial'],
    ['JOB_STATUS_RUNNING', 'running'],
    ['jobSucceeded', 'succeeded'],
    ['validating', 'unknown'],
    ['finalizing', 'post'],
    ['POST_PROCESSING', 'post'],
    ['cancelling', 'cancelling'],
    ['canceling', 'cancelling'],
    ['paused', 'unknown'],
  ])('%s reads as %s', (name, kind) => {
    expect(stateKind(name)).toBe(kind);
  });
});

/** The guess as the root extension's lifecycle, to hold it to the loader's own consistency checks. */
function asExtension(states: string[], cancel?: { conflict: boolean }): RootExtension {
  const g = guessLifecycle(states, cancel);
  return {
    version: 1,
    name: 'x',
    ids: { format: 'uuid' },
    lifecycle: {
      states,
      initial: g.initial!,
      running: g.running!,
      terminal: g.terminal,
      transitions: g.transitions,
      outcomes: g.outcomes as RootExtension['lifecycle']['outcomes'],
      ...(g.retryVia.length ? { retry: { maxAttempts: 3, via: g.retryVia } } : {}),
      ...(g.paths ? { paths: g.paths } : {}),
      ...(g.cancel ? { cancel: g.cancel } : {}),
      controlStates: g.controlStates,
    },
    simulation: { durations: guessDurations(g), attemptFailureRate: 0.1, failureReasons: [] },
    errors: {},
  } as RootExtension;
}

describe('a lifecycle from state names', () => {
  it('queues, runs, and ends in the succeeded and failed states; a cancelled state is left to the control interface', () => {
    const g = guessLifecycle(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
    expect(g).toMatchObject({
      initial: 'queued',
      running: 'running',
      terminal: ['succeeded', 'failed', 'cancelled'],
      outcomes: { succeeded: 'succeeded', failed: 'failed' },
      transitions: { queued: ['running'], running: ['succeeded', 'failed'] },
      controlStates: ['cancelled'],
      retryVia: [],
      missing: [],
    });
    expect(guessDurations(g)).toEqual({ queued: [500, 2000], running: [2000, 8000] });
  });

  it('retries through a retry state, knows a partial outcome, and leaves a second queued state to be placed', () => {
    const g = guessLifecycle(['created', 'queued', 'in_progress', 'retrying', 'completed', 'partial', 'error']);
    expect(g).toMatchObject({
      initial: 'created',
      running: 'in_progress',
      terminal: ['completed', 'partial', 'error'],
      outcomes: { succeeded: 'completed', failed: 'error', partial: 'partial' },
      retryVia: ['retrying'],
      unknown: ['queued'],
      transitions: { created: ['in_progress'], in_progress: ['completed', 'error', 'partial', 'retrying'], retrying: ['in_progress'] },
    });
    expect(guessDurations(g)).toEqual({ created: [500, 2000], in_progress: [2000, 8000], retrying: [1000, 5000], queued: [1000, 5000] });
  });

  it('with a cancel operation: cancels into the cancelled state, and a documented 409 keeps running jobs', () => {
    const states = ['pending', 'running', 'done', 'failed', 'canceled', 'expired'];
    const g = guessLifecycle(states, { conflict: true });
    expect(g.cancel).toEqual({ allowed: ['pending'], conflict: ['running'], notFound: ['done', 'failed', 'canceled', 'expired'], to: 'canceled' });
    expect(g.transitions.pending).toEqual(['running', 'canceled']);
    expect(g.controlStates).toEqual(['expired']);
    const open = guessLifecycle(states, { conflict: false });
    expect(open.cancel?.allowed).toEqual(['pending', 'running']);
    expect(open.transitions.running).toContain('canceled');
    const removing = guessLifecycle(['waiting', 'active', 'completed', 'failed'], { conflict: true });
    expect(removing.cancel).toEqual({ allowed: ['waiting'], conflict: ['active'], notFound: ['completed', 'failed'], removes: true });
  });

  it('says what it cannot find, and ends a failed job where a successful one ends when no state reads as failed', () => {
    expect(guessLifecycle(['running', 'done']).missing).toEqual(['a state a job starts in (queued, pending, …)']);
    expect(guessLifecycle(['queued', 'running']).missing).toEqual(['a state a job succeeds in (succeeded, completed, …)']);
    expect(guessLifecycle(['queued', 'running', 'done']).outcomes).toEqual({ succeeded: 'done', failed: 'done' });
    // a name that says nothing stands in for the missing queue state
    expect(guessLifecycle(['validating', 'in_progress', 'completed', 'failed'])).toMatchObject({ initial: 'validating', unknown: [], missing: [] });
    expect(guessLifecycle(['queued', 'crunching', 'ok'])).toMatchObject({ initial: 'queued', running: 'crunching', unknown: [], missing: [] });
    expect(guessLifecycle(['queued', 'ok']).missing).toEqual(['a state a job runs in (running, processing, …)']);
  });

  it('passes a step after the run on the way to success, and cancels through a cancelling state', () => {
    const states = ['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled'];
    const g = guessLifecycle(states, { conflict: false });
    expect(g).toMatchObject({
      initial: 'validating',
      running: 'in_progress',
      post: ['finalizing'],
      paths: { succeeded: ['validating', 'in_progress', 'finalizing', 'completed'] },
      unknown: [],
      controlStates: ['expired'],
    });
    expect(g.cancel).toEqual({
      allowed: ['validating', 'in_progress', 'finalizing'],
      conflict: [],
      notFound: ['failed', 'completed', 'expired', 'cancelled'],
      unchanged: ['cancelling'],
      via: 'cancelling',
      to: 'cancelled',
    });
    expect(g.transitions).toEqual({
      validating: ['in_progress', 'cancelling'],
      in_progress: ['finalizing', 'failed', 'cancelling'],
      finalizing: ['completed', 'cancelling'],
      cancelling: ['cancelled'],
    });
    expect(guessDurations(g)).toEqual({ validating: [500, 2000], in_progress: [2000, 8000], finalizing: [1000, 3000], cancelling: [1000, 5000] });
    // without a cancel operation the cancelling state has no place yet
    expect(guessLifecycle(states).unknown).toEqual(['cancelling']);
  });

  it.each([
    [['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled'], { conflict: false }],
    [['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled'], { conflict: true }],
    [['queued', 'running', 'succeeded', 'failed', 'cancelled'], undefined],
    [['waiting', 'active', 'delayed', 'completed', 'failed'], { conflict: true }],
    [['created', 'queued', 'in_progress', 'retrying', 'completed', 'partial', 'error', 'cancelled', 'expired'], { conflict: false }],
    [['PENDING', 'PROCESSING', 'FINALIZING', 'COMPLETED', 'FAILED'], { conflict: true }],
  ])('passes the loader’s lifecycle checks: %j', (states, cancel) => {
    expect(lifecycleProblems(asExtension(states, cancel))).toEqual([]);
  });
});
