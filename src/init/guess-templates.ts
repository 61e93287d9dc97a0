// Response templates built from response schemas: each property a job field can fill is bound to it
// by its name and type (created_at → {{job.createdAt|iso}}, processedOn → {{job.startedAt|epochMs}}, an
// integer created_at in seconds → {{job.createdAt|unix}}),
// nested envelopes ({data: {...}}) are followed, and a required property nothing fills gets a fixed
// value the schema accepts. Every binding says why in a comment.
import { note } from './commented-yaml.js';
import { isObject, objectShape, sampleOf, typeOf, unwrapNull, valueAt } from './schema-view.js';
import { idScore, statusScore } from './spec-operations.js';
import { REMOVED_NAMES } from './guess-data-removal.js';

type Schema = Record<string, any>;

export interface TemplateContext {
  /** the schema job.result renders into, when the spec shows one */
  resultSchema?: Schema;
  /** results spread over the answer: unknown optional properties come from job.result.<name> */
  spreadResult?: boolean;
  /** simulation.jobType is declared, so job.type has a value */
  jobType?: boolean;
  /** forced bindings by property path (the create answer's id found by shape) */
  forced?: Map<string, string>;
  /** the answers the spec documents as examples: a required property nothing fills takes its value there */
  examples?: unknown[];
  /** the create request's file field (multipart): a file name in an answer is that file's */
  fileField?: string;
  /** the create request's top-level properties (JSON): an answer that echoes one quotes the request */
  inputFields?: Map<string, { required: boolean; type?: string }>;
  /** the job's states: a status field whose enum holds none of them is some other thing's status */
  states?: string[];
  /** a deadline is drafted (lifecycle.deadlines): an expiry time is job.deadlineAt */
  deadline?: boolean;
  /** the properties of the object at hand named after a state (`in_progress_at`): each that state's entry time */
  stamps?: Map<string, string>;
}

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const TIMES: Array<[string, string[]]> = [
  ['createdAt', ['createdat', 'created', 'createdon', 'creationtime', 'createtime', 'submittedat', 'submittedon', 'queuedat', 'enqueuedat', 'requestedat']],
  ['startedAt', ['startedat', 'starttime', 'startedon', 'processedon', 'processedat', 'runningat', 'processingstartedat']],
  ['finishedAt', ['finishedat', 'finishedon', 'completedat', 'completedon', 'endedat', 'endtime', 'doneat', 'finishtime', 'completiontime']],
  ['updatedAt', ['updatedat', 'updatedon', 'modifiedat', 'lastupdated', 'lastupdatedat', 'updatetime', 'lastmodified']],
];
const NULLABLE_FIELDS = new Set(['startedAt', 'finishedAt', 'enteredAt', 'deadlineAt', 'error', 'failedReason', 'result', 'optionalEcho']);
const EXPIRY = ['expiresat', 'expireat', 'expiresatutc', 'expiration', 'expirationtime', 'expirytime', 'deadline', 'deadlineat'];
const TIME_TYPES = new Set(['string', 'integer', 'number']);

/**
 * Properties named after states with a time suffix (OpenAI's in_progress_at, finalizing_at, failed_at):
 * where an object has two or more, each is its state's entry time rather than a generic time.
 */
export function stateStamps(properties: Record<string, unknown>, states: string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const state of states ?? []) {
    for (const suffix of ['at', 'on', 'time']) {
      // a creation time stays one (a state named created is entered at creation anyway)
      const name = Object.keys(properties).find((p) => squash(p) === squash(state) + suffix && !TIMES[0][1].includes(squash(p)));
      if (name && !out.has(name)) out.set(name, state);
    }
  }
  return out.size >= 2 ? out : new Map();
}

/** A time property's filter: iso for strings, seconds or milliseconds for numbers. */
const timeFilter = (name: string, schema: Schema) => {
  const type = typeOf(schema);
  return type === 'string' || type === undefined ? isoFor(schema) : numericTime(name, schema);
};
export const RESULT_NAMES = ['result', 'results', 'output', 'outputs', 'resultdata', 'outputdata'];

/** A job field for a property: the template expression and why. */
function bindingFor(name: string, schema: Schema, ctx: TemplateContext): { field: string; expr: string; why: string } | undefined {
  const n = squash(name);
  const type = typeOf(schema);
  if (idScore(name, schema) >= 3) return { field: 'id', expr: 'job.id', why: "the job's id" };
  if (statusScore(name, schema) >= 3 && holdsStates(schema, ctx.states)) return { field: 'status', expr: 'job.status', why: "the job's state" };
  const stamped = ctx.stamps?.get(name);
  if (stamped !== undefined && (type === undefined || TIME_TYPES.has(type))) {
    const filter = timeFilter(name, schema);
    return { field: 'enteredAt', expr: `job.enteredAt.${stamped}|${filter}`, why: `when the job entered ${stamped}, ${TIME_WORDS[filter]}` };
  }
  if (ctx.deadline && EXPIRY.includes(n) && (type === undefined || TIME_TYPES.has(type))) {
    const filter = timeFilter(name, schema);
    return { field: 'deadlineAt', expr: `job.deadlineAt|${filter}`, why: `the job's deadline (lifecycle.deadlines), ${TIME_WORDS[filter]}` };
  }
  for (const [field, names] of TIMES) {
    if (!names.includes(n) || (type !== undefined && !TIME_TYPES.has(type))) continue;
    const filter = timeFilter(name, schema);
    return {
      field,
      expr: `job.${field}|${filter}`,
      why: `${field === 'startedAt' ? 'the start of the latest attempt' : field}, ${TIME_WORDS[filter]}`,
    };
  }
  if (type === 'boolean' && REMOVED_NAMES.includes(n))
    return { field: 'dataRemoved', expr: 'job.dataRemoved', why: "whether the job's data is removed (lifecycle.dataRemoval)" };
  if ((type === 'string' || type === undefined) && n === 'failedreason')
    return { field: 'failedReason', expr: 'job.failedReason', why: 'the latest failed attempt' };
  if ((type === 'string' || type === undefined) && ['error', 'errormessage', 'failurereason', 'failuremessage', 'lasterror', 'errordetail'].includes(n))
    return { field: 'error', expr: 'job.error', why: 'the failure reason once the job failed' };
  if ((type === 'integer' || type === 'number') && ['attempts', 'attemptsmade', 'attempt', 'attemptcount', 'tries', 'trycount'].includes(n))
    return { field: 'attempts', expr: 'job.attempts', why: 'attempts so far' };
  if (ctx.jobType && ['type', 'jobtype', 'kind'].includes(n) && type === 'string') return { field: 'jobType', expr: 'job.type', why: "the job's type" };
  if (ctx.fileField && n === 'filename' && (type === 'string' || type === undefined))
    return { field: 'input', expr: `job.input.${ctx.fileField}.filename`, why: `the name of the file uploaded as ${ctx.fileField}` };
  if (ctx.resultSchema && RESULT_NAMES.includes(n) && sameSchema(schema, ctx.resultSchema))
    return { field: 'result', expr: 'job.result', why: 'the result, once the job succeeded' };
  const echoed = ctx.inputFields?.get(name);
  if (echoed && (echoed.type === undefined || type === undefined || echoed.type === type))
    return { field: echoed.required ? 'echo' : 'optionalEcho', expr: `job.input.${name}`, why: 'as the create request gave it' };
  if (type === 'object' && ['input', 'request', 'params', 'parameters', 'payload', 'data'].includes(n) && !Object.keys(objectShape(schema).properties).length)
    return { field: 'input', expr: 'job.input', why: 'the request that created the job' };
  return undefined;
}

/** A status field whose values (its enum, when it has one) include the job's states. */
function holdsStates(schema: Schema, states: string[] | undefined): boolean {
  const values = unwrapNull(schema).schema.enum;
  // AssemblyAI's auto_highlights_result.status (success, unavailable) is not the transcript's
  return !states || !Array.isArray(values) || states.some((s) => values.includes(s));
}

const TIME_WORDS = { iso: 'ISO 8601', isoNaive: 'ISO 8601 without the zone (its pattern allows none)', epochMs: 'epoch ms', unix: 'unix seconds' } as const;

/** iso, unless the schema's pattern refuses a zone that a naive time passes (AssemblyAI's `created`) */
function isoFor(schema: Schema): 'iso' | 'isoNaive' {
  if (typeof schema.pattern !== 'string') return 'iso';
  try {
    const pattern = new RegExp(schema.pattern, 'u');
    return !pattern.test('2026-01-01T00:00:00.000Z') && pattern.test('2026-01-01T00:00:00.000') ? 'isoNaive' : 'iso';
  } catch {
    return 'iso';
  }
}

/**
 * A numeric time in seconds or milliseconds: what the schema says (its description, or an example's
 * size), else the naming habit (`created_at` integers are seconds at OpenAI, Stripe and most snake_case
 * APIs; `processedOn`, `timestamp` are BullMQ's and JavaScript's milliseconds).
 */
function numericTime(name: string, schema: Schema): 'epochMs' | 'unix' {
  const inner = unwrapNull(schema).schema;
  const words = [schema.description, schema.title, inner.description, inner.title]
    .filter((w) => typeof w === 'string')
    .join(' ')
    .toLowerCase();
  if (/milli|\bms\b/.test(words)) return 'epochMs';
  if (/second|unix|epoch/.test(words)) return 'unix';
  const example = [inner.example, ...(Array.isArray(inner.examples) ? inner.examples : [])].find((e) => typeof e === 'number');
  if (example !== undefined) return example < 1e11 ? 'unix' : 'epochMs';
  return /_at$|_on$/.test(name) ? 'unix' : 'epochMs';
}

function sameSchema(a: Schema, b: Schema): boolean {
  if (a === b || unwrapNull(a).schema === unwrapNull(b).schema) return true;
  try {
    return JSON.stringify(unwrapNull(a).schema) === JSON.stringify(unwrapNull(b).schema);
  } catch {
    return false; // circular
  }
}

/** `{{expr}}`, or `{{expr?}}` (left out while empty) where the schema does not allow null there. */
function placeholder(field: string, expr: string, schema: Schema, required: boolean): { text: string; decide?: string } {
  if (!NULLABLE_FIELDS.has(field) || unwrapNull(schema).nullable) return { text: `{{${expr}}}` };
  if (!required) return { text: `{{${expr}?}}` };
  const when = field === 'optionalEcho' ? 'the create request may leave it out' : `${field} is empty until the job gets there`;
  return { text: `{{${expr}?}}`, decide: `DECIDE: the schema requires this and allows no null, but ${when}` };
}

/**
 * The template of an object answer. `path` is where it sits (for forced bindings); `depth` bounds
 * envelopes. Properties nothing fills are left out unless required.
 */
export function templateOf(schema: unknown, ctx: TemplateContext, path: string[] = [], depth = 0): Record<string, unknown> {
  const { properties, required } = objectShape(schema);
  const out: Record<string, unknown> = {};
  ctx = { ...ctx, stamps: stateStamps(properties, ctx.states) };
  for (const [name, sub] of Object.entries(properties)) {
    if (!isObject(sub)) continue;
    const at = [...path, name];
    const isRequired = required.has(name);
    const forced = ctx.forced?.get(at.join('/'));
    if (forced) {
      out[name] = note(`{{${forced}}}`, "the new job's id");
      continue;
    }
    const binding = bindingFor(name, sub, ctx);
    if (binding) {
      const { text, decide } = placeholder(binding.field, binding.expr, sub, isRequired);
      out[name] = note(text, decide ?? binding.why);
      continue;
    }
    if (ctx.spreadResult && depth === 0 && !isRequired) {
      out[name] = note(`{{job.result.${name}?}}`, 'part of the result: there once the job succeeded');
      continue;
    }
    if (typeOf(sub) === 'object' && Object.keys(objectShape(sub).properties).length && depth < 3) {
      const inner = templateOf(sub, ctx, at, depth + 1);
      if (Object.keys(inner).length || isRequired) out[name] = inner;
      continue;
    }
    if (!isRequired) continue;
    if (typeOf(sub) === 'boolean' && ['success', 'ok'].includes(squash(name))) {
      out[name] = note(true, 'a successful answer');
      continue;
    }
    const documented = (ctx.examples ?? []).map((example) => valueAt(example, at)).find((value) => value !== undefined && value !== null);
    out[name] =
      documented !== undefined
        ? note(documented, "required, and no job field fills it: the documented example's value")
        : note(sampleOf(sub), 'required, and no job field fills it: a fixed value the schema accepts');
  }
  return out;
}

/** Whether a response schema is an object a template can be built from. */
export const templatable = (schema: unknown) => typeOf(schema) === 'object';
