// What a report keeps of an exchange: plain text only, secrets masked and bodies cut, so a report can be
// shared (CI artifacts, issues) without leaking tokens or growing with every large answer.
import type { Exchange, RequestBody } from '../http/types.js';
import type { Observation } from '../model/observation.js';
import type { ExchangeRecord, ObservationRecord } from '../runner/types.js';

export const BODY_LIMIT = 2048;
export const MASK = '***';

/**
 * The strings to hide, longest first (a token that contains another is masked whole). A secret given as a
 * full header value (`Bearer abc`) also hides its credential alone, so `Bearer ***` keeps the scheme.
 */
function maskList(secrets: string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    all.add(secret);
    const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(secret)?.[1];
    if (credential) all.add(credential);
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** Below this length a secret is masked only as a whole header credential: a short token ("a") is also a common substring. */
const MIN_FREE_TEXT = 8;

export function maskSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of maskList(secrets)) if (secret.length >= MIN_FREE_TEXT) out = out.split(secret).join(MASK);
  return out;
}

/** A header value that is a secret, alone or after its scheme (`Bearer <token>`), loses the secret whatever its length. */
function maskCredential(value: string, secrets: string[]): string {
  for (const secret of maskList(secrets)) {
    if (value === secret) return MASK;
    const m = /^([A-Za-z][\w-]*\s+)(\S.*)$/.exec(value);
    if (m && m[2] === secret) return `${m[1]}${MASK}`;
  }
  return maskSecrets(value, secrets);
}

/** Cut at `limit` characters (never inside a surrogate pair), noting the full size in bytes. */
export function cutText(text: string, bytes = Buffer.byteLength(text), limit = BODY_LIMIT): string {
  if (text.length <= limit) return text;
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${bytes} bytes)`;
}

/** The body as it went on the wire, in text: JSON as sent, form fields as `name=value` lines. */
export function serialiseBody(body: RequestBody): string | undefined {
  switch (body.kind) {
    case 'json':
      return body.value === undefined ? undefined : JSON.stringify(body.value);
    case 'raw':
      return body.text;
    case 'multipart': {
      const lines = Object.entries(body.fields).map(([name, value]) => `${name}=${value}`);
      for (const [name, file] of Object.entries(body.files)) {
        lines.push(`${name}=@${file.filename} (${file.contentType}, ${Buffer.byteLength(file.content)} bytes)`);
      }
      return lines.join('\n');
    }
  }
}

function maskHeaders(headers: Record<string, string>, secrets: string[], lowerCase: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[lowerCase ? name.toLowerCase() : name] = maskCredential(String(value), secrets);
  return out;
}

/**
 * Masks the secrets wherever they appear, not only in headers: a target may echo a token in a URL, an
 * error message or a body. Masking comes before cutting so a secret across the cut cannot half-show.
 */
export function toRecord(exchange: Exchange, secrets: string[]): ExchangeRecord {
  const { request } = exchange;
  const record: ExchangeRecord = {
    seq: exchange.seq,
    method: request.method.toUpperCase(),
    url: maskSecrets(request.url, secrets),
    requestHeaders: maskHeaders(request.headers, secrets, false),
    ms: exchange.ms,
  };
  const sent = request.body ? serialiseBody(request.body) : undefined;
  if (sent !== undefined) record.requestBody = cutText(maskSecrets(sent, secrets), Buffer.byteLength(sent));
  if (exchange.response) {
    const { response } = exchange;
    record.status = response.status;
    record.responseHeaders = maskHeaders(response.headers, secrets, true);
    record.responseBody = cutText(maskSecrets(response.text, secrets), response.bytes || Buffer.byteLength(response.text));
  } else {
    record.error = maskSecrets(`${exchange.error.kind}: ${exchange.error.message}`, secrets);
  }
  return record;
}

/** An observation as the reports keep it: when and what, not the raw times (those are in its line of text). */
export function toObservationRecord(obs: Observation): ObservationRecord {
  const record: ObservationRecord = { at: obs.at, seq: obs.seq, httpStatus: obs.httpStatus };
  if (obs.status !== undefined) record.status = obs.status;
  if (obs.attempts !== undefined) record.attempts = obs.attempts;
  return record;
}
