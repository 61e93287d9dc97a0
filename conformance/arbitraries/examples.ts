// The operation's documented examples as requests; the parts without an example filled with fixed
// valid values so the same requests come out on every run.
import type { OperationModel } from '../../src/spec/model.js';
import type { Exemplified } from '../../src/spec/operation-view.js';
import type { GeneratedRequest } from './request.js';
import { sampleOne } from './bounded-filter.js';
import { bodyIn, bodyMedias, bodyRequired, jsonChoice, multipartFromValue, type BodyChoice, type MediaSpec } from './body.js';
import { paramSpecs, serialise, validParam, type ParamSpec, type Serialised } from './params.js';
import { assemble } from './parts.js';
import { isObject } from './schema.js';

interface Named<T> {
  name: string;
  value: T;
}

/** Documented values: `example`, then each `examples` entry with a value. */
function documented(holder: Exemplified): Array<Named<unknown>> {
  const out: Array<Named<unknown>> = [];
  if (holder.example !== undefined) out.push({ name: 'example', value: holder.example });
  for (const [key, ex] of Object.entries(holder.examples ?? {})) if (ex.value !== undefined) out.push({ name: key, value: ex.value });
  return out;
}

function exampleBody(m: MediaSpec, value: unknown): BodyChoice {
  switch (m.kind) {
    case 'json':
      return jsonChoice(m, value);
    case 'multipart':
      return { body: multipartFromValue(m, value) };
    case 'form':
      return {
        body: {
          kind: 'raw',
          contentType: m.type,
          text: new URLSearchParams(
            isObject(value) ? Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]) : [],
          ).toString(),
        },
      };
    case 'other':
      return { body: { kind: 'raw', contentType: m.type, text: typeof value === 'string' ? value : JSON.stringify(value) } };
  }
}

export function exampleRequests(op: OperationModel): Array<{ name: string; request: GeneratedRequest }> {
  const specs = paramSpecs(op);
  const paramExamples = specs.map((p) => documented(p.parameter));
  const bodies: Array<Named<BodyChoice>> = bodyMedias(op).flatMap((m) =>
    documented(m.content).map((ex) => ({ name: ex.name, value: exampleBody(m, ex.value) })),
  );
  const rounds = Math.max(bodies.length, ...paramExamples.map((list) => list.length));
  if (rounds === 0) return [];
  const filler = fillers(op, specs);
  const out: Array<{ name: string; request: GeneratedRequest }> = [];
  for (let i = 0; i < rounds; i++) {
    const sent = specs.map((p, j): Serialised => {
      const list = paramExamples[j];
      return list.length ? serialise(p, list[Math.min(i, list.length - 1)].value) : filler.params[j];
    });
    const body = bodies.length ? bodies[Math.min(i, bodies.length - 1)] : undefined;
    // Named for the body example, else for the parameter examples it holds (`q:short`, or `q` for a lone example).
    const labels = paramExamples.flatMap((list, j) => {
      const ex = list[Math.min(i, list.length - 1)];
      return ex ? [ex.name === 'example' ? specs[j].name : `${specs[j].name}:${ex.name}`] : [];
    });
    const name = body?.name ?? labels.join(' ');
    out.push({ name, request: assemble(specs, sent, body?.value ?? filler.body) });
  }
  return out;
}

/** Fixed values for the parts without examples: required parameters only, and the body when required. */
function fillers(op: OperationModel, specs: ParamSpec[]): { params: Serialised[]; body: BodyChoice } {
  const params = specs.map((p) => (p.required ? sampleOne(validParam(p)) : undefined));
  const medias = bodyMedias(op);
  const body = bodyRequired(op) && medias.length ? sampleOne(bodyIn(medias[0])) : {};
  return { params, body };
}
