// Reading control requests: the JSON body's fields, query parameters, and the API or job they name.
// Each failure is a 400 (or 404 for a path) that says what is accepted.
import type { Request } from 'express';
import type { Twin } from '../../core/twin.js';
import type { ApiModel } from '../../spec/model.js';
import type { Job } from '../../core/store/job.js';
import { badRequest, notFound, show } from './errors.js';

export type Body = Record<string, unknown>;

/** The body as an object with only `accepted` fields; no body at all reads as `{}`. */
export function readBody(req: Request, accepted: readonly string[]): Body {
  const route = `${req.method} ${req.baseUrl}${req.path}`.replace(/\/$/, '');
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`${route} takes a JSON object${accepted.length ? ` with ${accepted.join(', ')}` : ''} (got ${show(body)})`);
  }
  const unknown = Object.keys(body).filter((key) => !accepted.includes(key));
  if (unknown.length) {
    throw badRequest(
      `${route}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; it accepts ${accepted.length ? accepted.join(', ') : 'no fields'}`,
    );
  }
  return body as Body;
}

export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw badRequest(`"${field}" must be a non-empty string (got ${show(value)})`);
  return value;
}

export function requiredString(body: Body, field: string, hint = ''): string {
  const value = optionalString(body, field);
  if (value === undefined) throw badRequest(`"${field}" is required${hint ? `: ${hint}` : ''}`);
  return value;
}

/** One query parameter given at most once. */
export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest(`query parameter "${name}" must be given once, as text`);
  return value;
}

export function queryLimit(req: Request, fallback: number, max: number): number {
  const text = queryString(req, 'limit');
  if (text === undefined) return fallback;
  const limit = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= max)) throw badRequest(`"limit" must be a whole number from 1 to ${max} (got "${text}")`);
  return limit;
}

function names(twin: Twin): string {
  return twin
    .apiList()
    .map((api) => api.name)
    .join(', ');
}

/** An API named in a body or query: unknown is 400 (the request is wrong), with the names served. */
export function apiNamed(twin: Twin, name: string, field = 'api'): ApiModel {
  const api = twin.api(name);
  if (!api) throw badRequest(`"${field}": no API named "${name}"; this twin serves ${names(twin)}`);
  return api;
}

/** An API named in the path: unknown is 404. */
export function apiAt(twin: Twin, name: string): ApiModel {
  const api = twin.api(name);
  if (!api) throw notFound(`no API named "${name}"; this twin serves ${names(twin)}`);
  return api;
}

/** A job of any tenant; an unknown, deleted or expired one is 404. */
export function jobAt(twin: Twin, api: ApiModel, id: string): Job {
  const job = twin.find(api, null, id);
  if (!job) throw notFound(`no job "${id}" in ${api.name} (unknown, deleted or expired); GET /__jobtwin/jobs?api=${api.name} lists them`);
  return job;
}
