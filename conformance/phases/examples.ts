// Every documented example request is sent once and its answer checked. An example that names a job
// id cannot expect success (nobody created that job); the others must be accepted.
import fc from 'fast-check';
import { exampleRequests, plainCreate } from '../arbitraries/request.js';
import type { RunContext } from '../runner/context.js';
import { runProperty, where } from '../runner/property.js';

export async function examplesPhase(ctx: RunContext): Promise<void> {
  for (const op of ctx.api.operations) {
    const examples = exampleRequests(op);
    for (const example of examples) {
      const w = where('examples', op.operationId, example.name.replace(/[:\s]+/g, '.'));
      const expectSuccess = !op.path.includes('{') && op.ext?.role !== 'cancel';
      await runProperty(
        ctx,
        w,
        // a documented webhook URL (https://example.com/…) is not one the target should call
        fc.constant(plainCreate(op, example.request)),
        async (parts) => {
          const exchange = await ctx.send(op, parts);
          return ctx.judge(op, exchange, { kind: 'example', name: example.name, expectSuccess }, w);
        },
        1,
      );
    }
  }
}
