// Turns a generated request (path params, query, headers, body) for an operation into an HTTP request
// against the target, and applies the values the user pinned with --set.
import type { OperationModel } from '../../src/spec/model.js';
import type { HttpRequest, RequestBody } from './types.js';

/** The shape conformance/arbitraries produces (GeneratedRequest), structurally. */
export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: RequestBody;
}

export interface Auth {
  /** the full Authorization header value, or null to send none */
  authorization: string | null;
}

export function buildRequest(target: string, op: OperationModel, parts: RequestParts, headers: Record<string, string>, auth: Auth): HttpRequest {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(parts.params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query)) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(name, v);
  }
  const qs = search.toString();
  const out: Record<string, string> = { ...parts.headers, ...headers };
  for (const name of Object.keys(out)) if (name.toLowerCase() === 'authorization') delete out[name];
  if (auth.authorization !== null) out.authorization = auth.authorization;
  if (parts.body?.kind === 'raw') out['content-type'] = parts.body.contentType;
  return { method: op.method.toUpperCase(), url: `${target.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`, headers: out, body: parts.body };
}

export interface Pin {
  location: 'path' | 'query' | 'header' | 'body';
  /** dotted for nested body properties */
  name: string;
  value: string;
}

/** Parses `LOCATION.NAME=VALUE`; null when malformed. */
export function parsePin(text: string): Pin | null {
  const m = /^(path|query|header|body)\.([^=]+)=(.*)$/s.exec(text);
  if (!m) return null;
  return { location: m[1] as Pin['location'], name: m[2], value: m[3] };
}

function schemaAt(schema: any, names: string[]): any {
  let s = schema;
  for (const n of names) s = s?.properties?.[n];
  return s;
}

function typedValue(schema: any, value: string): unknown {
  const type = schema?.type;
  const isString =
    type === 'string' || (Array.isArray(type) && type.includes('string') && !type.includes('number') && !type.includes('integer') && !type.includes('boolean'));
  if (isString) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Applies the pins that concern this operation; returns a new request. */
export function applyPins(op: OperationModel, parts: RequestParts, pins: Pin[]): RequestParts {
  if (pins.length === 0) return parts;
  const out: RequestParts = { params: { ...parts.params }, query: { ...parts.query }, headers: { ...parts.headers }, body: parts.body };
  const has = (where: string, name: string) => op.parameters.some((p) => p.in === where && p.name.toLowerCase() === name.toLowerCase());
  for (const pin of pins) {
    if (pin.location === 'path' && has('path', pin.name)) out.params[pin.name] = pin.value;
    else if (pin.location === 'query' && has('query', pin.name)) out.query[pin.name] = pin.value;
    else if (pin.location === 'header' && has('header', pin.name)) out.headers[pin.name] = pin.value;
    else if (pin.location === 'body' && out.body) {
      const content = op.requestBody?.content ?? {};
      const names = pin.name.split('.');
      if (out.body.kind === 'json' && out.body.value && typeof out.body.value === 'object') {
        const schema = Object.entries(content).find(([m]) => m.includes('json'))?.[1].schema;
        if (!schemaAt(schema, names)) continue;
        const value = structuredClone(out.body.value) as Record<string, any>;
        let node = value;
        for (const n of names.slice(0, -1)) {
          if (!node[n] || typeof node[n] !== 'object') node[n] = {};
          node = node[n];
        }
        node[names[names.length - 1]] = typedValue(schemaAt(schema, names), pin.value);
        out.body = { kind: 'json', value };
      } else if (out.body.kind === 'multipart' && names.length === 1) {
        out.body = { ...out.body, fields: { ...out.body.fields, [pin.name]: pin.value } };
      }
    }
  }
  return out;
}
