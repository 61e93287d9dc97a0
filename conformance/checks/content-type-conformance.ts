import { defineCheck } from './define.js';
import { assumedTag } from './assumed.js';
import { responseCheck } from './util.js';

export const contentTypeConformance = defineCheck({
  name: 'content_type_conformance',
  title: 'Content type conformance',
  catches: 'a response whose Content-Type is not among the media types documented for its status',
  scope: 'exchange',
  needsResponse: true,
  // a routing probe answers for no documented operation: undocumented_routes judges it
  applies: (ctx) => ctx.purpose.kind !== 'routing',
  run(ctx, exchange) {
    const verdict = responseCheck(ctx, exchange);
    if (verdict.ok || verdict.problem !== 'content_type') return [];
    const received = exchange.response.headers['content-type'] ?? '(none)';
    const status = exchange.response.status;
    const message = verdict.assumed ? `${verdict.message}; ${assumedTag(ctx.op, status, verdict.assumed)}, held to it with --strict` : verdict.message;
    return [{ message, received, key: `${status} ${received.split(';')[0]}` }];
  },
});
