import { layoutOf } from '../model/observation.js';
import { getAt } from '../model/pointer.js';
import type { CompiledTemplate } from '../../src/template/compile.js';
import { defineCheck } from './define.js';
import type { CheckContext } from './types.js';

/** Where the operation's template puts the job's result (bindings of job.result…): its content. */
function contentPointers(template: CompiledTemplate | undefined): string[] {
  return (template?.bindings ?? []).filter((b) => b.expression.paths[0]?.[0] === 'job' && b.expression.paths[0]?.[1] === 'result').map((b) => b.pointer);
}

/** The states in which a job has a result: the succeeded outcome (and the partial one, where declared). */
function withResult(ctx: CheckContext): Set<string> {
  const o = ctx.model.outcomes;
  return new Set([o.succeeded, ...(o.partial ? [o.partial] : [])]);
}

export const resultsContent = defineCheck({
  name: 'results_content',
  title: 'Results only once done',
  catches: 'a status or results answer that carries result content (what the spec binds to job.result) while the job it reports has not succeeded',
  purposes: ['read', 'status'],
  needsResponse: true,
  applies: (ctx, exchange) => exchange.response.status < 300 && contentPointers(ctx.op.body).length > 0 && layoutOf(ctx.op.body).status !== undefined,
  run(ctx, exchange) {
    const body = exchange.response.body;
    // the state the same answer reports: the content must agree with it
    const state = getAt(body, layoutOf(ctx.op.body).status!.pointer).value;
    if (typeof state !== 'string' || !ctx.model.isState(state) || withResult(ctx).has(state)) return [];
    const carried = contentPointers(ctx.op.body).filter((pointer) => {
      const { value } = getAt(body, pointer);
      return value !== undefined && value !== null;
    });
    if (carried.length === 0) return [];
    return [
      {
        message: `job ${ctx.purpose.job.id} is "${state}" but the answer carries its result at ${carried.join(', ')}`,
        expected: `no result content before "${[...withResult(ctx)].join('" or "')}"`,
        received: carried.join(', '),
        key: `content in ${state}`,
      },
    ];
  },
});
