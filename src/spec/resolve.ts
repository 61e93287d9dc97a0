// Turns `--api NAME`, `--spec FILE` and `--overlay FILE` choices into loaded API models.
import { basename, resolve } from 'node:path';
import { BUNDLED_APIS, bundledSpecPath } from './bundled.js';
import { loadApi, SpecError } from './load.js';
import type { ApiModel } from './model.js';
import type { Overlay } from './overlay.js';
import { readDocument } from './read-document.js';

export async function loadApis(choice: { apis?: string[]; specs?: string[]; overlays?: string[] }): Promise<ApiModel[]> {
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
  const overlays = await Promise.all((choice.overlays ?? []).map(async (file) => ({ file, doc: await readDocument(file) })));
  const overlaysOf = assignOverlays(paths, overlays);
  // bundled specs ship validated (test/spec); a user's spec gets every check
  const apis = await Promise.all(paths.map((path) => loadApi(path, undefined, { trusted: !files.includes(path), overlays: overlaysOf.get(path) })));
  const seen = new Map<string, string>();
  for (const api of apis) {
    const other = seen.get(api.name);
    if (other) throw new SpecError(`${api.source}#/x-jobtwin/name: "${api.name}" is already served from ${other}`);
    seen.set(api.name, api.source);
  }
  return apis;
}

/**
 * Which spec each overlay applies to: the only one served, or the one its `extends` names (a path,
 * a file name, or a bundled API's name).
 */
function assignOverlays(paths: string[], overlays: Overlay[]): Map<string, Overlay[]> {
  const out = new Map<string, Overlay[]>();
  for (const overlay of overlays) {
    let target: string | undefined;
    if (paths.length === 1) target = paths[0];
    else {
      const named = overlay.doc.extends;
      if (typeof named !== 'string' || named === '') {
        throw new SpecError(`${overlay.file}#/extends: several specs are served: name the one this overlay applies to (its path or file name)`);
      }
      const bundled = bundledSpecPath(named);
      target = paths.find((p) => p === bundled || resolve(p) === resolve(named) || basename(p) === basename(named));
      if (!target) throw new SpecError(`${overlay.file}#/extends: "${named}" is none of the specs served (${paths.map((p) => basename(p)).join(', ')})`);
    }
    out.set(target, [...(out.get(target) ?? []), overlay]);
  }
  return out;
}
