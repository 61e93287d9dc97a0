// The bundled specs are valid OpenAPI 3.1, lint clean, and every example fits its schema.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApi } from '../../src/spec/load.js';
import { BUNDLED_APIS, bundledSpecPath } from '../../src/spec/bundled.js';
import { createAjv } from '../../src/validation/ajv.js';

const ROOT = join(import.meta.dirname, '../..');

describe('bundled specs', () => {
  it('pass a standard OpenAPI linter (redocly) without errors', () => {
    const files = BUNDLED_APIS.map((name) => bundledSpecPath(name)!);
    const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--format=json', ...files], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    // One JSON report per file, back to back; a non-zero exit would have thrown above.
    const totals = [...out.matchAll(/"totals":\s*\{\s*"errors":\s*(\d+)/g)].map((m) => Number(m[1]));
    expect(totals).toEqual(files.map(() => 0));
  }, 60_000);

  for (const name of BUNDLED_APIS) {
    it(`${name}: loads, declares every lifecycle role it needs, and its examples fit their schemas`, async () => {
      const api = await loadApi(bundledSpecPath(name)!);
      expect(api.name).toBe(name);
      expect(api.byRole.create).toBeDefined();
      expect(api.byRole.status).toBeDefined();
      const ajv = createAjv();
      let count = 0;
      for (const op of api.operations) {
        expect(op.ext, `${op.operationId} has a lifecycle role`).toBeDefined();
        expect(op.security.length, `${op.operationId} is secured`).toBeGreaterThan(0);
        expect(Object.keys(op.responses), `${op.operationId} documents 401`).toContain('401');
        for (const [status, response] of Object.entries(op.responses)) {
          for (const [media, content] of Object.entries(response.content)) {
            const validate = ajv.compile(content.schema ?? {});
            const examples = [...(content.example !== undefined ? [content.example] : []), ...Object.values<any>(content.examples ?? {}).map((e) => e.value)];
            for (const example of examples) {
              expect(validate(example), `${op.operationId} ${status} ${media}: ${JSON.stringify(validate.errors)}`).toBe(true);
              count++;
            }
          }
        }
      }
      expect(count).toBeGreaterThan(3);
    });
  }
});
