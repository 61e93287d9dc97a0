// Small helpers the checks share.
import type { ResponseCheck } from '../../src/validation/response.js';
import type { OperationModel } from '../../src/spec/model.js';
import type { Exchange } from '../http/types.js';
import type { AnsweredExchange, CheckContext } from './types.js';

const memo = new WeakMap<Exchange, ResponseCheck>();

/** The validator's verdict on an exchange's response (status, media type, schema), computed once. */
export function responseCheck(ctx: CheckContext, exchange: AnsweredExchange): ResponseCheck {
  let verdict = memo.get(exchange);
  if (!verdict) {
    const r = exchange.response;
    verdict = ctx.validator.check(ctx.op, r.status, r.headers['content-type'] ?? null, r.body);
    memo.set(exchange, verdict);
  }
  return verdict;
}

/** `404` or `no answer (timeout: …)` */
export function got(exchange: Exchange): string {
  if (exchange.error) return `no answer (${exchange.error.kind}: ${exchange.error.message})`;
  const r = exchange.response;
  const excerpt = r.text.length > 160 ? `${r.text.slice(0, 160)}…` : r.text;
  return `${r.status}${excerpt ? ` ${excerpt.replace(/\s+/g, ' ')}` : ''}`;
}

export function is2xx(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The documented 4xx statuses of an operation (ranges as 4XX), and the ones x-jobtwin errors.assumed assumes. */
export function documented4xx(op: OperationModel): string[] {
  return [...op.statuses, ...Object.keys(op.assumed)].filter((s) => /^4(\d\d|xx|XX)$/.test(s));
}

/** The answer an operation documents (or assumes) for an id that does not exist: 404 when documented. */
export function notFoundStatus(op: OperationModel): number | undefined {
  return op.statuses.has('404') || op.assumed['404'] ? 404 : op.statuses.has('4XX') || op.statuses.has('4xx') ? 404 : undefined;
}
