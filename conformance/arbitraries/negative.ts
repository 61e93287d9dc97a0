// Requests that break the operation's contract in one spot each, everything else valid.
import fc from 'fast-check';
import type { OperationModel } from '../../src/spec/model.js';
import type { GeneratedRequest } from './request.js';
import {
  bodyMedias,
  bodyRequired,
  fieldReadsValid,
  fieldText,
  jsonChoice,
  multipartBody,
  multipartProps,
  readField,
  type BodyChoice,
  type MediaSpec,
  type MultipartTweak,
} from './body.js';
import { failingKeywords } from './check.js';
import { invalidValues, type Mutation } from './invalid.js';
import { isJobId, paramSpecs, readBack, readsValid, sendable, serialise, type ParamSpec } from './params.js';
import { requestArbitrary } from './parts.js';
import { isFileSchema } from './schema.js';

export interface NegativeCase {
  location: 'path' | 'query' | 'header' | 'body';
  /** the parameter, or the body pointer ('' for the body itself), e.g. documents/0/content */
  name: string;
  keyword: string;
  description: string;
  request: fc.Arbitrary<GeneratedRequest>;
}

export function negativeCases(op: OperationModel): NegativeCase[] {
  return [
    ...paramSpecs(op)
      .filter((p) => !isJobId(op, p))
      .flatMap((p) => paramCases(op, p)),
    ...bodyCases(op),
  ];
}

function paramCases(op: OperationModel, p: ParamSpec): NegativeCase[] {
  const out: NegativeCase[] = [];
  const { location } = p;
  if (p.required && location !== 'path') {
    out.push({
      location,
      name: p.name,
      keyword: 'required',
      description: `required ${location} parameter left out`,
      request: requestArbitrary(op, { location, name: p.name, sent: undefined }),
    });
  }
  const candidates: Candidate[] = [];
  for (const m of invalidValues(p.schema)) {
    const sent = serialise(p, m.value);
    // A value that reads back valid (a number sent as text to a string) breaks nothing once it travels;
    // an empty optional value reads as absent to many servers.
    if (sent === undefined || !sendable(p, sent) || readsValid(p, sent)) continue;
    if (
      !p.required &&
      Object.values(sent)
        .flat()
        .every((v) => v === '')
    )
      continue;
    const shown = Object.values(sent).flat().join(',');
    candidates.push({
      mutation: m,
      key: JSON.stringify(sent),
      shown,
      failing: failingKeywords(p.schema, readBack(p, sent)),
      make: () => requestArbitrary(op, { location, name: p.name, sent }),
    });
  }
  for (const c of asSent(candidates, p.name)) out.push({ location, ...c });
  return out;
}

interface Candidate {
  mutation: Mutation;
  /** the value as it travels, for de-duplication */
  key: string;
  shown: string;
  /** the keywords the value breaks once the server has read it */
  failing: string[];
  make: () => fc.Arbitrary<GeneratedRequest>;
}

/**
 * Text-borne values: a mutation may break another keyword once sent as text (12345 for a string enum
 * arrives as "12345" and breaks the enum). Those are named for what they break, and dropped when a
 * mutation aimed at that keyword already covers it.
 */
function asSent(candidates: Candidate[], name: string): Array<Omit<NegativeCase, 'location'>> {
  const out: Array<Omit<NegativeCase, 'location'>> = [];
  const keys = new Set<string>();
  const labels = new Set<string>();
  const direct = candidates.filter((c) => c.failing.includes(c.mutation.keyword));
  const shifted = candidates.filter((c) => !c.failing.includes(c.mutation.keyword));
  for (const c of [...direct, ...shifted]) {
    const at = c.mutation.path ? `${name}/${c.mutation.path}` : name;
    const isDirect = direct.includes(c);
    const keyword = isDirect ? c.mutation.keyword : (c.failing[0] ?? c.mutation.keyword);
    if (keys.has(c.key) || (!isDirect && labels.has(`${at} ${keyword}`))) continue;
    keys.add(c.key);
    labels.add(`${at} ${keyword}`);
    const description = isDirect ? c.mutation.description : `${JSON.stringify(c.shown)} as sent, which breaks ${keyword}`;
    out.push({ name: at, keyword, description, request: c.make() });
  }
  return out;
}

function withBody(op: OperationModel, body: fc.Arbitrary<BodyChoice>): fc.Arbitrary<GeneratedRequest> {
  return requestArbitrary(op, { location: 'body', body });
}

function accepts(medias: MediaSpec[], type: string): boolean {
  const [t] = type.split('/');
  return medias.some((m) => {
    const d = m.documented.split(';')[0].trim().toLowerCase();
    return d === type || d === '*/*' || d === `${t}/*`;
  });
}

function bodyCase(op: OperationModel, name: string, keyword: string, description: string, choice: fc.Arbitrary<BodyChoice>): NegativeCase {
  return { location: 'body', name, keyword, description, request: withBody(op, choice) };
}

function bodyCases(op: OperationModel): NegativeCase[] {
  if (!op.requestBody) return [];
  const medias = bodyMedias(op);
  const out: NegativeCase[] = [];
  if (bodyRequired(op)) out.push(bodyCase(op, '', 'required', 'the required body left out', fc.constant({})));
  const json = medias.find((m) => m.kind === 'json');
  if (json) {
    for (const m of invalidValues(json.schema)) out.push(bodyCase(op, m.path, m.keyword, m.description, fc.constant(jsonChoice(json, m.value))));
    out.push(bodyCase(op, '', 'json', 'malformed JSON', fc.constant({ body: { kind: 'raw', contentType: json.type, text: '{"a":' } })));
  }
  const multipart = medias.find((m) => m.kind === 'multipart');
  if (multipart) {
    out.push(...multipartCases(op, multipart));
    if (!json && !accepts(medias, 'application/json')) {
      const asJson = multipartBody(multipart).map((b): BodyChoice => ({
        body: { kind: 'json', value: { ...b.fields, ...Object.fromEntries(Object.entries(b.files).map(([k, f]) => [k, f.content])) } },
      }));
      out.push(bodyCase(op, '', 'contentType', `a JSON body where ${multipart.documented} is documented`, asJson));
    }
  }
  if (medias.length > 0 && !accepts(medias, 'text/plain')) {
    out.push(bodyCase(op, '', 'contentType', 'a text/plain body', fc.constant({ body: { kind: 'raw', contentType: 'text/plain', text: 'plain text' } })));
  }
  return out;
}

function multipartCases(op: OperationModel, m: MediaSpec): NegativeCase[] {
  const out: NegativeCase[] = [];
  const { props, required } = multipartProps(m);
  const send = (tweak: MultipartTweak) => multipartBody(m, tweak).map((body): BodyChoice => ({ body }));
  for (const name of required) {
    if (props[name] === undefined) continue;
    const what = isFileSchema(props[name]) ? 'file' : 'field';
    out.push(bodyCase(op, name, 'required', `required ${what} "${name}" left out`, send({ omit: name })));
  }
  for (const [name, sub] of Object.entries(props)) {
    if (isFileSchema(sub)) continue;
    const candidates: Candidate[] = [];
    for (const mutation of invalidValues(sub)) {
      const text = fieldText(mutation.value);
      if (text === undefined || fieldReadsValid(sub, text) || /[\r\n]/.test(text)) continue;
      if (text === '' && !required.has(name)) continue;
      candidates.push({
        mutation,
        key: text,
        shown: text,
        failing: failingKeywords(sub, readField(sub, text)),
        make: () => withBody(op, send({ field: { name, text } })),
      });
    }
    for (const c of asSent(candidates, name)) out.push({ location: 'body', ...c });
  }
  return out;
}
