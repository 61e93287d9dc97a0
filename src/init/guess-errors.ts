// The error catalog guessed from the error answers the job operations document: the status of a
// request that breaks its schema, the envelopes errors are rendered in (grouped by shape in
// ./error-shapes.ts), FastAPI's 422 details; and where they document none, the error answers assumed.
import { note } from './commented-yaml.js';
import { isObject, mediaOf, objectShape, sampleOf, typeOf } from './schema-view.js';
import { fits, planErrors, type ErrorBody, type ErrorPlan } from './error-shapes.js';
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
function assumedAnswers(validationStatus: number, options: { jobIds: boolean; cancel: boolean }, documented?: Schema): unknown {
  const schema = documented ?? { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };
  const statuses = [String(validationStatus), '401', ...(options.jobIds ? ['404'] : []), ...(options.cancel ? ['409'] : [])];
  const answers = Object.fromEntries(statuses.map((status) => [status, { mediaType: 'application/json', schema }]));
  return note(answers, undefined, [
    "the job operations document no error answer, so the twin's are assumed: the suite accepts",
    'their statuses, and holds a target to this media type and schema only with --strict.',
    'DECIDE: the media type and body the service really answers (application/problem+json?)',
  ]);
}

export interface ErrorsGuess {
  /** the root's errors */
  root: Record<string, unknown>;
  /** an operation's own errors, where its error bodies have another shape than the root's templates */
  own: Map<SpecOperation, Record<string, unknown>>;
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json\b/i;

/** Every documented error body with a JSON schema (a 4xx or 5xx status), the preferred source of the envelope first. */
function errorBodies(jobOps: SpecOperation[], all: SpecOperation[], skip422: boolean): Array<ErrorBody<SpecOperation>> {
  const out: Array<ErrorBody<SpecOperation>> = [];
  const add = (op: SpecOperation, status: string) => {
    if (!/^[45]\d\d$/.test(status) || (status === '422' && skip422) || out.some((b) => b.op === op && b.status === status)) return;
    const media = mediaOf(op.operation.responses?.[status]?.content);
    if (!media || !JSON_MEDIA.test(media.type) || !isObject(media.media.schema)) return;
    const schema = errorSchema(op, status);
    out.push({ op, status, schema: media.media.schema, ...(schema ? { envelope: envelopeOf(schema) } : {}) });
  };
  // a missing job, then a bad request, then any, on the job operations first
  for (const status of ['404', '400', '422', '401', '409', '403']) for (const op of jobOps) add(op, status);
  for (const op of [...jobOps, ...all]) for (const status of op.statuses) add(op, status);
  return out;
}

const listOps = (bodies: Array<ErrorBody<SpecOperation>>) => {
  const keys = [...new Set(bodies.map((b) => opKey(b.op)))];
  return keys.length > 1 ? `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}` : keys.join('');
};

/**
 * The errors of the root and of the operations that need their own. `ops`: the job operations, the
 * create first; `all`: every operation of the spec (the twin answers errors on each); `owners`: the
 * operations a draft gives an x-jobtwin (a role's), the only ones that can hold their own templates.
 */
export function guessErrors(
  ops: SpecOperation[],
  options: { jobIds: boolean; cancel: boolean; all?: SpecOperation[]; owners?: SpecOperation[] } = { jobIds: true, cancel: false },
): ErrorsGuess {
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
  const owners = new Set(options.owners ?? ops);
  const bodies = errorBodies(ops, options.all ?? ops, !!style);
  const plan = planErrors(bodies, (op) => owners.has(op));
  const own = new Map<SpecOperation, Record<string, unknown>>();
  if (!plan) {
    errors.envelope = note(
      { message: '{{error.message}}' },
      undefined,
      'DECIDE: the spec documents no error body of these operations: every error answers this',
    );
    if (!ops.some(documentsErrors)) errors.assumed = assumedAnswers(validationStatus, options);
    return { root: errors, own };
  }
  // the job operations document no error: the envelope is the one the rest of the document answers in,
  // and a status's own shape there (another operation's 404) says nothing of these operations
  const documented = ops.some(documentsErrors);
  if (!documented) plan.byStatus.clear();
  const source = plan.envelope;
  // bodies no template fits, but for those an operation's own DECIDE already names
  // (of the operations the draft serves: with an overlay, the twin answers no other)
  const left = bodies.filter((b) => owners.has(b.op) && !plan.own.get(b.op)?.byStatus.has(b.status) && !fits(templateFor(plan, b), b));
  errors.envelope = note(source.envelope, undefined, [
    `the body of ${opKey(source.op)}'s ${source.status}, for every error not drafted below in another shape (it fits ${plan.fits.root} of the ${plan.fits.of} documented error bodies)`,
    ...(left.length
      ? [`DECIDE: no drafted template fits the error bodies of ${left.map((b) => `${opKey(b.op)}'s ${b.status}`).join(', ')}: write the shape they answer in`]
      : []),
  ]);
  const byStatus: Record<string, unknown> = {};
  for (const [status, body] of plan.byStatus) {
    const sharing = bodies.filter((b) => b.status === status && fits(body.envelope, b));
    byStatus[status] = note(body.envelope, undefined, `every ${status} in its own shape: the body of the ${status} of ${listOps(sharing)}`);
  }
  if (style) byStatus['422'] = { detail: note('{{error.details}}', 'the validation details') };
  if (Object.keys(byStatus).length) errors.byStatus = byStatus;
  if (!documented) errors.assumed = assumedAnswers(validationStatus, options, source.schema);
  for (const [op, mine] of plan.own) {
    const errs: Record<string, unknown> = {};
    if (mine.envelope) {
      errs.envelope = note(
        mine.envelope.envelope,
        undefined,
        `${opKey(op)} answers its errors in another shape: the body of ${opKey(mine.envelope.op)}'s ${mine.envelope.status}`,
      );
    }
    const perStatus: Record<string, unknown> = {};
    for (const [status, { body, fits: ok }] of mine.byStatus) {
      perStatus[status] = ok
        ? note(body.envelope, undefined, `its ${status} has another shape: the body of ${opKey(body.op)}'s ${body.status}`)
        : note(body.envelope && Object.keys(body.envelope).length ? body.envelope : { message: '{{error.message}}' }, undefined, [
            `DECIDE: no drafted template fits the ${status} schema of ${opKey(op)}: write the body it answers`,
          ]);
    }
    if (Object.keys(perStatus).length) errs.byStatus = perStatus;
    own.set(op, errs);
  }
  return { root: errors, own };
}

/** The template the plan renders a body with, most specific first, as the twin does. */
function templateFor(plan: ErrorPlan<SpecOperation>, body: ErrorBody<SpecOperation>): Record<string, unknown> | undefined {
  const mine = plan.own.get(body.op);
  const perStatus = mine?.byStatus.get(body.status);
  if (perStatus) return perStatus.body.envelope;
  return (mine?.envelope ?? plan.byStatus.get(body.status) ?? plan.envelope).envelope;
}
