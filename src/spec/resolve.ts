// Turns `--api NAME` and `--spec FILE` choices into loaded API models.
import { BUNDLED_APIS, bundledSpecPath } from './bundled.js';
import { loadApi, SpecError } from './load.js';
import type { ApiModel } from './model.js';

export async function loadApis(choice: { apis?: string[]; specs?: string[] }): Promise<ApiModel[]> {
  const names = choice.apis ?? [];
  const files = choice.specs ?? [];
  const paths: string[] = [];
  for (const name of names) {
    const path = bundledSpecPath(name);
    if (!path) throw new SpecError(`unknown API "${name}": the bundled ones are ${BUNDLED_APIS.join(', ')} (or give --spec FILE)`);
    paths.push(path);
  }
  paths.push(...files);
  if (paths.length === 0) paths.push(...BUNDLED_APIS.map((name) => bundledSpecPath(name)!));
  // bundled specs ship validated (test/spec); a user's spec gets every check
  const apis = await Promise.all(paths.map((path) => loadApi(path, undefined, { trusted: !files.includes(path) })));
  const seen = new Map<string, string>();
  for (const api of apis) {
    const other = seen.get(api.name);
    if (other) throw new SpecError(`${api.source}#/x-jobtwin/name: "${api.name}" is already served from ${other}`);
    seen.set(api.name, api.source);
  }
  return apis;
}
