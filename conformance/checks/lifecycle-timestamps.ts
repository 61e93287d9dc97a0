import { statusObservations } from '../model/job.js';
import type { Observation, TimeField } from '../model/observation.js';
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';

const iso = (t: number | null | undefined) => (t === null || t === undefined ? 'null' : new Date(t).toISOString());

function has(obs: Observation, field: TimeField): boolean {
  return Object.prototype.hasOwnProperty.call(obs.times, field);
}

export const lifecycleTimestamps = defineCheck({
  name: 'lifecycle_timestamps',
  title: 'Lifecycle timestamps',
  catches:
    'job times out of order (created ≤ started ≤ finished ≤ updated), inconsistent with the state (a finish time before the job finished, no start time on a running job), changing when they must not, or unreadable',
  purposes: ['status'],
  run(ctx) {
    const { job, observation: o } = ctx.purpose;
    const m = ctx.model;
    const out: FailureDraft[] = [];
    const fail = (message: string, key: string, expected?: string) =>
      out.push({ message: `job ${job.id}: ${message}`, key, expected, observations: statusObservations(job).slice(-6) });
    for (const problem of o.problems) if (!/^status|^attempts/.test(problem)) fail(problem, 'unreadable');
    const t = o.times;
    const order: Array<[TimeField, TimeField]> = [
      ['createdAt', 'startedAt'],
      ['startedAt', 'finishedAt'],
      ['createdAt', 'finishedAt'],
      ['createdAt', 'updatedAt'],
      ['startedAt', 'updatedAt'],
      ['finishedAt', 'updatedAt'],
    ];
    for (const [a, b] of order) {
      const x = t[a];
      const y = t[b];
      if (typeof x === 'number' && typeof y === 'number' && x > y) fail(`${a} ${iso(x)} is after ${b} ${iso(y)}`, `${a}>${b}`, `${a} ≤ ${b}`);
    }
    const state = o.status;
    if (state !== undefined && m.isState(state)) {
      if (has(o, 'finishedAt')) {
        if (!m.isTerminal(state) && t.finishedAt !== null)
          fail(`finish time ${iso(t.finishedAt)} while "${state}" (not terminal)`, `finished while ${state}`, 'no finish time before a terminal state');
        if (m.isTerminal(state) && t.finishedAt === null)
          fail(`no finish time in the terminal state "${state}"`, `no finish in ${state}`, 'a finish time once terminal');
      }
      if (has(o, 'startedAt')) {
        if (state === m.running && t.startedAt === null) fail(`no start time while "${state}"`, `no start in ${state}`, 'a start time once an attempt runs');
        const neverStarted = state === m.initial && (o.attempts === 0 || (o.attempts === undefined && !m.retryVia.includes(m.initial)));
        if (neverStarted && t.startedAt !== null)
          fail(`start time ${iso(t.startedAt)} while "${state}" before any attempt`, `started while ${state}`, 'no start time before the first attempt');
      }
    }
    const seen = statusObservations(job);
    const i = seen.indexOf(o);
    const prev = i > 0 ? seen[i - 1] : undefined;
    if (prev) {
      const p = prev.times;
      if (typeof p.createdAt === 'number' && typeof t.createdAt === 'number' && p.createdAt !== t.createdAt)
        fail(`createdAt changed from ${iso(p.createdAt)} to ${iso(t.createdAt)}`, 'createdAt changed', 'a fixed creation time');
      if (typeof p.finishedAt === 'number' && has(o, 'finishedAt') && t.finishedAt !== p.finishedAt)
        fail(`finish time changed from ${iso(p.finishedAt)} to ${iso(t.finishedAt)}`, 'finishedAt changed', 'a fixed finish time');
      for (const f of ['startedAt', 'updatedAt'] as const) {
        if (typeof p[f] === 'number' && typeof t[f] === 'number' && t[f]! < p[f]!)
          fail(`${f} went back from ${iso(p[f])} to ${iso(t[f])}`, `${f} back`, `${f} never decreases`);
      }
    }
    return out;
  },
});
