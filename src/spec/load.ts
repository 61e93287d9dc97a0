// Loads a spec: parse, validate and dereference with swagger-parser, then check and compile x-jobtwin.
import { JobtwinError } from '../errors.js';
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import yaml from 'js-yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { compileTemplate, type CompiledTemplate } from '../template/compile.js';
import { operationExtensionSchema, rootExtensionSchema } from './extension-schema.js';
import { lifecycleProblems } from './check-extension.js';
import { openApiSchemaProblems } from './openapi-schema.js';
import type { OperationExtension, RootExtension } from './extension-types.js';
import { METHODS, type ApiModel, type OperationModel } from './model.js';

/** A spec that cannot be served: the message names the file and the JSON pointer of the spot. */
export class SpecError extends JobtwinError {
  constructor(message: string) {
    super('spec', message);
  }
}

const extensionAjv = new Ajv2020({ allErrors: true, strict: false });
// Compiled on first use: the bundled specs (trusted, checked by the tests) skip this at start-up.
let checks: { root: ValidateFunction; operation: ValidateFunction } | undefined;
const extensionChecks = () => (checks ??= { root: extensionAjv.compile(rootExtensionSchema), operation: extensionAjv.compile(operationExtensionSchema) });

function pointerPart(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function schemaErrors(where: string, errors: ValidateFunction['errors']): string {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => `${where}${e.instancePath}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` ("${e.params.additionalProperty}")` : ''}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`)
    .join('\n  ');
}

async function readDocument(file: string): Promise<Record<string, any>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SpecError(`${file}: cannot read the spec (${(error as Error).message})`);
  }
  try {
    // js-yaml with the YAML 1.2 core schema: several times faster than the alternatives at start-up,
    // and no timestamp types, so an unquoted date stays the string the spec's schemas expect.
    const doc = file.endsWith('.json') ? JSON.parse(text) : yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
    if (!doc || typeof doc !== 'object') throw new Error('not an object');
    return doc;
  } catch (error) {
    throw new SpecError(`${file}: not a YAML or JSON document (${(error as Error).message})`);
  }
}

function basePathOf(doc: Record<string, any>): string {
  const url: unknown = doc.servers?.[0]?.url;
  if (typeof url !== 'string' || url === '') return '';
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url;
  return path.replace(/\/+$/, '');
}

function compileAt(template: unknown, where: string): CompiledTemplate {
  try {
    return compileTemplate(template, where);
  } catch (error) {
    throw new SpecError((error as Error).message);
  }
}

function lowest2xx(statuses: Set<string>): number {
  const ok = [...statuses].filter((s) => /^2\d\d$/.test(s)).map(Number).sort((a, b) => a - b);
  return ok[0] ?? 200;
}

/** Loads and checks one spec; every problem names the file and the JSON pointer of the spot. */
export interface LoadOptions {
  /**
   * Skip the OpenAPI schema check (the costliest step at start-up): only for the bundled specs,
   * which the test suite validates against that schema and a linter.
   */
  trusted?: boolean;
}

export async function loadApi(file: string, preloaded?: Record<string, any>, options: LoadOptions = {}): Promise<ApiModel> {
  const raw = preloaded ?? (await readDocument(file));
  if (typeof raw.openapi !== 'string' || !raw.openapi.startsWith('3.1')) {
    throw new SpecError(`${file}#/openapi: jobtwin reads OpenAPI 3.1 documents (found ${JSON.stringify(raw.openapi ?? raw.swagger ?? null)})`);
  }
  const rootExt = raw['x-jobtwin'];
  if (!rootExt) throw new SpecError(`${file}#/x-jobtwin: missing: the spec must declare its job lifecycle (see docs/extension.md)`);
  if (!options.trusted && !extensionChecks().root(rootExt)) throw new SpecError(`${file}#/x-jobtwin is not valid:\n  ${schemaErrors(`${file}#/x-jobtwin`, extensionChecks().root.errors)}`);
  const ext = rootExt as RootExtension;
  const problems = lifecycleProblems(ext).map((p) => `${file}#/x-jobtwin${p}`);
  if (problems.length) throw new SpecError(`${file}#/x-jobtwin is not consistent:\n  ${problems.join('\n  ')}`);

  const schemaProblems = options.trusted ? [] : openApiSchemaProblems(raw);
  if (schemaProblems.length) throw new SpecError(`${file}: not a valid OpenAPI document:\n  ${schemaProblems.join('\n  ')}`);
  let document: Record<string, any>;
  try {
    // The schema check ran above, compiled once; swagger-parser checks the rest and dereferences.
    document = (await SwaggerParser.validate(structuredClone(raw) as any, { validate: { schema: false, spec: true } })) as Record<string, any>;
  } catch (error) {
    throw new SpecError(`${file}: not a valid OpenAPI document: ${(error as Error).message}`);
  }

  const operations: OperationModel[] = [];
  const byRole: ApiModel['byRole'] = {};
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${file}#/paths/${pointerPart(path)}/${method}`;
      const merged = { ...operation, parameters: mergeParameters(item.parameters, operation.parameters) };
      const opExt = operation['x-jobtwin'] as OperationExtension | undefined;
      if (opExt !== undefined && !options.trusted && !extensionChecks().operation(opExt)) {
        throw new SpecError(`${where}/x-jobtwin is not valid:\n  ${schemaErrors(`${where}/x-jobtwin`, extensionChecks().operation.errors)}`);
      }
      const statuses = new Set(Object.keys(operation.responses ?? {}));
      const model: OperationModel = {
        apiName: ext.name,
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        operation: merged,
        ext: opExt,
        successStatus: opExt?.status ?? lowest2xx(statuses),
        statuses,
        body: opExt?.body !== undefined ? compileAt(opExt.body, `${where}/x-jobtwin/body`) : undefined,
        item: opExt?.item !== undefined ? compileAt(opExt.item, `${where}/x-jobtwin/item`) : undefined,
      };
      if (opExt) {
        if (!statuses.has(String(model.successStatus))) {
          throw new SpecError(`${where}/x-jobtwin/status: ${model.successStatus} is not among the operation's documented responses`);
        }
        if (byRole[opExt.role]) {
          throw new SpecError(`${where}/x-jobtwin/role: "${opExt.role}" is already held by ${byRole[opExt.role]!.method.toUpperCase()} ${byRole[opExt.role]!.path}`);
        }
        const types = ext.simulation.jobTypes;
        if (opExt.jobType !== undefined && types && !types.includes(opExt.jobType)) {
          throw new SpecError(`${where}/x-jobtwin/jobType: "${opExt.jobType}" is not in x-jobtwin.simulation.jobTypes (${types.join(', ')})`);
        }
        const idParam = opExt.jobId;
        if (idParam && !merged.parameters.some((p: any) => p.in === idParam.in && p.name === idParam.name)) {
          throw new SpecError(`${where}/x-jobtwin/jobId: the operation has no ${idParam.in} parameter "${idParam.name}"`);
        }
        byRole[opExt.role] = model;
      }
      operations.push(model);
    }
  }
  if (!byRole.create) throw new SpecError(`${file}#/paths: no operation has x-jobtwin role "create"`);
  if (ext.lifecycle.cancel && !byRole.cancel) {
    throw new SpecError(`${file}#/x-jobtwin/lifecycle/cancel: cancel rules are declared but no operation has role "cancel"`);
  }

  return {
    name: ext.name,
    title: document.info?.title ?? ext.name,
    source: file,
    trusted: options.trusted === true,
    document,
    basePath: basePathOf(document),
    ext,
    endStates: new Set([...ext.lifecycle.terminal, ...(ext.lifecycle.controlStates ?? [])]),
    operations,
    byRole,
    result: ext.simulation.result !== undefined ? compileAt(ext.simulation.result, `${file}#/x-jobtwin/simulation/result`) : undefined,
    partialResult:
      ext.simulation.partialResult !== undefined
        ? compileAt(ext.simulation.partialResult, `${file}#/x-jobtwin/simulation/partialResult`)
        : undefined,
  };
}

function mergeParameters(shared: any[] | undefined, own: any[] | undefined): any[] {
  const out = new Map<string, any>();
  for (const p of [...(shared ?? []), ...(own ?? [])]) out.set(`${p.in}:${p.name}`, p);
  return [...out.values()];
}
