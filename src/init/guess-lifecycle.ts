// A job lifecycle guessed from the names of its states: which one a job starts in, which one it runs
// in, which ones end it and how, and the moves between them. Pure, so the guesses can be tested alone.
import { statesByKind, TERMINAL_KINDS, stateKind } from './state-names.js';

export interface LifecycleGuess {
  states: string[];
  initial?: string;
  running?: string;
  terminal: string[];
  outcomes: { succeeded?: string; failed?: string; partial?: string };
  /** states a failed attempt passes on its way back to running */
  retryVia: string[];
  /** states a successful attempt passes before its end (finalizing) */
  finishing: string[];
  /** terminal states nothing in the simulation reaches: only the control interface moves a job there */
  controlStates: string[];
  /** states the simulation does not reach: names that say nothing of their place, and a second queued or running state */
  unknown: string[];
  transitions: Record<string, string[]>;
  cancel?: { allowed: string[]; conflict: string[]; notFound: string[]; to?: string; via?: string; removes?: true };
  /** what could not be found, in words */
  missing: string[];
}

export interface CancelShape {
  /** the cancel operation documents 409 (a running job cannot be cancelled) */
  conflict: boolean;
}

const add = (transitions: Record<string, string[]>, from: string, to: string | undefined) => {
  if (to === undefined || from === to) return;
  const list = (transitions[from] ??= []);
  if (!list.includes(to)) list.push(to);
};

export function guessLifecycle(states: string[], cancel?: CancelShape): LifecycleGuess {
  const kinds = statesByKind(states);
  const missing: string[] = [];
  // without a queued-like or running-like name, the first names that say nothing of their place are the best bet
  const spare = [...kinds.unknown];
  const initial = kinds.initial[0] ?? spare.shift();
  const running = kinds.running[0] ?? spare.shift();
  // a job is queued in one state and runs in one (the simulator goes straight from one to the other)
  const unknown = [...spare, ...kinds.initial.slice(1), ...kinds.running.slice(1)];
  // a cancelling state is the cancel's way to cancelled; without a cancel that leads there, nothing does
  const cancelVia = cancel && kinds.cancelled.length ? kinds.cancelling[0] : undefined;
  unknown.push(...kinds.cancelling.filter((s) => s !== cancelVia));
  if (initial === undefined) missing.push('a state a job starts in (queued, pending, …)');
  if (running === undefined) missing.push('a state a job runs in (running, processing, …)');
  const succeeded = kinds.succeeded[0];
  if (succeeded === undefined) missing.push('a state a job succeeds in (succeeded, completed, …)');
  // without a failure state, a failed job ends where a successful one does: the simulation never fails one
  const failed = kinds.failed[0] ?? succeeded;
  const partial = kinds.partial[0];
  const terminal = states.filter((s) => TERMINAL_KINDS.includes(stateKind(s)));
  const cancelTo = cancel ? kinds.cancelled[0] : undefined;
  const controlStates = [...kinds.cancelled, ...kinds.expired].filter((s) => s !== cancelTo);
  const retryVia = running === undefined ? [] : [...kinds.retry];
  const finishing = running === undefined || succeeded === undefined ? [] : [...kinds.finishing];
  const transitions: Record<string, string[]> = {};
  if (initial !== undefined) add(transitions, initial, running);
  if (running !== undefined) {
    // a success passes the finishing states (OpenAI's finalizing); a failure ends the run at once
    if (finishing.length) {
      const success = [running, ...finishing];
      success.forEach((state, i) => add(transitions, state, success[i + 1]));
      for (const end of [succeeded, partial]) add(transitions, finishing[finishing.length - 1], end);
      add(transitions, running, failed);
    } else for (const end of [succeeded, failed, partial]) add(transitions, running, end);
    add(transitions, running, retryVia[0]);
    retryVia.forEach((state, i) => add(transitions, state, retryVia[i + 1] ?? running));
  }
  let cancelRules: LifecycleGuess['cancel'];
  if (cancel) {
    const waiting = [...(initial === undefined ? [] : [initial]), ...retryVia];
    const allowed = cancel.conflict || running === undefined ? waiting : [...waiting, running, ...finishing];
    const conflict = cancel.conflict ? [...(running === undefined ? [] : [running]), ...finishing, ...unknown] : [];
    const notFound = [...terminal, ...(cancel.conflict ? [] : unknown)];
    const via = cancelTo ? cancelVia : undefined;
    if (cancelTo) allowed.forEach((state) => add(transitions, state, via ?? cancelTo));
    if (via !== undefined && cancelTo) {
      add(transitions, via, cancelTo);
      allowed.push(via);
    }
    cancelRules = cancelTo
      ? { allowed, conflict, notFound, to: cancelTo, ...(via === undefined ? {} : { via }) }
      : { allowed, conflict, notFound, removes: true };
  }
  return {
    states,
    initial,
    running,
    terminal,
    outcomes: { succeeded, failed, ...(partial === undefined ? {} : { partial }) },
    retryVia,
    finishing,
    controlStates,
    unknown,
    transitions,
    cancel: cancelRules,
    missing,
  };
}

/** Plausible dwell times (ms) per non-terminal state, by the part it plays. */
export function guessDurations(guess: LifecycleGuess): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  if (guess.initial !== undefined) out[guess.initial] = [500, 2000];
  if (guess.running !== undefined) out[guess.running] = [2000, 8000];
  for (const state of [...guess.retryVia, ...guess.finishing, ...guess.unknown]) out[state] = [1000, 5000];
  if (guess.cancel?.via !== undefined) out[guess.cancel.via] = [1000, 5000];
  return out;
}
