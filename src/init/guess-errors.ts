// The error catalog guessed from the error answers the job operations document: the status of a
// request that breaks its schema, the envelope every error is rendered in, FastAPI's 422 details; and
// where they document none, the error answers assumed.
import { note } from './commented-yaml.js';
import { isObject, mediaOf, objectShape, sampleOf, typeOf } from './schema-view.js';
import { opKey, type SpecOperation } from './spec-operations.js';

type Schema = Record<string, any>;

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function errorSchema(op: SpecOperation, status: string): Schema | undefined {
  const schema = mediaOf(op.operation.responses?.[status]?.content)?.media.schema;
  return typeOf(schema) === 'object' && Object.keys(objectShape(schema).properties).length ? schema : undefined;
}

/** An error property filled by the error being answered, by its name and type. */
function errorField(name: string, schema: Schema, depth: number): unknown {
  const n = squash(name);
  const type = typeOf(schema);
  const text = type === 'string' || type === undefined;
  if (text && ['message', 'detail', 'msg', 'errordescription', 'errormessage', 'description', 'reason'].includes(n))
    return note('{{error.message}}', 'the message');
  if ((type === 'integer' || type === 'number') && ['status', 'statuscode', 'code', 'httpstatus'].includes(n))
    return note('{{error.status}}', 'the HTTP status');
  if (type === 'string' && ['code', 'errorcode', 'type'].includes(n)) return note('{{error.code}}', 'an UPPER_SNAKE code (NOT_FOUND)');
  if (type === 'string' && ['error', 'title'].includes(n)) return note('{{error.title}}', 'the reason phrase (Not Found)');
  if (type === 'object' && n === 'error' && depth === 0) return envelopeOf(schema, depth + 1);
  if (type === 'boolean' && ['success', 'ok'].includes(n)) return false;
  if (['timestamp', 'time'].includes(n)) return type === 'string' ? note('{{now|iso}}', 'the time') : note('{{now}}', 'the time');
  if (type === 'string' && ['path', 'instance'].includes(n)) return note('{{req.path}}', 'the request path');
  return undefined;
}

function envelopeOf(schema: Schema, depth = 0): Record<string, unknown> {
  const { properties, required } = objectShape(schema);
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(properties)) {
    if (!isObject(sub)) continue;
    const value = errorField(name, sub, depth);
    if (value !== undefined) out[name] = value;
    else if (required.has(name)) out[name] = note(sampleOf(sub), 'required: a fixed value the schema accepts');
  }
  return out;
}

/** FastAPI's 422: detail, an array of {loc, msg, type} (pydantic 2 adds input and ctx). */
function fastApiStyle(schema: Schema | undefined): 'pydantic' | 'fastapi' | undefined {
  if (!schema) return undefined;
  const detail = objectShape(schema).properties.detail;
  if (typeOf(detail) !== 'array') return undefined;
  const item = objectShape(detail.items).properties;
  if (!item.loc || !item.msg) return undefined;
  return item.input || item.ctx ? 'pydantic' : 'fastapi';
}

/** Whether the operation documents any error answer (4xx, 5xx, a range of them, or default). */
function documentsErrors(op: SpecOperation): boolean {
  return op.statuses.some((s) => /^[45]/.test(s) || s === 'default');
}

/**
 * The errors the twin answers though the vendor documents none (a bad request, no token, an unknown job,
 * a cancel too late), assumed in the envelope drafted above, so the suite does not fail a target for them.
 */
function assumedAnswers(validationStatus: number, options: { jobIds: boolean; cancel: boolean }): unknown {
  const schema = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };
  const statuses = [String(validationStatus), '401', ...(options.jobIds ? ['404'] : []), ...(options.cancel ? ['409'] : [])];
  const answers = Object.fromEntries(statuses.map((status) => [status, { mediaType: 'application/json', schema }]));
  return note(answers, undefined, [
    "the job operations document no error answer, so the twin's are assumed: the suite accepts",
    'their statuses, and holds a target to this media type and schema only with --strict.',
    'DECIDE: the media type and body the service really answers (application/problem+json?)',
  ]);
}

/** The root's errors; `ops`: the job operations, the create first. */
export function guessErrors(ops: SpecOperation[], options: { jobIds: boolean; cancel: boolean } = { jobIds: true, cancel: false }): Record<string, unknown> {
  const create = ops[0];
  const statuses = new Set(create?.statuses ?? []);
  const validationStatus = statuses.has('422') && !statuses.has('400') ? 422 : 400;
  const style = create ? fastApiStyle(errorSchema(create, '422')) : undefined;
  const errors: Record<string, unknown> = {
    validationStatus: note(
      validationStatus,
      create
        ? statuses.has('400') || statuses.has('422')
          ? `${opKey(create)} documents ${validationStatus === 422 ? '422 (and no 400)' : '400'}`
          : `DECIDE: the status of a bad request: ${opKey(create)} documents neither 400 nor 422`
        : 'DECIDE: the status of a bad request',
    ),
  };
  if (style) errors.validationStyle = note(style, `its 422 is FastAPI's {detail: [{loc, msg, type${style === 'pydantic' ? ', input, ctx' : ''}}]}`);
  // the envelope of the first documented error body: a missing job, then a bad request, then any
  const order = ['404', '400', '422', '401', '409', '403'];
  let source: { op: SpecOperation; status: string; schema: Schema } | undefined;
  for (const status of order) {
    for (const op of ops) {
      const schema = errorSchema(op, status);
      if (schema && !(status === '422' && style)) source ??= { op, status, schema };
    }
  }
  const envelope = source ? envelopeOf(source.schema) : {};
  if (!source || !Object.keys(envelope).length) {
    errors.envelope = note(
      { message: '{{error.message}}' },
      undefined,
      'DECIDE: the spec documents no error body of these operations: every error answers this',
    );
    if (!ops.some(documentsErrors)) errors.assumed = assumedAnswers(validationStatus, options);
    return errors;
  }
  errors.envelope = note(envelope, undefined, [
    `the body of ${opKey(source.op)}'s ${source.status}, for every error.`,
    'DECIDE: an operation whose errors have another shape gives its own errors.envelope in its x-jobtwin',
  ]);
  if (style) errors.byStatus = { '422': { detail: note('{{error.details}}', 'the validation details') } };
  return errors;
}
