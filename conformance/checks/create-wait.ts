// A create answers by its job's state: `endedStatus` (x-jobtwin) only once the job has ended, the
// documented success status while it is under way; and with Prefer: wait=n it answers once the job has
// ended, or after about n seconds, not before and not long after.
import type { ApiModel } from '../../src/spec/model.js';
import { layoutOf, readObservation, type Layout } from '../model/observation.js';
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';
import { is2xx } from './util.js';

/** how much sooner than n seconds a held answer may come (clocks and rounding), and how much later */
export const EARLY_MS = 250;
export const LATE_MS = 5000;

export const createWait = defineCheck({
  name: 'create_wait',
  title: 'Create and Prefer: wait',
  catches:
    'a create answered with its ended status (x-jobtwin endedStatus) while its job runs, or with the other status once it has ended; with Prefer: wait=n, an answer before the job ended and before n seconds, or long after them',
  purposes: ['create', 'create-wait'],
  needsResponse: true,
  skipReason: (run) => (extrasOf(run.api) ? 'no create was answered' : 'the spec declares neither endedStatus nor wait on its create (x-jobtwin)'),
  applies: (ctx) => (ctx.purpose.kind === 'create-wait' ? true : extrasOf(ctx.api)?.endedStatus !== undefined),
  run(ctx, exchange) {
    const r = exchange.response;
    if (!is2xx(r.status)) return [];
    const extras = extrasOf(ctx.api) ?? {};
    const state = readObservation(createLayout(ctx.api), r.body, { at: exchange.at, seq: exchange.seq, httpStatus: r.status }).status;
    const ended = state !== undefined && ctx.model.isTerminal(state);
    const failures: FailureDraft[] = [];
    const endedStatus = extras.endedStatus;
    if (endedStatus !== undefined && state !== undefined) {
      if (r.status === endedStatus && !ended) {
        failures.push({
          message: `the create answered ${r.status}, the status of a job that has ended, with the job still "${state}"`,
          expected: `${ctx.op.successStatus} while the job is under way`,
          received: `${r.status} "${state}"`,
          key: 'ended status running',
        });
      } else if (r.status !== endedStatus && ended) {
        failures.push({
          message: `the create answered ${r.status} with a job that has already ended ("${state}")`,
          expected: `${endedStatus} once the job has ended`,
          received: `${r.status} "${state}"`,
          key: 'running status ended',
        });
      }
    }
    const p = ctx.purpose;
    if (p.kind === 'create-wait' && state !== undefined && !ended) {
      const n = p.seconds * 1000;
      if (exchange.ms < n - EARLY_MS) {
        failures.push({
          message: `with Prefer: wait=${p.seconds} the create answered after ${exchange.ms} ms with the job still "${state}"`,
          expected: `the answer held until the job ends or ${p.seconds} s pass`,
          received: `${exchange.ms} ms`,
          key: 'wait early',
        });
      } else if (exchange.ms > n + LATE_MS) {
        failures.push({
          message: `with Prefer: wait=${p.seconds} the create was held ${exchange.ms} ms`,
          expected: `an answer about ${p.seconds} s after the request at the latest`,
          received: `${exchange.ms} ms`,
          key: 'wait late',
        });
      }
    }
    return failures;
  },
});

function extrasOf(api: ApiModel) {
  const role = api.byRole.create?.asRole;
  const extras = role?.role === 'create' ? role.extras : undefined;
  return extras && (extras.endedStatus !== undefined || extras.waitMax !== undefined) ? extras : undefined;
}

const layouts = new WeakMap<ApiModel, Layout>();

function createLayout(api: ApiModel): Layout {
  let layout = layouts.get(api);
  if (!layout) layouts.set(api, (layout = layoutOf(api.byRole.create?.body, api.ext.lifecycle.running)));
  return layout;
}
