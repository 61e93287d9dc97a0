// The root x-jobtwin of a draft: name, ids, lifecycle, simulation and errors, each guess with its
// reason beside it and `DECIDE:` where only a person can know.
import { note } from './commented-yaml.js';
import type { LifecycleGuess } from './guess-lifecycle.js';
import { guessDurations } from './guess-lifecycle.js';
import type { IdsGuess } from './guess-ids.js';
import type { RetentionGuess } from './guess-retention.js';
import type { DeadlineGuess } from './guess-deadline.js';
import type { DataRemovalGuess } from './guess-data-removal.js';
import { stateKind, type StateKind } from './state-names.js';

export interface RootInputs {
  name: { value: string; why: string };
  ids: IdsGuess;
  lifecycle: LifecycleGuess;
  /** where the states were read: "the enum of /status in GET /batches/{id}", or a placeholder */
  statesFrom: { text: string; decide: boolean };
  cancelOp?: string;
  retention?: RetentionGuess;
  /** data removed after a time, the record kept, where the status answer has a flag for it */
  dataRemoval?: DataRemovalGuess;
  /** the time limit the create request gives, when a state is reached by its passing (lifecycle.deadlineTo) */
  deadline?: DeadlineGuess;
  /** how the answers count attempts, when one binds job.attempts */
  attemptsField?: string;
  result?: { value: unknown; why: string };
  jobTypes?: { values: string[]; field: string };
  errors: Record<string, unknown>;
  /** what the spec's security schemes say, for the tenancy note */
  security: string;
}

const list = (states: string[]) => states.join(', ');

/** Why a state holds its part: its name, or (DECIDE) only its place among names that say nothing. */
function byName(state: string | undefined, kind: StateKind, why: string, reads: string): string {
  if (state === undefined) return `DECIDE: no state reads as ${reads}`;
  return stateKind(state) === kind ? why : `DECIDE: no state reads as ${reads}; ${state} is the first whose name says nothing`;
}

/** The lifecycle in one line: queued → running → succeeded, failed; retries; cancel. */
function transitionsNote(lc: LifecycleGuess): string {
  const ends = [...new Set([lc.outcomes.succeeded, lc.outcomes.failed, lc.outcomes.partial].filter((s): s is string => s !== undefined))];
  const parts = [`${[lc.initial ?? '?', lc.running ?? '?', ...lc.post].join(' → ')} → ${list(ends)}`];
  if (lc.retryVia.length) parts.push(`a failed attempt goes ${[lc.running, ...lc.retryVia, lc.running].join(' → ')}`);
  if (lc.deadlineTo)
    parts.push(
      `a job still going when its deadline passes goes to ${lc.deadlineTo}${lc.deadlineStarted ? ` (${lc.deadlineStarted} once it has started)` : ''}`,
    );
  if (lc.cancel?.to) parts.push(`cancel moves ${list(lc.cancel.allowed)} to ${lc.cancel.via ? `${lc.cancel.via}, then ` : ''}${lc.cancel.to}`);
  return parts.join('; ');
}

function unknownNote(unknown: string[]): string[] {
  if (!unknown.length) return [];
  const one = unknown.length === 1;
  return [
    `DECIDE: where ${list(unknown)} sit${one ? 's' : ''} in the lifecycle: the twin queues a job in one state and runs it in one, so nothing leads there yet`,
  ];
}

function lifecycleOf(inputs: RootInputs): Record<string, unknown> {
  const lc = inputs.lifecycle;
  const { succeeded, failed, partial } = lc.outcomes;
  const otherEnds = lc.terminal.filter((s) => s !== succeeded && s !== failed && s !== partial);
  const out: Record<string, unknown> = {
    states: note(lc.states, undefined, inputs.statesFrom.decide ? `DECIDE: ${inputs.statesFrom.text}` : inputs.statesFrom.text),
    initial: note(lc.initial ?? 'DECIDE', byName(lc.initial, 'initial', 'where a job starts: a queued-like name', 'queued or pending')),
    running: note(lc.running ?? 'DECIDE', byName(lc.running, 'running', 'where an attempt runs: a running-like name', 'running')),
    terminal: note(lc.terminal, 'names that read as ends'),
    transitions: note(lc.transitions, undefined, [transitionsNote(lc), ...unknownNote(lc.unknown)]),
    outcomes: note(
      { succeeded: succeeded ?? 'DECIDE', failed: failed ?? 'DECIDE', ...(partial ? { partial } : {}) },
      undefined,
      failed === succeeded && failed !== undefined
        ? `DECIDE: no state reads as failed: a failed job would end in ${failed}, so the simulation fails none (attemptFailureRate 0)`
        : otherEnds.length
          ? `DECIDE: which terminal state a failed job ends in (${failed}; the others: ${list(otherEnds)})`
          : 'the terminal state per outcome, by name',
    ),
  };
  if (lc.paths) {
    out.paths = note(lc.paths, undefined, [
      `${list(lc.post)} read${lc.post.length === 1 ? 's' : ''} as a step after the run: a successful job passes it before ${lc.outcomes.succeeded}`,
      'DECIDE: whether a failed job passes it too (paths.failed), and a path that fails before the run (paths.rejected, simulation.rejectRate)',
    ]);
  }
  if (lc.retryVia.length) {
    out.retry = note({ maxAttempts: 3, via: lc.retryVia }, undefined, [
      `${list(lc.retryVia)} read${lc.retryVia.length === 1 ? 's' : ''} as a retry: a failed attempt with attempts left goes through it back to ${lc.running}`,
      "DECIDE: maxAttempts, the vendor's limit of attempts (3 is a guess)",
    ]);
  }
  if (inputs.attemptsField) {
    out.attempts = note(
      'started',
      `DECIDE: ${inputs.attemptsField} counts attempts started (1 while the first runs) or ended (BullMQ's attemptsMade: 0 while the first runs)`,
    );
  }
  if (lc.cancel) {
    const { to, removes, ...rules } = lc.cancel;
    out.cancel = note({ ...rules, ...(to ? { to } : { removes }) }, undefined, [
      `${inputs.cancelOp} cancels: ${to ? `the job moves to ${rules.via ? `${rules.via}, then ` : ''}${to}` : 'no cancelled state, so the job is removed (404 afterwards)'}; ${rules.conflict.length ? 'a running job answers 409 (documented)' : 'no 409 is documented, so a running job can be cancelled too'}; a finished job answers 404`,
      "DECIDE: the vendor's rules per state (many answer 409 or 400 for a finished job)",
    ]);
  }
  if (inputs.deadline && lc.deadlineTo) {
    const { param, after, why } = inputs.deadline;
    const started = lc.deadlineStarted ? { started: lc.deadlineStarted } : {};
    out.deadlines = note([{ ...(after ? { after } : {}), param, to: lc.deadlineTo, ...started }], undefined, [
      `${why} reads as a time limit: a job not ended by then ends in ${lc.deadlineTo}${lc.deadlineStarted ? `, or ${lc.deadlineStarted} once it has started` : ''}${after ? `; ${after} when the request gives none` : ''}`,
      `DECIDE: ${lc.deadlineStarted ? `whether ${lc.deadlineStarted} is where a started job ends` : 'whether a job that has started ends elsewhere (started: <state>)'}${after ? '' : ', and the limit when the request gives none (after: 24h)'}${param.in === 'header' || !after ? ', and the unit of a bare number (param.unit: s or ms)' : ''}`,
    ]);
  }
  if (lc.controlStates.length)
    out.controlStates = note(lc.controlStates, 'nothing the API offers leads there: only the control interface moves a job to these');
  out.retention = inputs.retention
    ? note({ days: inputs.retention.days, applies: inputs.retention.applies }, undefined, [
        `the spec says: "${inputs.retention.sentence}"`,
        'DECIDE: check the days and whether they count for every job (all) or only finished ones (terminal)',
      ])
    : note(null, 'DECIDE: retention days: the spec says nothing; null keeps every job');
  if (inputs.dataRemoval) {
    const { field, after, sentence } = inputs.dataRemoval;
    out.dataRemoval = note({ after }, undefined, [
      `the status answer's ${field} says whether the job's data is removed: its input and result read null ${after} after it ends, the record kept`,
      sentence
        ? `the spec says: "${sentence}"`
        : `DECIDE: after how long (the spec does not say; ${after} is a guess), and which of input and result go (fields)`,
    ]);
  }
  return out;
}

function simulationOf(inputs: RootInputs): Record<string, unknown> {
  const lc = inputs.lifecycle;
  const out: Record<string, unknown> = {
    durations: note(guessDurations(lc), undefined, [
      'dwell time per state in ms, [min, max] drawn uniformly: a short queue, a longer run',
      "DECIDE: the vendor's real timings",
    ]),
    attemptFailureRate: note(lc.outcomes.failed === lc.outcomes.succeeded ? 0 : 0.1, 'chance that one attempt fails'),
  };
  if (lc.outcomes.partial) out.partialRate = note(0.1, 'chance that a successful job ends partial');
  out.failureReasons = note(['The job failed'], "DECIDE: the vendor's failure messages (one is drawn per failed attempt)");
  if (inputs.result) out.result = note(inputs.result.value, undefined, inputs.result.why);
  if (inputs.jobTypes) {
    out.jobType = note(inputs.jobTypes.values[0], `DECIDE: the type a create makes (${inputs.jobTypes.field} has an enum)`);
    out.jobTypes = inputs.jobTypes.values;
  }
  return out;
}

export function draftRoot(inputs: RootInputs): Record<string, unknown> {
  return {
    version: 1,
    name: note(inputs.name.value, inputs.name.why, [
      `DECIDE: tenancy and auth. The twin wants Authorization: Bearer <token> on every operation; the token (a JWT's sub claim, or the token itself) names the tenant, and a tenant sees only its own jobs. ${inputs.security}`,
    ]),
    ids: note(inputs.ids.ids, inputs.ids.decide ?? inputs.ids.why),
    lifecycle: lifecycleOf(inputs),
    simulation: simulationOf(inputs),
    errors: note(inputs.errors, undefined, [
      'Not guessed; add them where the vendor documents them: limits: {bodyBytes: N} (413 over it), http: {methodNotAllowed: 405, unknownPath: 404}, trailingSlash: redirect',
    ]),
  };
}
