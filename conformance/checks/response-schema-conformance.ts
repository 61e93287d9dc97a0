import { defineCheck } from './define.js';
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
    if (r.jsonError !== undefined || (r.text.trim() === '' && r.body === undefined)) {
      return [
        {
          message: r.text.trim() === '' ? `${r.status}: empty body where a JSON body is documented` : `${r.status}: the body is not JSON (${r.jsonError})`,
          received: r.text.slice(0, 120),
          key: `${r.status} not json`,
        },
      ];
    }
    const errors = verdict.errors ?? [];
    return [
      {
        message: `${r.status}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ') || verdict.message}`,
        expected: `the ${r.status} schema of ${ctx.op.operationId}`,
        received: r.text.slice(0, 300),
        key: `${r.status} ${errors.map((e) => `${e.path.replace(/\/\d+(?=\/|$)/g, '/#')} ${e.message}`).join('; ')}`,
      },
    ];
  },
});
