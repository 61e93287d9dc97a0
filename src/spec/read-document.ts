// Stage 1 of loading a spec: the file read and parsed, and its OpenAPI version checked.
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { SpecError } from './spec-error.js';

export async function readDocument(file: string): Promise<Record<string, any>> {
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

export function checkVersion(file: string, raw: Record<string, any>): void {
  if (typeof raw.openapi !== 'string' || !raw.openapi.startsWith('3.1')) {
    throw new SpecError(`${file}#/openapi: jobtwin reads OpenAPI 3.1 and 3.0 documents (found ${JSON.stringify(raw.openapi ?? raw.swagger ?? null)})`);
  }
}
