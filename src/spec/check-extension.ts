// Checks an x-jobtwin extension beyond its JSON Schema: that its states and rules hang together.
import type { Lifecycle, RootExtension } from './extension-types.js';
import { pathProblems } from './check-paths.js';

export function lifecycleProblems(ext: RootExtension): string[] {
  const lc: Lifecycle = ext.lifecycle;
  const problems: string[] = [];
  const states = new Set(lc.states);
  const at = (pointer: string, state: string) => {
    if (!states.has(state)) problems.push(`${pointer}: "${state}" is not in lifecycle.states`);
  };
  at('/lifecycle/initial', lc.initial);
  at('/lifecycle/running', lc.running);
  lc.terminal.forEach((s, i) => at(`/lifecycle/terminal/${i}`, s));
  lc.controlStates.forEach((s, i) => at(`/lifecycle/controlStates/${i}`, s));
  for (const [from, tos] of Object.entries(lc.transitions)) {
    at(`/lifecycle/transitions/${from}`, from);
    tos.forEach((s, i) => at(`/lifecycle/transitions/${from}/${i}`, s));
    if (lc.terminal.includes(from) && tos.length) problems.push(`/lifecycle/transitions/${from}: a terminal state has no way out`);
  }
  for (const [key, state] of Object.entries(lc.outcomes)) {
    at(`/lifecycle/outcomes/${key}`, state);
    if (state && !lc.terminal.includes(state)) problems.push(`/lifecycle/outcomes/${key}: "${state}" is not terminal`);
  }
  (lc.retry?.via ?? []).forEach((s, i) => at(`/lifecycle/retry/via/${i}`, s));
  if (lc.terminal.includes(lc.initial) || lc.terminal.includes(lc.running)) {
    problems.push('/lifecycle: initial and running must not be terminal');
  }
  if (lc.cancel) {
    for (const key of ['allowed', 'conflict', 'notFound'] as const) lc.cancel[key].forEach((s, i) => at(`/lifecycle/cancel/${key}/${i}`, s));
    const ways = [lc.cancel.removes ? 'removes' : '', lc.cancel.removesData ? 'removesData' : '', lc.cancel.to ? 'to' : ''].filter(Boolean);
    if (ways.length === 0) problems.push('/lifecycle/cancel: say `removes: true`, `removesData: true` or `to: <state>`');
    if (ways.length > 1) problems.push(`/lifecycle/cancel: one of removes, removesData and to, not ${ways.join(' and ')}`);
    if (lc.cancel.removesData && lc.cancel.via) problems.push('/lifecycle/cancel/via: a cancel that removes data moves the job nowhere');
    if (lc.cancel.to) at('/lifecycle/cancel/to', lc.cancel.to);
  }
  // Every move the simulator can make must be a declared transition, so the twin never breaks its own rules.
  const allowed = (from: string, to: string) => (lc.transitions[from] ?? []).includes(to);
  const need = (from: string, to: string, why: string) => {
    if (!allowed(from, to)) problems.push(`/lifecycle/transitions/${from}: must allow "${to}" (${why})`);
  };
  // a declared path (lifecycle.paths) says its own moves: check-paths.ts checks them
  const paths = lc.paths ?? {};
  if (!paths.succeeded?.includes(lc.running) && !paths.failed?.includes(lc.running) && !paths.partial?.includes(lc.running)) {
    need(lc.initial, lc.running, 'a job starts running');
  }
  if (!paths.succeeded) need(lc.running, lc.outcomes.succeeded, 'success');
  if (!paths.failed) need(lc.running, lc.outcomes.failed, 'failure');
  if (lc.outcomes.partial && !paths.partial) need(lc.running, lc.outcomes.partial, 'partial success');
  if (lc.retry && lc.retry.maxAttempts > 1) {
    const path = [lc.running, ...lc.retry.via, lc.running];
    for (let i = 0; i + 1 < path.length; i++) need(path[i], path[i + 1], 'retry path');
  }
  if (lc.cancel?.to && lc.cancel.via === undefined) lc.cancel.allowed.forEach((s) => need(s, lc.cancel!.to!, 'cancel'));
  if (lc.controlCancel !== undefined && !lc.controlStates.includes(lc.controlCancel)) {
    problems.push(`/lifecycle/controlCancel: "${lc.controlCancel}" must be one of lifecycle.controlStates`);
  }
  for (const state of lc.states) {
    const ends = lc.terminal.includes(state) || lc.controlStates.includes(state);
    if (!ends && !ext.simulation.durations[state]) problems.push(`/simulation/durations: give a [min, max] for "${state}"`);
  }
  problems.push(...pathProblems(ext));
  const types = ext.simulation.jobTypes;
  if (types && ext.simulation.jobType !== undefined && !types.includes(ext.simulation.jobType)) {
    problems.push(`/simulation/jobType: "${ext.simulation.jobType}" is not in simulation.jobTypes`);
  }
  for (const [state, [min, max]] of Object.entries(ext.simulation.durations)) {
    if (min > max) problems.push(`/simulation/durations/${state}: min ${min} is over max ${max}`);
  }
  for (const [state, [min, max]] of Object.entries(ext.simulation.retryDurations ?? {})) {
    if (!(lc.retry?.via ?? []).includes(state)) problems.push(`/simulation/retryDurations/${state}: "${state}" is not in lifecycle.retry.via`);
    if (min > max) problems.push(`/simulation/retryDurations/${state}: min ${min} is over max ${max}`);
  }
  return problems;
}
