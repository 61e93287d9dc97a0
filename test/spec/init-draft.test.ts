// `jobtwin init` on the bundled specs with their x-jobtwin taken out: it finds the roles on the
// operations the hand-written declarations put them on, and the same initial, running and terminal
// states where the names allow; each draft loads, and its YAML (comments and all) reads back as its data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { draftOverlay } from '../../src/init/draft.js';
import { BUNDLED_APIS, bundledSpecPath } from '../../src/spec/bundled.js';
import { readDocument } from '../../src/spec/read-document.js';
import { loadApis } from '../../src/spec/resolve.js';

/** The spec as its vendor would publish it: every x-jobtwin removed. */
function stripped(doc: Record<string, any>): Record<string, any> {
  const out = structuredClone(doc);
  delete out['x-jobtwin'];
  for (const item of Object.values<any>(out.paths)) for (const op of Object.values<any>(item)) if (op && typeof op === 'object') delete op['x-jobtwin'];
  return out;
}

function declaredRoles(doc: Record<string, any>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, item] of Object.entries<any>(doc.paths))
    for (const [method, op] of Object.entries<any>(item)) if (op?.['x-jobtwin']) out[op['x-jobtwin'].role] = `${method} ${path}`;
  return out;
}

describe('jobtwin init on the bundled specs, their x-jobtwin taken out', () => {
  for (const name of BUNDLED_APIS) {
    it(`${name}: the same roles on the same operations, the same states where the names allow, and a draft that loads`, async () => {
      const original = await readDocument(bundledSpecPath(name)!);
      const vendor = stripped(original);
      const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-'));
      const spec = join(dir, `${name}.openapi.yaml`);
      writeFileSync(spec, yaml.dump(vendor, { lineWidth: -1 }));

      const draft = await draftOverlay(vendor, { file: spec });
      expect(draft.missing).toEqual([]);
      const found = Object.fromEntries(Object.entries(draft.roles).map(([role, op]) => [role, `${op!.method} ${op!.path}`]));
      expect(found).toEqual(declaredRoles(original));

      const declared = original['x-jobtwin'].lifecycle;
      const named = (states: string[]) => states.filter((s) => draft.lifecycle.states.includes(s));
      expect(draft.lifecycle.initial).toBe(declared.initial);
      expect(draft.lifecycle.running).toBe(declared.running);
      expect(draft.lifecycle.terminal).toEqual(named(declared.terminal));
      expect(draft.lifecycle.outcomes).toEqual(declared.outcomes);
      // every state the draft knows is one the vendor's API has
      expect(declared.states).toEqual(expect.arrayContaining(draft.lifecycle.states));

      expect(yaml.load(draft.yaml, { schema: yaml.CORE_SCHEMA })).toEqual(draft.overlay);
      expect(draft.yaml).toMatch(/# DECIDE: /);
      const overlay = join(dir, `${name}.overlay.yaml`);
      writeFileSync(overlay, draft.yaml);
      const [api] = await loadApis({ specs: [spec], overlays: [overlay] });
      expect(Object.keys(api.byRole).sort()).toEqual(Object.keys(declaredRoles(original)).sort());
      expect(api.ext.lifecycle.initial).toBe(declared.initial);
    });
  }
});
