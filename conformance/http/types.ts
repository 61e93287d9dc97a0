// What the conformance suite sends and receives: one Exchange per request, kept for checks and reports.

/** A request body as the request generators produce it (conformance/arbitraries). */
export type RequestBody =
  | { kind: 'json'; value: unknown }
  | {
      kind: 'multipart';
      fields: Record<string, string>;
      files: Record<string, { filename: string; contentType: string; content: string }>;
    }
  | { kind: 'raw'; contentType: string; text: string };

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: RequestBody;
}

export interface HttpResponse {
  status: number;
  /** lower-cased names */
  headers: Record<string, string>;
  text: string;
  /** the parsed JSON body, or undefined when the body is empty or not JSON */
  body: unknown;
  /** why the text is not JSON, when it is not (and is not empty) */
  jsonError?: string;
  bytes: number;
}

export type TransportErrorKind = 'refused' | 'reset' | 'timeout' | 'too_large' | 'dns' | 'budget' | 'other';

export interface TransportError {
  kind: TransportErrorKind;
  message: string;
}

interface ExchangeBase {
  /** sequence number within the run */
  seq: number;
  request: HttpRequest;
  /** wall time of the request, 429 retries included */
  ms: number;
  /** Date.now() when the answer (or the error) arrived */
  at: number;
  /** how many 429 answers were waited out before this one */
  retries: number;
}

export type Exchange = (ExchangeBase & { response: HttpResponse; error?: undefined }) | (ExchangeBase & { response?: undefined; error: TransportError });
