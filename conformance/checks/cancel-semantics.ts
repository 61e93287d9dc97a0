import { statusObservations } from '../model/job.js';
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';
import { got, is2xx } from './util.js';

export const cancelSemantics = defineCheck({
  name: 'cancel_semantics',
  title: 'Cancel semantics',
  catches:
    'a cancel answered against the declared rules (success only in lifecycle.cancel.allowed or unchanged, 409 in conflict, 404 in notFound), a cancelled job that is not removed / not in its cancelled state (or cancel.via) afterwards, or one answered already past cancel.via',
  purposes: ['cancel'],
  needsResponse: true,
  skipReason: (run) => (run.api.byRole.cancel ? 'no cancel was answered' : 'the spec has no cancel operation'),
  // without declared rules there is nothing to hold a cancel to
  applies: (ctx) => !!ctx.model.cancel,
  run(ctx, exchange) {
    const p = ctx.purpose;
    const rules = ctx.model.cancel;
    if (!rules) return [];
    const m = ctx.model;
    const status = exchange.response.status;
    const seen = statusObservations(p.job);
    const base = { exchanges: p.job.exchanges.slice(-5), observations: seen.slice(-6) };
    const out: FailureDraft[] = [];
    const fail = (message: string, key: string, expected: string) =>
      out.push({ message: `job ${p.job.id}: ${message}`, key, expected, received: got(exchange), ...base });
    const describe = `success in ${[...rules.allowed, ...(rules.unchanged ?? [])].join('/') || '—'}, 409 in ${rules.conflict.join('/') || '—'}, 404 in ${rules.notFound.join('/') || '—'}`;

    if (p.removedBefore) {
      if (status !== 404) fail(`cancel of a job already cancelled and removed got ${status}`, `removed ${status}`, '404');
      return out;
    }
    // the states the job may have been in when the cancel arrived
    const afterState = p.after?.status;
    let candidates = m.between(p.before?.status, p.afterNotFound ? undefined : afterState);
    // Still in the initial state with no attempt made, before and after: the job never ran in
    // between, even where a retry loop makes every state reachable from every other.
    const neverRan = (o?: typeof p.before) => o?.status === m.initial && o.attempts === 0;
    if (neverRan(p.before) && neverRan(p.after)) candidates = new Set([m.initial]);
    if (candidates.size === 0) return out; // the observations contradict each other: lifecycle_transitions says so
    const possible = (states: string[]) => states.filter((s) => candidates.has(s));
    const during = [...candidates].join(', ');
    const unchanged = rules.unchanged ?? [];
    if (is2xx(status)) {
      const cancels = possible(rules.allowed).length > 0;
      const leaves = possible(unchanged).length > 0;
      // an idempotent cancel (lifecycle.cancel.unchanged) that changed an ended job shows as a job
      // leaving a terminal state: lifecycle_transitions says so
      if (!cancels && !leaves) fail(`cancel succeeded while the job was ${during}`, `success in ${during}`, describe);
      else if (cancels && rules.removesData) {
        if (p.afterNotFound)
          fail('cancel succeeded and the job is gone', 'record removed', 'the job still readable, its data removed (lifecycle.cancel.removesData)');
      } else if (cancels && rules.removes) {
        if (p.after && !p.afterNotFound)
          fail(`cancel succeeded but the job is still readable ("${afterState}")`, 'not removed', 'the job removed: its status answers as an unknown id');
      } else if (
        cancels &&
        rules.to &&
        p.after &&
        !p.afterNotFound &&
        !leaves &&
        afterState !== rules.to &&
        (rules.via === undefined || afterState !== rules.via)
      ) {
        const expected = rules.via ? `"${rules.via}" or "${rules.to}"` : `"${rules.to}"`;
        fail(`cancel succeeded but the job is "${afterState}" afterwards`, `after ${afterState}`, expected);
      }
      // through the timed cancel state: a job last seen in a cancellable state, that cannot reach the
      // cancel's end on its own, is answered in cancel.via, not already past it
      const shown = p.answered?.status;
      const was = p.before?.status;
      if (rules.via && rules.to && shown === rules.to && was !== undefined && rules.allowed.includes(was) && !m.reachableAvoiding(was, rules.via).has(rules.to))
        fail(
          `cancel of a job last seen "${was}" answered with it "${shown}": a cancel passes "${rules.via}" first`,
          `answered ${shown}`,
          `"${rules.via}" (lifecycle.cancel.via)`,
        );
    } else if (status === 409) {
      if (possible(rules.conflict).length === 0) fail(`409 while the job was ${during}`, `409 in ${during}`, describe);
    } else if (status === 404) {
      if (possible(rules.notFound).length === 0) fail(`404 for an existing job while it was ${during}`, `404 in ${during}`, describe);
    } else if (status < 500 && status !== 429) {
      fail(`cancel answered ${status}`, `status ${status}`, describe);
    }
    if (!is2xx(status) && p.afterNotFound && status !== 404)
      fail(`a refused cancel (${status}) removed the job anyway`, 'refused but removed', 'the job still readable after a refused cancel');
    return out;
  },
});
