// Assembles a request from its parts: every parameter and the body valid, save one part replaced.
import fc from 'fast-check';
import type { OperationModel } from '../../src/spec/model.js';
import type { GeneratedRequest } from './request.js';
import { validBody, type BodyChoice } from './body.js';
import { paramSpecs, validParam, type Location, type ParamSpec, type Serialised } from './params.js';

export type Override =
  /** the parameter sent as given; undefined: left out */
  { location: Location; name: string; sent: Serialised } | { location: 'body'; body: fc.Arbitrary<BodyChoice> };

function overrides(p: ParamSpec, override: Override | undefined): override is Extract<Override, { name: string }> {
  return override !== undefined && override.location === p.location && 'name' in override && override.name === p.name;
}

/** A request for the operation, valid except for the overridden part. */
export function requestArbitrary(op: OperationModel, override?: Override): fc.Arbitrary<GeneratedRequest> {
  const specs = paramSpecs(op);
  const params = specs.map((p): fc.Arbitrary<Serialised> => {
    if (overrides(p, override)) return fc.constant(override.sent);
    // A paging cursor is opaque: only the server issues one, so an invented value is no valid request.
    // So is an id cursor (after, before): an invented id names no job of the caller's.
    const paging = op.ext?.paging;
    const cursors = [paging?.cursor?.param, paging?.after?.param, paging?.before?.param];
    if (!p.required && p.location === 'query' && cursors.includes(p.name)) return fc.constant(undefined);
    const valid = validParam(p);
    return p.required ? valid : fc.option(valid, { nil: undefined, freq: 2 });
  });
  const body = override?.location === 'body' ? override.body : validBody(op);
  return fc.tuple(fc.tuple(...params), body).map(([sent, choice]) => assemble(specs, sent, choice));
}

export function assemble(specs: ParamSpec[], sent: Serialised[], choice: BodyChoice): GeneratedRequest {
  const req: GeneratedRequest = { params: {}, query: {}, headers: {} };
  specs.forEach((p, i) => {
    const s = sent[i];
    if (!s) return;
    if (p.location === 'query') return Object.assign(req.query, s);
    const v = s[p.name];
    if (v !== undefined) (p.location === 'path' ? req.params : req.headers)[p.name] = Array.isArray(v) ? v.join(',') : v;
  });
  if (choice.body) req.body = choice.body;
  if (choice.contentType) req.headers['content-type'] = choice.contentType;
  return req;
}
