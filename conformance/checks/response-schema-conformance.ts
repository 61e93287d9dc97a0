import { defineCheck } from './define.js';
import { assumedTag } from './assumed.js';
import { responseCheck } from './util.js';

export const responseSchemaConformance = defineCheck({
  name: 'response_schema_conformance',
  title: 'Response schema conformance',
  catches: 'a response body that does not match the schema documented for its status and media type, or is not JSON where JSON is documented',
  scope: 'exchange',
  needsResponse: true,
  // a routing probe answers for no documented operation: undocumented_routes judges it
  applies: (ctx) => ctx.purpose.kind !== 'routing',
  run(ctx, exchange) {
    const verdict = responseCheck(ctx, exchange);
    if (verdict.ok || verdict.problem !== 'schema') return [];
    const r = exchange.response;
    // a failure against an assumed answer says so: the vendor never documented that shape
    const on = verdict.assumed ? ` (${assumedTag(ctx.op, r.status, verdict.assumed)}, held to it with --strict)` : '';
    if (r.jsonError !== undefined || (r.text.trim() === '' && r.body === undefined)) {
      return [
        {
          message: `${r.text.trim() === '' ? `${r.status}: empty body where a JSON body is documented` : `${r.status}: the body is not JSON (${r.jsonError})`}${on}`,
          received: r.text.slice(0, 120),
          key: `${r.status} not json`,
        },
      ];
    }
    const errors = verdict.errors ?? [];
    return [
      {
        message: `${r.status}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ') || verdict.message}${on}`,
        expected: `the ${verdict.assumed ? 'assumed ' : ''}${r.status} schema of ${ctx.op.operationId}`,
        received: r.text.slice(0, 300),
        key: `${r.status} ${errors.map((e) => `${e.path.replace(/\/\d+(?=\/|$)/g, '/#')} ${e.message}`).join('; ')}`,
      },
    ];
  },
});
