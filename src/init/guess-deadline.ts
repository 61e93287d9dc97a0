// A deadline the create request gives, guessed from its shape: a body field or header whose name reads
// as a time limit (completion_window, deadline, timeout, ttl, Cancel-After) and whose documented values
// read as durations, in an API with a state a job ends in when its time runs out (expired, timed_out).
// OpenAI's batches: completion_window (enum ["24h"]) and expired.
import { requestedMs } from '../core/lifecycle/deadline.js';
import { enumValues, mediaOf, objectShape, schemaExamples, typeOf } from './schema-view.js';
import type { SpecOperation } from './spec-operations.js';

export interface DeadlineGuess {
  param: { in: 'body' | 'header'; name: string; unit?: 's' | 'ms' };
  /** the documented value to fall back on (the only enum value, the default), as given: "24h" */
  after?: string;
  /** where the window was read, for the note */
  why: string;
}

const LIMIT_NAME = /^(completion_?window|deadline|time_?limit|timeout|ttl|max_?duration|cancel_?after|expires?_?(after|in))$/i;
// Cancel-After → cancel_after: the pattern reads snake case (a camelCase name stays one word)
const snake = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/_+/g, '_');

/** The values a field documents (enum, example, default) that read as durations. */
function durations(schema: unknown): string[] {
  const values = [...enumValues(schema), ...schemaExamples(schema)].map((v) => (typeof v === 'number' ? String(v) : v));
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && Number.isFinite(requestedMs(v))))];
}

/** The unit of a bare number, when the field's words say milliseconds. */
function unitOf(schema: Record<string, any> | undefined): 's' | 'ms' | undefined {
  const words = `${schema?.description ?? ''} ${schema?.title ?? ''}`.toLowerCase();
  return /milli|\bms\b/.test(words) ? 'ms' : undefined;
}

export function guessDeadline(create: SpecOperation | undefined): DeadlineGuess | undefined {
  if (!create) return undefined;
  const body = mediaOf(create.operation.requestBody?.content);
  if (body && /json/i.test(body.type)) {
    for (const [name, schema] of Object.entries(objectShape(body.media.schema).properties)) {
      if (!LIMIT_NAME.test(snake(name))) continue;
      const type = typeOf(schema);
      if (type !== undefined && !['string', 'integer', 'number'].includes(type)) continue;
      const values = durations(schema);
      const unit = unitOf(schema);
      return {
        param: { in: 'body', name, ...(unit ? { unit } : {}) },
        ...(values.length === 1 ? { after: values[0] } : {}),
        why: `the create body's ${name}${values.length ? ` (${values.join(', ')})` : ''}`,
      };
    }
  }
  for (const p of create.operation.parameters ?? []) {
    if (p?.in !== 'header' || typeof p.name !== 'string' || !LIMIT_NAME.test(snake(p.name))) continue;
    const unit = unitOf(p) ?? unitOf(p.schema);
    return { param: { in: 'header', name: p.name, ...(unit ? { unit } : {}) }, why: `the create's ${p.name} header` };
  }
  return undefined;
}
