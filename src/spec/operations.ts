// Stage 3: every operation of the dereferenced document, with its extension checked and its
// templates compiled, and the index of lifecycle roles.
import { compileTemplate, type CompiledTemplate } from '../template/compile.js';
import { unknownField } from '../template/check.js';
import type { TemplateKind } from '../template/scopes.js';
import type { ErrorCatalog, OperationExtension, RootExtension } from './extension-types.js';
import { assumedResponses } from './assumed-errors.js';
import { METHODS, type ApiModel, type OperationModel, type RoleOperation } from './model.js';
import { operationView } from './operation-view.js';
import { checkListParams } from './list-params.js';
import { checkOperationExtension } from './root-extension.js';
import { SpecError, pointerPart } from './spec-error.js';

/**
 * Compiles a template of the spec and checks what it reads against its kind's scope; `where` names the
 * spot, `states` the lifecycle's states (job.enteredAt's fields).
 */
export function compileAt(template: unknown, where: string, kind: TemplateKind, states: readonly string[] = []): CompiledTemplate {
  let compiled: CompiledTemplate;
  try {
    compiled = compileTemplate(template, where);
  } catch (error) {
    throw new SpecError((error as Error).message);
  }
  const unknown = unknownField(compiled, kind, states);
  if (unknown) throw new SpecError(`${where}${unknown.pointer}: ${unknown.message}`);
  return compiled;
}

/**
 * The error catalog's templates, checked at load: the twin compiles them on first use, so a mistake
 * would otherwise surface only when that error is first answered.
 */
export function checkErrorTemplates(errors: ErrorCatalog | undefined, where: string): void {
  if (!errors) return;
  if (errors.envelope !== undefined) compileAt(errors.envelope, `${where}/envelope`, 'error');
  for (const [status, template] of Object.entries(errors.byStatus ?? {})) compileAt(template, `${where}/byStatus/${status}`, 'error');
  for (const [kind, template] of Object.entries(errors.messages ?? {})) compileAt(template, `${where}/messages/${kind}`, 'message');
}

function lowest2xx(statuses: Set<string>): number {
  const ok = [...statuses]
    .filter((s) => /^2\d\d$/.test(s))
    .map(Number)
    .sort((a, b) => a - b);
  return ok[0] ?? 200;
}

export function operationsOf(file: string, document: Record<string, any>, ext: RootExtension, trusted: boolean): Pick<ApiModel, 'operations' | 'byRole'> {
  const operations: OperationModel[] = [];
  const byRole: ApiModel['byRole'] = {};
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${file}#/paths/${pointerPart(path)}/${method}`;
      const view = operationView(where, operation, item.parameters, document.security);
      const opExt = operation['x-jobtwin'] as OperationExtension | undefined;
      if (opExt !== undefined) checkOperationExtension(where, opExt, trusted);
      const statuses = new Set(Object.keys(view.responses));
      // the dereferenced root (ext is read before dereferencing): a schema may be a $ref to components
      const rootAssumed = (document['x-jobtwin']?.errors?.assumed ?? ext.errors.assumed) as ErrorCatalog['assumed'];
      const model: OperationModel = {
        apiName: ext.name,
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        ...view,
        ext: opExt,
        successStatus: opExt?.status ?? lowest2xx(statuses),
        statuses,
        assumed: assumedResponses(file, where, view.responses, rootAssumed, opExt?.errors?.assumed, trusted),
        // a list's body reads the page; every other body, and a list's item, reads one job
        body:
          opExt?.body !== undefined
            ? compileAt(opExt.body, `${where}/x-jobtwin/body`, opExt.role === 'list' ? 'page' : 'job', ext.lifecycle.states)
            : undefined,
        item: opExt?.item !== undefined ? compileAt(opExt.item, `${where}/x-jobtwin/item`, 'job', ext.lifecycle.states) : undefined,
      };
      checkErrorTemplates(opExt?.errors, `${where}/x-jobtwin/errors`);
      if (opExt) {
        checkRoleOperation(where, model, opExt, ext, byRole);
        model.asRole = roleView(where, model, opExt);
        byRole[opExt.role] = model;
      }
      operations.push(model);
    }
  }
  return { operations, byRole };
}

/** The typed view of a role operation: what its role needs is checked present (trusted specs too). */
function roleView(where: string, model: OperationModel, opExt: OperationExtension): RoleOperation {
  const { body, item } = model;
  if (!body) throw new SpecError(`${where}/x-jobtwin/body: role "${opExt.role}" needs a body template`);
  // a copy of the model's fields, so the model does not refer to itself
  const base = { ...model, ext: opExt, body };
  if (opExt.role === 'create') return { ...base, role: 'create' };
  if (opExt.role === 'list') {
    if (!item) throw new SpecError(`${where}/x-jobtwin/item: role "list" needs an item template`);
    return { ...base, role: 'list', item };
  }
  if (!opExt.jobId) throw new SpecError(`${where}/x-jobtwin/jobId: role "${opExt.role}" needs the job id's parameter`);
  return { ...base, role: opExt.role, jobId: opExt.jobId };
}

function checkRoleOperation(where: string, model: OperationModel, opExt: OperationExtension, ext: RootExtension, byRole: ApiModel['byRole']): void {
  if (!model.statuses.has(String(model.successStatus))) {
    throw new SpecError(`${where}/x-jobtwin/status: ${model.successStatus} is not among the operation's documented responses`);
  }
  const holder = byRole[opExt.role];
  if (holder) throw new SpecError(`${where}/x-jobtwin/role: "${opExt.role}" is already held by ${holder.method.toUpperCase()} ${holder.path}`);
  const types = ext.simulation.jobTypes;
  if (opExt.jobType !== undefined && types && !types.includes(opExt.jobType)) {
    throw new SpecError(`${where}/x-jobtwin/jobType: "${opExt.jobType}" is not in x-jobtwin.simulation.jobTypes (${types.join(', ')})`);
  }
  checkListParams(where, model, opExt);
  const idParam = opExt.jobId;
  if (idParam && !model.parameters.some((p) => p.in === idParam.in && p.name === idParam.name)) {
    throw new SpecError(`${where}/x-jobtwin/jobId: the operation has no ${idParam.in} parameter "${idParam.name}"`);
  }
}
