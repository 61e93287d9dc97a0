import { coerceScalar } from '../../src/validation/coerce.js';
import { documentedResponse } from '../../src/validation/response.js';
import { isValid } from '../arbitraries/check.js';
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';

export const responseHeadersConformance = defineCheck({
  name: 'response_headers_conformance',
  title: 'Response headers conformance',
  catches: 'a header the response documents as required missing, or a documented header whose value does not match its schema',
  scope: 'exchange',
  needsResponse: true,
  skipReason: () => 'no documented response headers',
  applies: (ctx, exchange) => {
    if (ctx.purpose.kind === 'routing') return false;
    const headers = documentedResponse(ctx.op, exchange.response.status)?.response.headers;
    return !!headers && Object.keys(headers).length > 0;
  },
  run(ctx, exchange) {
    const r = exchange.response;
    const documented: Record<string, any> = documentedResponse(ctx.op, r.status)?.response.headers ?? {};
    const out: FailureDraft[] = [];
    for (const [name, header] of Object.entries(documented)) {
      const lower = name.toLowerCase();
      // Content-Type is described by the media types; HTTP says it is ignored here.
      if (lower === 'content-type') continue;
      const value = r.headers[lower];
      if (value === undefined) {
        if (header?.required)
          out.push({ message: `${r.status} without the required header ${name}`, expected: `${name} present`, received: '(absent)', key: `missing ${lower}` });
        continue;
      }
      const schema = header?.schema;
      if (schema && !isValid(schema, coerceScalar(value, schema))) {
        out.push({
          message: `${r.status}: header ${name}: ${JSON.stringify(value)} does not match its schema`,
          expected: JSON.stringify(schema),
          received: value,
          key: `invalid ${lower}`,
        });
      }
    }
    return out;
  },
});
