// Stage 2: the root x-jobtwin checked against its schema and for consistency, then normalised once
// (defaults applied), so no use site re-applies them.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { operationExtensionSchema, rootExtensionSchema } from './extension-schema.js';
import { lifecycleProblems } from './check-extension.js';
import type { OperationExtension, RootExtension } from './extension-types.js';
import { SpecError } from './spec-error.js';

const extensionAjv = new Ajv2020({ allErrors: true, strict: false });
// Compiled on first use: the bundled specs (trusted, checked by the tests) skip this at start-up.
let checks: { root: ValidateFunction; operation: ValidateFunction } | undefined;
const extensionChecks = () => (checks ??= { root: extensionAjv.compile(rootExtensionSchema), operation: extensionAjv.compile(operationExtensionSchema) });

function schemaErrors(where: string, errors: ValidateFunction['errors']): string {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(
      (e) =>
        `${where}${e.instancePath}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` ("${e.params.additionalProperty}")` : ''}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
    )
    .join('\n  ');
}

/** The root extension, checked (its schema skipped for trusted specs) and with defaults applied. */
export function rootExtensionOf(file: string, raw: Record<string, any>, trusted: boolean): RootExtension {
  const rootExt = raw['x-jobtwin'];
  if (!rootExt) throw new SpecError(`${file}#/x-jobtwin: missing: the spec must declare its job lifecycle (see docs/extension.md)`);
  if (!trusted && !extensionChecks().root(rootExt))
    throw new SpecError(`${file}#/x-jobtwin is not valid:\n  ${schemaErrors(`${file}#/x-jobtwin`, extensionChecks().root.errors)}`);
  const ext = normalise(structuredClone(rootExt) as RootExtension);
  const problems = lifecycleProblems(ext).map((p) => `${file}#/x-jobtwin${p}`);
  if (problems.length) throw new SpecError(`${file}#/x-jobtwin is not consistent:\n  ${problems.join('\n  ')}`);
  return ext;
}

/** An operation's extension, checked against its schema (skipped for trusted specs). */
export function checkOperationExtension(where: string, opExt: OperationExtension, trusted: boolean): void {
  if (!trusted && !extensionChecks().operation(opExt)) {
    throw new SpecError(`${where}/x-jobtwin is not valid:\n  ${schemaErrors(`${where}/x-jobtwin`, extensionChecks().operation.errors)}`);
  }
}

function normalise(ext: RootExtension): RootExtension {
  ext.lifecycle.controlStates ??= [];
  return ext;
}
