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
  /** terminal states nothing in the simulation reaches: only the control interface moves a job there */
  controlStates: string[];
  /** states the simulation does not reach: names that say nothing of their place, and a second queued or running state */
  unknown: string[];
  transitions: Record<string, string[]>;
  /** states after the run, before success (finalizing), and the path a successful job takes through them */
  post: string[];
  paths?: { succeeded: string[] };
  cancel?: { allowed: string[]; conflict: string[]; notFound: string[]; unchanged?: string[]; via?: string; to?: string; removes?: true };
  /** the state a job ends in when the deadline its create request gives passes (lifecycle.deadlines) */
  deadlineTo?: string;
  /** the state a job that has started running ends in then, where it differs (Replicate's aborted) */
  deadlineStarted?: string;
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

/**
 * `deadline`: the create request gives a time limit (guess-deadline.ts): an expired-like state is reached
 * by it; for a limit that cancels (Cancel-After), a cancelled-like state: with two (canceled, aborted),
 * the one a cancel does not lead to for a job that never ran, the cancel's own once it has started.
 */
export function guessLifecycle(states: string[], cancel?: CancelShape, deadline?: { cancels: boolean }): LifecycleGuess {
  const kinds = statesByKind(states);
  const missing: string[] = [];
  // without a queued-like or running-like name, the first names that say nothing of their place are the best bet
  const spare = [...kinds.unknown];
  const initial = kinds.initial[0] ?? spare.shift();
  const running = kinds.running[0] ?? spare.shift();
  // a job is queued in one state and runs in one (the simulator goes straight from one to the other)
  const unknown = [...spare, ...kinds.initial.slice(1), ...kinds.running.slice(1)];
  if (initial === undefined) missing.push('a state a job starts in (queued, pending, …)');
  if (running === undefined) missing.push('a state a job runs in (running, processing, …)');
  const succeeded = kinds.succeeded[0];
  if (succeeded === undefined) missing.push('a state a job succeeds in (succeeded, completed, …)');
  // without a failure state, a failed job ends where a successful one does: the simulation never fails one
  const failed = kinds.failed[0] ?? succeeded;
  const partial = kinds.partial[0];
  const terminal = states.filter((s) => TERMINAL_KINDS.includes(stateKind(s)));
  const cancelTo = cancel ? kinds.cancelled[0] : undefined;
  // steps after the run need a run, a success and a start to place them; a cancelling state needs a cancelled one
  const post = initial !== undefined && running !== undefined && succeeded !== undefined ? [...kinds.post] : [];
  const cancelVia = cancelTo !== undefined ? kinds.cancelling[0] : undefined;
  unknown.push(...kinds.post.filter((s) => !post.includes(s)), ...kinds.cancelling.filter((s) => s !== cancelVia));
  // A limit that cancels (Replicate's Cancel-After) ends a job that started as a cancel would (canceled)
  // and one that never ran in the other cancelled-like state (aborted); a time limit, in expired.
  const stopped = deadline?.cancels && kinds.cancelled.length >= 2 ? (cancelTo ?? kinds.cancelled[0]) : undefined;
  const deadlineTo = !deadline ? undefined : deadline.cancels ? (kinds.cancelled.find((s) => s !== stopped) ?? kinds.expired[0]) : kinds.expired[0];
  const deadlineStarted = stopped;
  const controlStates = [...kinds.cancelled, ...kinds.expired].filter((s) => s !== cancelTo && s !== deadlineTo && s !== deadlineStarted);
  const retryVia = running === undefined ? [] : [...kinds.retry];
  const transitions: Record<string, string[]> = {};
  if (initial !== undefined) add(transitions, initial, running);
  if (running !== undefined) {
    // a successful run passes the steps after it (finalizing) on its way to success
    const chain = [running, ...post, succeeded];
    for (let i = 0; i + 1 < chain.length; i++) add(transitions, chain[i], chain[i + 1]);
    for (const end of [failed, partial]) add(transitions, running, end);
    add(transitions, running, retryVia[0]);
    retryVia.forEach((state, i) => add(transitions, state, retryVia[i + 1] ?? running));
  }
  if (deadlineTo !== undefined) {
    // the time may run out in any state before the end (a cancel under way is left to finish)
    for (const state of [initial, ...retryVia, ...unknown]) if (state !== undefined) add(transitions, state, deadlineTo);
    for (const state of [running, ...post]) if (state !== undefined) add(transitions, state, deadlineStarted ?? deadlineTo);
  }
  let cancelRules: LifecycleGuess['cancel'];
  if (cancel) {
    const waiting = [...(initial === undefined ? [] : [initial]), ...retryVia];
    const runningStates = running === undefined ? [] : [running, ...post];
    const allowed = cancel.conflict ? waiting : [...waiting, ...runningStates];
    const conflict = cancel.conflict ? [...runningStates, ...unknown] : [];
    const notFound = [...terminal, ...(cancel.conflict ? [] : unknown)];
    if (cancelTo && cancelVia) {
      // through the cancelling state; a second cancel while it lasts leaves the job as it is
      cancelRules = { allowed, conflict, notFound, unchanged: [cancelVia], via: cancelVia, to: cancelTo };
      allowed.forEach((state) => add(transitions, state, cancelVia));
      add(transitions, cancelVia, cancelTo);
    } else if (cancelTo) {
      cancelRules = { allowed, conflict, notFound, to: cancelTo };
      allowed.forEach((state) => add(transitions, state, cancelTo));
    } else cancelRules = { allowed, conflict, notFound, removes: true };
  }
  return {
    states,
    initial,
    running,
    terminal,
    outcomes: { succeeded, failed, ...(partial === undefined ? {} : { partial }) },
    retryVia,
    controlStates,
    unknown,
    post,
    ...(post.length ? { paths: { succeeded: [initial!, running!, ...post, succeeded!] } } : {}),
    transitions,
    cancel: cancelRules,
    ...(deadlineTo === undefined ? {} : { deadlineTo }),
    ...(deadlineStarted === undefined ? {} : { deadlineStarted }),
    missing,
  };
}

/** Plausible dwell times (ms) per non-terminal state, by the part it plays. */
export function guessDurations(guess: LifecycleGuess): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  if (guess.initial !== undefined) out[guess.initial] = [500, 2000];
  if (guess.running !== undefined) out[guess.running] = [2000, 8000];
  for (const state of guess.post) out[state] = [1000, 3000];
  if (guess.cancel?.via !== undefined) out[guess.cancel.via] = [1000, 5000];
  for (const state of [...guess.retryVia, ...guess.unknown]) out[state] = [1000, 5000];
  return out;
}
