// `jobtwin init`: drafts the OpenAPI Overlay that turns a vendor's unedited spec into a twin. The job
// operations are found by shape, the lifecycle by the names of the status values, and every guess is
// written down with its reason; what only a person can know is marked `# DECIDE:`.
import { basename } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { ROLES } from '../spec/extension-schema.js';
import type { Role } from '../spec/extension-types.js';
import { checkVersion } from '../spec/read-document.js';
import { SpecError } from '../spec/spec-error.js';
import { isOpenApi30, upgrade30 } from '../spec/upgrade-30.js';
import { comments, note, plain, toYaml } from './commented-yaml.js';
import { draftRoot } from './draft-root.js';
import { findRoles, type FoundRoles, type JobFound } from './find-roles.js';
import { guessErrors } from './guess-errors.js';
import { guessIds } from './guess-ids.js';
import { guessLifecycle, type LifecycleGuess } from './guess-lifecycle.js';
import { guessList, listItemExamples } from './guess-list.js';
import { guessRetention } from './guess-retention.js';
import { RESULT_NAMES, templatable, templateOf, type TemplateContext } from './guess-templates.js';
import { fileProperties } from '../validation/request.js';
import { enumValues, fullSampleOf, mediaExamples, mediaOf, objectShape, typeOf } from './schema-view.js';
import { findField, opKey, specOperations, statesOf, statusScore, type SpecOperation } from './spec-operations.js';

type Schema = Record<string, any>;

export interface Draft {
  /** the overlay as written, comments included */
  yaml: string;
  /** the overlay's data */
  overlay: Record<string, any>;
  /** the operation found for each role, and why */
  roles: Partial<Record<Role, { method: string; path: string; why: string }>>;
  lifecycle: LifecycleGuess;
  /** where the states were read: a status field's enum, its documented examples, or nowhere (placeholders) */
  statesFrom: 'enum' | 'examples' | 'placeholders';
  /** what could not be found: the draft is incomplete while any is left */
  missing: string[];
  /** how many `DECIDE:` marks the draft holds */
  decisions: number;
}

/** Placeholder states where the spec documents none: a common lifecycle to start from. */
const PLACEHOLDER_STATES = ['queued', 'running', 'succeeded', 'failed'];

export async function draftOverlay(raw: Record<string, any>, options: { file: string; name?: string; out?: string }): Promise<Draft> {
  const version = String(raw.openapi);
  const upgraded = isOpenApi30(raw) ? upgrade30(raw) : raw;
  checkVersion(options.file, upgraded);
  let document: Schema;
  try {
    document = (await SwaggerParser.dereference(structuredClone(upgraded) as any)) as Schema;
  } catch (error) {
    throw new SpecError(`${options.file}: its $refs cannot be resolved: ${(error as Error).message}`);
  }
  const ops = specOperations(document);
  const found = findRoles(ops);
  const missing: string[] = [];
  if (!found.create) missing.push('no create operation (a POST on a collection that answers 201/202 or an object with an id)');
  if (!found.status) missing.push("no status operation (a GET on a path with the job's id whose answer has a status field)");

  const statesFound = statesFrom(found);
  const states = statesFound?.states ?? PLACEHOLDER_STATES;
  if (!statesFound && found.status) missing.push(`no status values: ${opKey(found.status.op)} documents no enum or example for its status field`);
  const lifecycle = guessLifecycle(states, found.cancel ? { conflict: found.cancel.op.statuses.includes('409') } : undefined);
  missing.push(...lifecycle.missing.map((m) => `no ${m} among ${states.join(', ')}`));

  const result = resultOf(found);
  const jobTypes = jobTypesOf(found);
  const ctx: TemplateContext = {
    resultSchema: result?.schema,
    spreadResult: result?.spread,
    jobType: !!jobTypes,
    fileField: fileFieldOf(found),
    inputFields: inputFieldsOf(found),
  };
  const actions: unknown[] = [];
  const roles: Draft['roles'] = {};
  let attemptsField: string | undefined;
  for (const role of ROLES) {
    const hit = found[role];
    if (!hit) continue;
    roles[role] = { method: hit.op.method, path: hit.op.path, why: hit.why };
    const ext = operationExtension(role, found, states, ctx);
    attemptsField ??= findBinding(ext, 'job.attempts');
    actions.push(
      note({ target: targetOf(hit.op), description: `role ${role}`, update: { 'x-jobtwin': ext } }, undefined, `${role}: ${opKey(hit.op)}: ${hit.why}`),
    );
  }

  const errors = guessErrors([found.create?.op, found.status?.op, found.cancel?.op, found.results?.op].filter((op): op is SpecOperation => !!op));
  const root = draftRoot({
    name: nameOf(document, options.name),
    ids: guessIds(found.create, found.status),
    lifecycle,
    statesFrom: statesFound
      ? {
          text:
            statesFound.from === 'enum'
              ? `the enum of ${statesFound.where}`
              : `the values the examples of ${statesFound.where} show: the spec has no enum, so states may be missing`,
          decide: statesFound.from !== 'enum',
        }
      : { text: "the spec documents no status values: these are placeholders, put the API's own", decide: true },
    cancelOp: found.cancel ? opKey(found.cancel.op) : undefined,
    retention: guessRetention([document.info?.description, ...[found.status, found.list, found.results, found.create].map((f) => f?.op.operation.description)]),
    attemptsField,
    result: result && {
      value: fullSampleOf(result.schema),
      why: `the result of a successful job: ${result.why}; a fixed value the schema accepts (templates may quote {{job.input.…}})`,
    },
    jobTypes,
    errors: errors.errors,
    security: securityNote(document),
  });
  const absent = (['create', 'status'] as const)
    .filter((role) => !found[role])
    .map(
      (role) => `DECIDE: no operation found for role ${role}: add an action whose target is its JSONPath and whose update is {x-jobtwin: {role: ${role}, …}}`,
    );
  actions.unshift(
    note({ target: '$', description: 'the job lifecycle', update: { 'x-jobtwin': root } }, undefined, [
      'the lifecycle, the simulation and the errors of the whole API',
      ...absent,
    ]),
  );

  const title = `${document.info?.title ?? basename(options.file)}${document.info?.version ? ` ${document.info.version}` : ''}`;
  const overlay = {
    overlay: '1.0.0',
    info: { title: `jobtwin lifecycle for ${document.info?.title ?? basename(options.file)}`, version: '0.1.0' },
    extends: basename(options.file),
    actions,
  };
  const decisions = comments(overlay).filter((c) => c.startsWith('DECIDE:')).length;
  const header = [
    `An OpenAPI Overlay drafted by \`jobtwin init\` from ${basename(options.file)} (${title}, OpenAPI ${version}). It declares the twin's x-jobtwin beside the vendor's file, which stays as published.`,
    `Each guess says why in a comment; \`# DECIDE:\` marks what only you can settle (${decisions} place${decisions === 1 ? '' : 's'}).`,
    `Serve it: jobtwin mock --spec ${options.file} --overlay ${options.out ?? '<this file>'}`,
    ...(missing.length ? ['INCOMPLETE: ' + missing.join('; ')] : []),
  ];
  return {
    yaml: toYaml(overlay, header),
    overlay: plain(overlay) as Record<string, any>,
    roles,
    lifecycle,
    statesFrom: statesFound?.from ?? 'placeholders',
    missing,
    decisions,
  };
}

/** The states: an enum first (status, list items, results, create), else the values examples show. */
function statesFrom(found: FoundRoles): { states: string[]; from: 'enum' | 'examples'; where: string } | undefined {
  const sources: Array<{ op: SpecOperation; schema: unknown; examples: unknown[] }> = [];
  const add = (op: SpecOperation | undefined, schema: unknown, examples: unknown[]) => op && sources.push({ op, schema, examples });
  add(found.status?.op, found.status?.op.success?.schema, mediaExamples(found.status?.op.success?.media));
  if (found.list) add(found.list.op, found.list.items, listItemExamples(found.list));
  add(found.results?.op, found.results?.op.success?.schema, mediaExamples(found.results?.op.success?.media));
  add(found.create?.op, found.create?.op.success?.schema, mediaExamples(found.create?.op.success?.media));
  const read = sources.map(({ op, schema, examples }) => {
    const field = findField(schema, statusScore);
    return { op, field, states: field ? statesOf(examples, field) : undefined };
  });
  const pick = read.find((r) => r.states?.from === 'enum') ?? read.find((r) => r.states);
  if (!pick?.states || !pick.field) return undefined;
  return { ...pick.states, where: `/${pick.field.path.join('/')} in ${opKey(pick.op)}` };
}

/** Where job.result goes: a result-like field of the results or status answer, or the results answer's own fields. */
function resultOf(found: FoundRoles): { schema: Schema; spread: boolean; why: string } | undefined {
  const resultField = (schema: unknown) => findField(schema, (name) => (RESULT_NAMES.includes(name.toLowerCase().replace(/[^a-z0-9]/g, '')) ? 1 : 0), 0);
  const results = found.results?.op.success?.schema;
  if (results && templatable(results)) {
    const field = resultField(results);
    if (field) return { schema: field.schema, spread: false, why: `/${field.path[0]} of ${opKey(found.results!.op)}` };
    const { properties, required } = objectShape(results);
    const parts = Object.fromEntries(Object.entries(properties).filter(([name]) => !required.has(name) && !statusScore(name, properties[name])));
    if (Object.keys(parts).length)
      return { schema: { type: 'object', properties: parts }, spread: true, why: `the optional fields of ${opKey(found.results!.op)}` };
  }
  const status = found.status?.op.success?.schema;
  const field = status ? resultField(status) : undefined;
  return field ? { schema: field.schema, spread: false, why: `/${field.path[0]} of ${opKey(found.status!.op)}` } : undefined;
}

/** The create request's one file field, when it uploads a file (multipart): answers may name that file. */
function fileFieldOf(found: FoundRoles): string | undefined {
  const body = mediaOf(found.create?.op.operation.requestBody?.content);
  if (!body || !/^multipart\//i.test(body.type)) return undefined;
  const properties = objectShape(body.media.schema).properties;
  const files = [...fileProperties({ properties })].filter((name) => typeOf(properties[name]) !== 'array');
  return files.length === 1 ? files[0] : undefined;
}

/** The create request's top-level JSON properties, with whether each is required. */
function inputFieldsOf(found: FoundRoles): Map<string, { required: boolean; type?: string }> | undefined {
  const body = mediaOf(found.create?.op.operation.requestBody?.content);
  if (!body || !/json/i.test(body.type)) return undefined;
  const { properties, required } = objectShape(body.media.schema);
  return new Map(Object.entries(properties).map(([name, schema]) => [name, { required: required.has(name), type: typeOf(schema) }]));
}

/** Job types, when the status answer has a type field with an enum. */
function jobTypesOf(found: FoundRoles): { values: string[]; field: string } | undefined {
  const schema = found.status?.op.success?.schema;
  const field = findField(
    schema,
    (name, s) => (['type', 'jobtype', 'kind'].includes(name.toLowerCase().replace(/[^a-z]/g, '')) && enumValues(s).length ? 1 : 0),
    0,
  );
  return field ? { values: enumValues(field.schema), field: `/${field.path.join('/')}` } : undefined;
}

function operationExtension(role: Role, found: FoundRoles, states: string[], ctx: TemplateContext): Record<string, unknown> {
  if (role === 'list') return guessList(found.list!, states, ctx);
  const hit = found[role]!;
  const op = hit.op;
  const ext: Record<string, unknown> = { role };
  if (role !== 'create') ext.jobId = note({ in: 'path', name: (hit as JobFound).jobParam }, 'the path parameter that names the job');
  const lowest = op.statuses.filter((s) => /^2\d\d$/.test(s)).sort()[0];
  if (op.success && String(op.success.status) !== lowest) ext.status = note(op.success.status, 'the success answer that has a body');
  const schema = op.success?.schema;
  const forced = role === 'create' && found.create?.id ? new Map([[found.create.id.path.join('/'), 'job.id']]) : undefined;
  const examples = mediaExamples(op.success?.media);
  if (schema && templatable(schema)) ext.body = templateOf(schema, { ...ctx, forced, examples, spreadResult: role === 'results' && ctx.spreadResult });
  else if (schema && typeOf(schema) === 'array') ext.body = note([], 'DECIDE: the answer is an array: jobtwin answers a job as an object');
  else ext.body = note(role === 'create' ? { id: '{{job.id}}' } : {}, `DECIDE: the ${op.success?.status ?? '2xx'} answer documents no JSON body`);
  return ext;
}

/** The property a template binds to `expr`, if any (for the note on how attempts are counted). */
function findBinding(ext: unknown, expr: string, key = ''): string | undefined {
  const value = plain(ext);
  if (typeof value === 'string') return value.startsWith(`{{${expr}`) ? key : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const hit = findBinding(v, expr, k);
    if (hit) return hit;
  }
  return undefined;
}

/** `$.paths['/v1/batches'].post`: JSONPath (RFC 9535) to an operation. */
export function targetOf(op: Pick<SpecOperation, 'method' | 'path'>): string {
  return `$.paths['${op.path.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'].${op.method}`;
}

const STOP_WORDS = new Set([
  'api',
  'apis',
  'the',
  'documentation',
  'docs',
  'service',
  'rest',
  'openapi',
  'spec',
  'specification',
  'of',
  'for',
  'and',
  'http',
  'public',
]);

function nameOf(document: Schema, given?: string): { value: string; why: string } {
  if (given) return { value: given, why: 'given with --name' };
  const words = String(document.info?.title ?? '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP_WORDS.has(w) && !/^v\d+$/.test(w));
  let value = words.slice(0, 2).join('-') || 'api';
  if (!/^[a-z]/.test(value)) value = `api-${value}`;
  return { value, why: 'from info.title: the mount prefix (/NAME) and the --api name' };
}

function securityNote(document: Schema): string {
  const schemes = Object.entries<any>(document.components?.securitySchemes ?? {});
  const bearer = schemes.filter(([, s]) => s?.type === 'http' && String(s.scheme).toLowerCase() === 'bearer').map(([n]) => n);
  const other = schemes.filter(([n]) => !bearer.includes(n)).map(([n, s]) => `${n} (${s?.type}${s?.in ? ` in ${s.in}` : ''})`);
  if (!schemes.length) return 'The spec declares no security scheme: clients of the twin must still send a bearer token.';
  if (!other.length) return `The spec's security scheme${bearer.length === 1 ? '' : 's'} ${bearer.join(', ')}: HTTP bearer, as the twin reads it.`;
  return `The spec also declares ${other.join(', ')}: the twin reads only bearer tokens, so clients must send one.`;
}
