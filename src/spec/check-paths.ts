// Checks of the lifecycle's ordered paths, cancel state, deadlines and data removal beyond their
// JSON Schema: every move they make the twin take must be a declared transition between known states.
import type { RootExtension } from './extension-types.js';
import { routesOf } from '../core/lifecycle/routes.js';

const OUTCOMES = ['succeeded', 'failed', 'partial'] as const;

export function pathProblems(ext: RootExtension): string[] {
  const lc = ext.lifecycle;
  const problems: string[] = [];
  const states = new Set(lc.states);
  const ends = new Set([...lc.terminal, ...lc.controlStates]);
  const known = (pointer: string, state: string) => {
    if (states.has(state)) return true;
    problems.push(`${pointer}: "${state}" is not in lifecycle.states`);
    return false;
  };
  const allowed = (from: string, to: string) => (lc.transitions[from] ?? []).includes(to);
  const need = (pointer: string, from: string, to: string, why: string) => {
    if (states.has(from) && states.has(to) && !allowed(from, to)) problems.push(`${pointer}: "${from}" → "${to}" is not in lifecycle.transitions (${why})`);
  };
  const paths = lc.paths ?? {};
  for (const key of [...OUTCOMES, 'rejected'] as const) {
    const path = paths[key];
    if (!path) continue;
    const at = `/lifecycle/paths/${key}`;
    if (!path.every((s, i) => known(`${at}/${i}`, s))) continue;
    if (path[0] !== lc.initial) problems.push(`${at}/0: a path starts at lifecycle.initial ("${lc.initial}"), not "${path[0]}"`);
    if (new Set(path).size !== path.length) problems.push(`${at}: a state appears twice`);
    const last = path[path.length - 1];
    const runs = path.filter((s) => s === lc.running).length;
    if (key === 'rejected') {
      if (runs) problems.push(`${at}: the rejected path never runs: "${lc.running}" has no place in it`);
      if (!ends.has(last)) problems.push(`${at}/${path.length - 1}: "${last}" is not terminal`);
    } else {
      if (runs !== 1) problems.push(`${at}: "${lc.running}" must appear once (it appears ${runs} times)`);
      const outcome = lc.outcomes[key];
      if (outcome === undefined) problems.push(`${at}: lifecycle.outcomes has no ${key}`);
      else if (last !== outcome) problems.push(`${at}/${path.length - 1}: the path ends at lifecycle.outcomes.${key} ("${outcome}"), not "${last}"`);
    }
    for (let i = 0; i + 1 < path.length; i++) need(`${at}/${i + 1}`, path[i], path[i + 1], `paths.${key}`);
  }
  const routes = routesOf(lc);
  for (const key of OUTCOMES) {
    const path = paths[key];
    const i = path ? path.indexOf(lc.running) : -1;
    if (path && i >= 0 && path.slice(0, i).join('\u0000') !== routes.pre.join('\u0000')) {
      problems.push(`/lifecycle/paths/${key}: the states before "${lc.running}" must be the same in every path (${routes.pre.join(', ')})`);
    }
  }
  if (ext.simulation.rejectRate !== undefined && !paths.rejected)
    problems.push('/simulation/rejectRate: declare lifecycle.paths.rejected, the path a rejected job takes');

  const cancel = lc.cancel;
  if (cancel) {
    (cancel.unchanged ?? []).forEach((s, i) => {
      if (known(`/lifecycle/cancel/unchanged/${i}`, s) && cancel.allowed.includes(s))
        problems.push(`/lifecycle/cancel/unchanged/${i}: "${s}" is also in cancel.allowed`);
    });
    if (cancel.via !== undefined && known('/lifecycle/cancel/via', cancel.via)) {
      if (ends.has(cancel.via)) problems.push(`/lifecycle/cancel/via: "${cancel.via}" is terminal: a job must leave it for cancel.to`);
      if (cancel.to === undefined) problems.push('/lifecycle/cancel/via: give cancel.to, the state after it');
      else need('/lifecycle/cancel/via', cancel.via, cancel.to, 'the cancel state ends');
      cancel.allowed.forEach((s, i) => need(`/lifecycle/cancel/allowed/${i}`, s, cancel.via!, 'a cancel enters cancel.via'));
    }
  }

  // where a job may be when its deadline passes: before running it takes `to`, after, `started`
  const before = [...routes.pre, ...(routes.rejected?.to ?? [])].filter((s) => !ends.has(s));
  const after = [lc.running, ...Object.values(routes.post).flat(), ...(lc.retry?.via ?? [])].filter((s) => !ends.has(s));
  (lc.deadlines ?? []).forEach((deadline, i) => {
    const at = `/lifecycle/deadlines/${i}`;
    for (const key of ['to', 'started'] as const) {
      const state = deadline[key];
      if (state !== undefined && known(`${at}/${key}`, state) && !ends.has(state)) problems.push(`${at}/${key}: "${state}" is not terminal`);
    }
    for (const s of new Set(before)) need(`${at}/to`, s, deadline.to, 'the deadline passes before the job runs');
    for (const s of new Set(after))
      need(`${at}/${deadline.started ? 'started' : 'to'}`, s, deadline.started ?? deadline.to, 'the deadline passes after the job has started');
  });
  return problems;
}
