// Loads a spec in stages: read and parse; check and normalise x-jobtwin; validate and dereference
// the OpenAPI document (swagger-parser); index the operations; cross-check; compile the templates.
import SwaggerParser from '@apidevtools/swagger-parser';
import { openApiSchemaProblems } from './openapi-schema.js';
import type { ApiModel } from './model.js';
import { checkVersion, readDocument } from './read-document.js';
import { rootExtensionOf } from './root-extension.js';
import { checkErrorTemplates, compileAt, operationsOf } from './operations.js';
import { crossCheck } from './cross-checks.js';
import { SpecError } from './spec-error.js';
import { applyOverlay, type Overlay } from './overlay.js';
import { isOpenApi30, upgrade30 } from './upgrade-30.js';
import { pruneToLifecycle } from './prune.js';
import { credentialOf } from './credential.js';
import { checkRecursionKeywords, normaliseVendorSchemas } from './vendor-schemas.js';

export { SpecError } from './spec-error.js';

/** Loads and checks one spec; every problem names the file and the JSON pointer of the spot. */
export interface LoadOptions {
  /**
   * Skip the OpenAPI schema check (the costliest step at start-up): only for the bundled specs,
   * which the test suite validates against that schema and a linter.
   */
  trusted?: boolean;
  /** OpenAPI Overlay 1.0 documents applied in order before anything is checked */
  overlays?: Overlay[];
}

export async function loadApi(file: string, preloaded?: Record<string, any>, options: LoadOptions = {}): Promise<ApiModel> {
  const overlays = options.overlays ?? [];
  // An overlay can break what the tests checked of a bundled spec: then every check runs.
  const trusted = options.trusted === true && overlays.length === 0;
  const specFile = file;
  let raw = preloaded ?? (await readDocument(file));
  for (const overlay of overlays) raw = applyOverlay(raw, overlay);
  if (overlays.length) file = `${file} (+ ${overlays.map((o) => o.file).join(', ')})`;
  // the overlay says which operations are the job API: the rest of a vendor's document is left out
  if (overlays.length) raw = pruneToLifecycle(raw).doc;
  const overlaid = overlays.length ? structuredClone(raw) : undefined;
  const openapi = String(raw.openapi);
  if (isOpenApi30(raw)) raw = upgrade30(raw);
  checkVersion(file, raw);
  raw = normaliseVendorSchemas(raw);
  checkRecursionKeywords(file, raw);
  const ext = rootExtensionOf(file, raw, trusted);
  const document = await dereference(file, raw, trusted);
  const { operations, byRole } = operationsOf(file, document, ext, trusted);
  crossCheck(file, ext, byRole);
  checkErrorTemplates(ext.errors, `${file}#/x-jobtwin/errors`);
  return {
    name: ext.name,
    title: document.info?.title ?? ext.name,
    source: file,
    file: specFile,
    ...(overlaid ? { overlaid } : {}),
    trusted,
    origin: { openapi, overlays: overlays.map((o) => o.file) },
    document,
    basePath: basePathOf(document),
    ext,
    endStates: new Set([...ext.lifecycle.terminal, ...ext.lifecycle.controlStates]),
    operations,
    byRole,
    credential: credentialOf(document, operations),
    result:
      ext.simulation.result !== undefined
        ? compileAt(ext.simulation.result, `${file}#/x-jobtwin/simulation/result`, 'result', ext.lifecycle.states)
        : undefined,
    partialResult:
      ext.simulation.partialResult !== undefined
        ? compileAt(ext.simulation.partialResult, `${file}#/x-jobtwin/simulation/partialResult`, 'result', ext.lifecycle.states)
        : undefined,
  };
}

async function dereference(file: string, raw: Record<string, any>, trusted: boolean): Promise<Record<string, any>> {
  const schemaProblems = trusted ? [] : openApiSchemaProblems(raw);
  if (schemaProblems.length) throw new SpecError(`${file}: not a valid OpenAPI document:\n  ${schemaProblems.join('\n  ')}`);
  try {
    // The schema check ran above, compiled once; swagger-parser checks the rest and dereferences.
    return (await SwaggerParser.validate(structuredClone(raw) as any, { validate: { schema: false, spec: true } })) as Record<string, any>;
  } catch (error) {
    throw new SpecError(`${file}: not a valid OpenAPI document: ${(error as Error).message}`);
  }
}

function basePathOf(doc: Record<string, any>): string {
  const url: unknown = doc.servers?.[0]?.url;
  if (typeof url !== 'string' || url === '') return '';
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url;
  return path.replace(/\/+$/, '');
}
