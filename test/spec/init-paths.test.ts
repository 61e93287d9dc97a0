// jobtwin init on a batch API as its vendor publishes it (the batch fixture, its x-jobtwin taken out):
// the draft passes finalizing on the way to success and cancels through cancelling, and it loads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { draftOverlay } from '../../src/init/draft.js';
import { readDocument } from '../../src/spec/read-document.js';
import { loadApis } from '../../src/spec/resolve.js';
import { checkRendering } from '../../src/mock/render-check.js';
import { createAjv } from '../../src/validation/ajv.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/specs/batch-lifecycle.openapi.yaml');

function stripped(doc: Record<string, any>): Record<string, any> {
  const out = structuredClone(doc);
  delete out['x-jobtwin'];
  for (const item of Object.values<any>(out.paths)) for (const op of Object.values<any>(item)) if (op && typeof op === 'object') delete op['x-jobtwin'];
  return out;
}

describe('jobtwin init on a batch API with finalizing and cancelling', () => {
  it('drafts a path through finalizing and a cancel through cancelling, and the draft loads', async () => {
    const vendor = stripped(await readDocument(FIXTURE));
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-init-paths-'));
    const spec = join(dir, 'batches.openapi.yaml');
    writeFileSync(spec, yaml.dump(vendor, { lineWidth: -1 }));
    const draft = await draftOverlay(vendor, { file: spec });
    expect(draft.lifecycle).toMatchObject({
      initial: 'validating',
      running: 'in_progress',
      paths: { succeeded: ['validating', 'in_progress', 'finalizing', 'completed'] },
      cancel: { via: 'cancelling', to: 'cancelled', unchanged: ['cancelling'] },
    });
    expect(draft.yaml).toMatch(/finalizing reads as a step after the run/);
    const overlay = join(dir, 'batches.overlay.yaml');
    writeFileSync(overlay, draft.yaml);
    const [api] = await loadApis({ specs: [spec], overlays: [overlay] });
    expect(api.ext.lifecycle.paths?.succeeded).toEqual(['validating', 'in_progress', 'finalizing', 'completed']);
    expect(api.ext.lifecycle.cancel?.via).toBe('cancelling');
    checkRendering(api, createAjv());
  });
});
