// A copy-pasteable curl line that repeats an exchange's request. Tokens can be shown as environment
// variables ($JOBTWIN_TOKEN) so reports do not carry secrets.
import type { Exchange, HttpRequest } from './types.js';

/** POSIX shell single quotes: 'it'\''s' */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface CurlOptions {
  /** literal secret → environment variable name, e.g. { 'abc123': 'JOBTWIN_TOKEN' } */
  secrets?: Record<string, string>;
}

function headerArg(name: string, value: string, secrets: Record<string, string>): string {
  const line = `${name}: ${value}`;
  for (const [secret, variable] of Object.entries(secrets)) {
    // the whole credential (`Bearer <token>`) whatever its length; inside other text only when long
    // enough not to be a common substring
    const scheme = /^([A-Za-z][\w-]*\s+)(\S.*)$/.exec(value);
    if (secret && (value === secret || scheme?.[2] === secret)) {
      const prefix = `${name}: ${value === secret ? '' : scheme![1]}`.replace(/(["\\$`])/g, '\\$1');
      return `-H "${prefix}$${variable}"`;
    }
    if (secret.length >= 8 && line.includes(secret)) {
      // double quotes so the variable expands; escape what double quotes would interpret
      const escaped = line
        .split(secret)
        .map((part) => part.replace(/(["\\$`])/g, '\\$1'))
        .join(`$${variable}`);
      return `-H "${escaped}"`;
    }
  }
  return `-H ${shellQuote(line)}`;
}

export function curlOfRequest(request: HttpRequest, options: CurlOptions = {}): string {
  const secrets = options.secrets ?? {};
  const parts = ['curl', '-sS', '-i'];
  if (request.method.toUpperCase() !== 'GET' || request.body) parts.push('-X', request.method.toUpperCase());
  parts.push(shellQuote(request.url));
  for (const [name, value] of Object.entries(request.headers)) parts.push(headerArg(name, value, secrets));
  const body = request.body;
  if (body?.kind === 'json' && body.value !== undefined) {
    if (!Object.keys(request.headers).some((h) => h.toLowerCase() === 'content-type')) parts.push('-H', shellQuote('Content-Type: application/json'));
    parts.push('--data-raw', shellQuote(JSON.stringify(body.value)));
  } else if (body?.kind === 'raw') {
    parts.push('-H', shellQuote(`Content-Type: ${body.contentType}`));
    // a body padded past a size limit: the padding as printf's field width, not megabytes of spaces
    const head = body.text.trimEnd();
    const pad = body.text.length - head.length;
    if (pad > 65536 && /^ +$/.test(body.text.slice(head.length))) parts.push('--data-binary', `@<(printf '%s%${pad}s' ${shellQuote(head)} '')`);
    else parts.push('--data-raw', shellQuote(body.text));
  } else if (body?.kind === 'multipart') {
    // `name=value` text fields; `<` or `@` at the start would make curl read a file, so those use --form-string
    for (const [name, value] of Object.entries(body.fields)) parts.push('--form-string', shellQuote(`${name}=${value}`));
    // files: the content through bash process substitution, with the original file name and type
    for (const [name, file] of Object.entries(body.files)) {
      const meta = `;filename=${file.filename.replace(/[;"]/g, '_')};type=${file.contentType}`;
      parts.push('-F', `${shellQuote(`${name}=@`)}<(printf '%s' ${shellQuote(file.content)})${shellQuote(meta)}`);
    }
  }
  return parts.join(' ');
}

export function curlOf(exchange: Exchange, options: CurlOptions = {}): string {
  return curlOfRequest(exchange.request, options);
}
