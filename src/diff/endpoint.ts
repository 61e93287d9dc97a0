// One side of a diff as requests see it: a base URL, the tenants' tokens and the suite's HTTP client.
// The target and the twin get the very same requests; only the base differs.
import { buildRequest, type RequestParts } from '../../conformance/http/build.js';
import type { HttpClient } from '../../conformance/http/client.js';
import type { Exchange } from '../../conformance/http/types.js';
import { readObservation, type Layout } from '../../conformance/model/observation.js';
import type { OperationModel } from '../spec/model.js';
import { shapeOf } from './shape.js';
import type { Answer, Read, Side } from './types.js';

/** whose credentials a request carries */
export type Tenant = 'main' | 'other' | 'none';

export interface SendDefaults {
  token?: string;
  otherToken?: string;
  /** extra headers on every request */
  headers?: Record<string, string>;
}

export class Endpoint {
  /** requests sent, for the report */
  sent = 0;
  /** requests that got an answer, and why the first that got none did not */
  answered = 0;
  firstError?: string;

  constructor(
    readonly side: Side,
    readonly base: string,
    private readonly client: HttpClient,
    private readonly defaults: SendDefaults,
  ) {}

  private authorization(tenant: Tenant): string | null {
    const token = tenant === 'main' ? this.defaults.token : tenant === 'other' ? this.defaults.otherToken : undefined;
    return token ? `Bearer ${token}` : null;
  }

  /** `method`: another method than the operation's (a wrong-method request). */
  async send(op: OperationModel, parts: RequestParts, o: { tenant?: Tenant; headers?: Record<string, string>; method?: string } = {}): Promise<Answer> {
    // the request's own headers over the extra ones, whatever their case (the twin's pin over a plan given)
    const headers: Record<string, string> = { ...this.defaults.headers };
    for (const name of Object.keys(o.headers ?? {})) for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
    const request = buildRequest(this.base, op, parts, { ...headers, ...o.headers }, { authorization: this.authorization(o.tenant ?? 'main') });
    if (o.method) {
      request.method = o.method;
      if (o.method === 'GET' || o.method === 'HEAD') delete request.body;
    }
    this.sent++;
    const answer = toAnswer(await this.client.send(request));
    if (answer.status !== undefined) this.answered++;
    else this.firstError ??= answer.error;
    return answer;
  }
}

export function toAnswer(exchange: Exchange): Answer {
  const r = exchange.response;
  if (!r) return { request: exchange.request, error: `${exchange.error.kind}: ${exchange.error.message}`, shape: {} };
  // a body that is not JSON has no shape but its kind
  const shape = r.jsonError !== undefined ? { '': 'not JSON' } : shapeOf(r.body);
  return { request: exchange.request, status: r.status, shape, body: r.body };
}

/** The job's status read out of an answer with the operation's layout (x-jobtwin bindings). */
export function readOf(answer: Answer, layout: Layout): Read {
  const read: Read = { answer };
  if (answer.status === undefined || answer.status < 200 || answer.status > 299) return read;
  const observation = readObservation(layout, answer.body, { at: 0, seq: 0, httpStatus: answer.status });
  if (observation.status !== undefined) read.state = observation.status;
  if (observation.attempts !== undefined) read.attempts = observation.attempts;
  return read;
}
