// How the twin makes job ids, guessed from the id the create answer documents: a uuid when its schema
// or examples say so, else a token shaped like the examples (prefix and length).
import { mediaExamples, schemaExamples, unwrapNull, valueAt } from './schema-view.js';
import type { CreateFound, StatusFound } from './find-roles.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^([A-Za-z0-9_-]*[_-])?([A-Za-z0-9]{8,64})$/;

export interface IdsGuess {
  ids: { format: 'uuid' } | { format: 'token'; prefix?: string; length: number };
  why: string;
  /** set when the ids the twin makes would not match the id parameter's pattern */
  decide?: string;
}

function idExamples(create: CreateFound | undefined, status: StatusFound | undefined): string[] {
  const out: unknown[] = [];
  if (create?.id) {
    for (const example of mediaExamples(create.op.success?.media)) out.push(valueAt(example, create.id.path));
    out.push(...schemaExamples(create.id.schema));
  }
  const param = status?.op.operation.parameters?.find((p: any) => p?.in === 'path' && p.name === status.jobParam);
  if (param) out.push(param.example, ...Object.values<any>(param.examples ?? {}).map((e) => e?.value), ...schemaExamples(param.schema));
  return out.filter((v): v is string => typeof v === 'string' && v !== '');
}

export function guessIds(create: CreateFound | undefined, status: StatusFound | undefined): IdsGuess {
  const param = status?.op.operation.parameters?.find((p: any) => p?.in === 'path' && p.name === status.jobParam);
  const formats = [create?.id?.schema, param?.schema].map((s) => unwrapNull(s).schema.format);
  const examples = idExamples(create, status);
  let guess: IdsGuess;
  if (formats.includes('uuid')) guess = { ids: { format: 'uuid' }, why: 'the id is format: uuid' };
  else if (examples.length && examples.every((e) => UUID.test(e))) guess = { ids: { format: 'uuid' }, why: `the documented ids are uuids (${examples[0]})` };
  else {
    const shaped = examples.map((e) => TOKEN.exec(e)).find((m) => m !== null);
    guess = shaped
      ? {
          ids: { format: 'token', ...(shaped[1] ? { prefix: shaped[1] } : {}), length: shaped[2].length },
          why: `shaped like the documented id ${shaped[0]}: ${shaped[1] ? `prefix ${shaped[1]}, then ` : ''}${shaped[2].length} characters`,
        }
      : { ids: { format: 'token', length: 26 }, why: 'DECIDE: the spec shows no id: 26 random characters (Crockford base32)' };
  }
  const pattern = unwrapNull(param?.schema).schema.pattern;
  if (typeof pattern === 'string') {
    const sample =
      guess.ids.format === 'uuid'
        ? '3fa85f64-5717-4562-b3fc-2c963f66afa6'
        : `${guess.ids.prefix ?? ''}${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'.repeat(2).slice(0, guess.ids.length)}`;
    let matches = true;
    try {
      matches = new RegExp(pattern, 'u').test(sample);
    } catch {
      // a pattern JavaScript cannot read: nothing to check against
    }
    if (!matches) guess.decide = `DECIDE: ids like ${sample} do not match the parameter's pattern ${pattern}`;
  }
  return guess;
}
