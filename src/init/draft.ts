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
import { guessList } from './guess-list.js';
import { guessRetention } from './guess-retention.js';
import { templatable, templateOf, type TemplateContext } from './guess-templates.js';
import { fullSampleOf, mediaExamples, typeOf } from './schema-view.js';
import { guessCreateExtras } from './guess-create-extras.js';
import { guessDeadline } from './guess-deadline.js';
import { guessDataRemoval } from './guess-data-removal.js';
import { fileFieldOf, inputFieldsOf, jobTypesOf, nameOf, resultOf, securityNote, statesFrom } from './spec-facts.js';
import { opKey, specOperations, type SpecOperation } from './spec-operations.js';

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
  const deadline = guessDeadline(found.create?.op);
  const lifecycle = guessLifecycle(
    states,
    found.cancel ? { conflict: found.cancel.op.statuses.includes('409') } : undefined,
    deadline && { cancels: /cancel/i.test(deadline.param.name) },
  );
  missing.push(...lifecycle.missing.map((m) => `no ${m} among ${states.join(', ')}`));

  const result = resultOf(found);
  const jobTypes = jobTypesOf(found);
  const ctx: TemplateContext = {
    resultSchema: result?.schema,
    spreadResult: result?.spread,
    jobType: !!jobTypes,
    fileField: fileFieldOf(found),
    inputFields: inputFieldsOf(found),
    states: statesFound?.states,
    deadline: lifecycle.deadlineTo !== undefined,
  };
  const roleOps = ROLES.flatMap((role) => (found[role] ? [found[role].op] : []));
  // the errors first: an operation whose error bodies have their own shape holds its own templates
  const errors = guessErrors(
    [found.create?.op, found.status?.op, found.cancel?.op, found.results?.op].filter((op): op is SpecOperation => !!op),
    {
      jobIds: !!(found.status || found.cancel || found.results),
      cancel: !!found.cancel,
      all: ops,
      owners: roleOps,
    },
  );
  const actions: unknown[] = [];
  const roles: Draft['roles'] = {};
  let attemptsField: string | undefined;
  for (const role of ROLES) {
    const hit = found[role];
    if (!hit) continue;
    roles[role] = { method: hit.op.method, path: hit.op.path, why: hit.why };
    const ext = operationExtension(role, found, states, ctx);
    if (role === 'create') Object.assign(ext, guessCreateExtras(hit.op, lifecycle));
    const ownErrors = errors.own.get(hit.op);
    if (ownErrors) ext.errors = ownErrors;
    attemptsField ??= findBinding(ext, 'job.attempts');
    actions.push(
      note({ target: targetOf(hit.op), description: `role ${role}`, update: { 'x-jobtwin': ext } }, undefined, `${role}: ${opKey(hit.op)}: ${hit.why}`),
    );
  }

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
    deadline: lifecycle.deadlineTo === undefined ? undefined : deadline,
    dataRemoval: guessDataRemoval(found.status?.op.success?.schema, [document.info?.description, found.status?.op.operation.description]),
    retention: guessRetention([document.info?.description, ...[found.status, found.list, found.results, found.create].map((f) => f?.op.operation.description)]),
    attemptsField,
    result: result && {
      value: fullSampleOf(result.schema),
      why: `the result of a successful job: ${result.why}; a fixed value the schema accepts (templates may quote {{job.input.…}})`,
    },
    jobTypes,
    errors: errors.root,
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
