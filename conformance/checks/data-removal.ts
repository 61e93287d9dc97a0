// lifecycle.dataRemoval: some time after a job ended its data (input, result) is removed while its record
// stays readable, a flag saying so (Replicate's data_removed). The status template says where the data
// and the flag sit; the retention phase moves the target's clock to just before and just past the time.
import { isDeepStrictEqual } from 'node:util';
import type { CompiledTemplate } from '../../src/template/compile.js';
import { getAt } from '../model/pointer.js';
import { defineCheck } from './define.js';
import { got } from './util.js';
import type { FailureDraft } from './types.js';

export interface RemovalSpots {
  /** where the status answer puts the job's removable data: bindings of job.input… / job.result… */
  data: string[];
  /** where it puts job.dataRemoved */
  flag?: string;
}

/**
 * The spots of the status template the removal concerns. Only plain bindings count: a filter may turn
 * a removed value into something else (`length`, `default`).
 */
export function removalSpots(template: CompiledTemplate | undefined, fields: readonly string[]): RemovalSpots {
  const plain = (template?.bindings ?? []).filter((b) => !b.expression.source.includes('|'));
  const data = plain.filter((b) => b.expression.paths[0][0] === 'job' && fields.includes(b.expression.paths[0][1])).map((b) => b.pointer);
  const flag = plain.find((b) => b.expression.paths[0].join('.') === 'job.dataRemoved')?.pointer;
  return flag === undefined ? { data } : { data, flag };
}

const present = (value: unknown) => value !== undefined && value !== null;

export const dataRemoval = defineCheck({
  name: 'data_removal',
  title: 'Data removal',
  catches:
    "a job whose data (what the spec binds to job.input or job.result) is still there past the declared lifecycle.dataRemoval time (moving the target's clock through jobtwin's control interface; skipped elsewhere) or after a cancel that removes it (lifecycle.cancel.removesData), or gone before it, or whose record goes with it",
  purposes: ['data-removal'],
  needsResponse: true,
  skipReason: (run) => run.skipped.find((s) => s.check === 'data_removal')?.reason ?? 'no job was read around its data removal',
  run(ctx, exchange) {
    const p = ctx.purpose;
    const status = exchange.response.status;
    const when =
      p.by === 'cancel'
        ? 'after a cancel that removes its data'
        : `${p.expect === 'kept' ? 'before its data removal is due' : 'past its data removal'} (${p.by.afterMs / 1000} s after it ended)`;
    const rule =
      p.by === 'cancel'
        ? `lifecycle.cancel.removesData: ${p.fields.join(' and ')} removed by the cancel, the record kept`
        : `lifecycle.dataRemoval: ${p.fields.join(' and ')} removed ${p.by.afterMs / 1000} s after the job ends, the record kept`;
    if (status < 200 || status >= 300) {
      return [
        { message: `job ${p.job.id} answers ${got(exchange)} ${when}`, expected: `2xx (${rule})`, received: String(status), key: `${p.expect} ${status}` },
      ];
    }
    const spots = removalSpots(ctx.op.body, p.fields);
    const body = exchange.response.body;
    const flag = spots.flag === undefined ? undefined : getAt(body, spots.flag).value;
    if (p.expect === 'kept') {
      const changed = spots.data.filter((pointer) => {
        const before = getAt(p.reference, pointer).value;
        return present(before) && !isDeepStrictEqual(getAt(body, pointer).value, before);
      });
      const out: FailureDraft[] = [];
      if (changed.length) {
        out.push({
          message: `job ${p.job.id} lost its data ${when}: ${changed.join(', ')}`,
          expected: `as when it ended (${rule})`,
          received: 'changed',
          key: 'removed early',
        });
      }
      if (flag === true) {
        out.push({
          message: `job ${p.job.id} says its data is removed (${spots.flag} true) ${when}`,
          expected: `false (${rule})`,
          received: 'true',
          key: 'flag early',
        });
      }
      return out;
    }
    const kept = spots.data.filter((pointer) => present(getAt(body, pointer).value));
    const out: FailureDraft[] = [];
    if (kept.length) {
      out.push({
        message: `job ${p.job.id} still carries its data ${when}: ${kept.join(', ')}`,
        expected: `null or absent (${rule})`,
        received: 'present',
        key: 'kept data',
      });
    }
    if (spots.flag !== undefined && flag !== true) {
      out.push({
        message: `job ${p.job.id} does not say its data is removed ${when}: ${spots.flag} is ${JSON.stringify(flag)}`,
        expected: `true (${rule})`,
        received: JSON.stringify(flag) ?? 'absent',
        key: 'flag unset',
      });
    }
    return out;
  },
});
