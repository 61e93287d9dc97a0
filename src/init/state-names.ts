// What a status value's name says about its place in a job's lifecycle. Vendors spell the same
// states many ways (QUEUED, in_progress, job-status-done…); the name is all `jobtwin init` has to go on.

export type StateKind = 'initial' | 'running' | 'retry' | 'post' | 'succeeded' | 'failed' | 'partial' | 'cancelling' | 'cancelled' | 'expired' | 'unknown';

/** Names per kind, written without separators and in lower case (in_progress → inprogress). */
const NAMES: Array<[StateKind, string[]]> = [
  // before succeeded and failed: "partially_completed", "completed_with_errors"
  ['partial', ['partial', 'partiallycompleted', 'partiallysucceeded', 'partialsuccess', 'completedwitherrors', 'succeededwitherrors']],
  // before running: "waiting_retry", "retry_scheduled"
  ['retry', ['retrying', 'retry', 'delayed', 'backoff', 'waitingretry', 'retryscheduled', 'requeued', 'rescheduled']],
  // before running: "not_started"
  ['initial', ['queued', 'pending', 'waiting', 'created', 'submitted', 'scheduled', 'enqueued', 'accepted', 'received', 'new', 'notstarted', 'inqueue']],
  ['running', ['running', 'inprogress', 'processing', 'active', 'started', 'executing', 'working', 'ongoing', 'busy', 'progress']],
  // a step after the run, before the outcome (OpenAI's batches: finalizing)
  ['post', ['finalizing', 'finalising', 'finishing', 'postprocessing', 'wrappingup']],
  // on the way to cancelled: a cancel that takes a while
  ['cancelling', ['cancelling', 'canceling', 'stopping', 'aborting', 'terminating']],
  ['succeeded', ['succeeded', 'success', 'successful', 'completed', 'complete', 'done', 'finished', 'ready', 'processed', 'ok']],
  ['failed', ['failed', 'failure', 'error', 'errored', 'crashed', 'rejected']],
  ['cancelled', ['cancelled', 'canceled', 'cancel', 'aborted', 'killed', 'stopped', 'revoked']],
  ['expired', ['expired', 'timedout', 'timeout', 'stale', 'lost']],
];

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function kindOfWord(word: string): StateKind | undefined {
  for (const [kind, names] of NAMES) if (names.includes(word)) return kind;
  return undefined;
}

/**
 * The kind a state name suggests: the whole name first, then its last word, then any word
 * (JOB_STATUS_RUNNING, task-done), so "not_started" stays initial and "partially_completed" partial.
 */
export function stateKind(name: string): StateKind {
  const whole = kindOfWord(squash(name));
  if (whole) return whole;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .map(squash)
    .filter(Boolean);
  const last = words.length ? kindOfWord(words[words.length - 1]) : undefined;
  if (last) return last;
  for (const word of words) {
    const kind = kindOfWord(word);
    if (kind) return kind;
  }
  return 'unknown';
}

/** The states of each kind, in the order given (the spec's enum order). */
export function statesByKind(states: string[]): Record<StateKind, string[]> {
  const out: Record<StateKind, string[]> = {
    initial: [],
    running: [],
    retry: [],
    post: [],
    succeeded: [],
    failed: [],
    partial: [],
    cancelling: [],
    cancelled: [],
    expired: [],
    unknown: [],
  };
  for (const state of states) out[stateKind(state)].push(state);
  return out;
}

/** Kinds a job cannot leave. */
export const TERMINAL_KINDS: readonly StateKind[] = ['succeeded', 'failed', 'partial', 'cancelled', 'expired'];
