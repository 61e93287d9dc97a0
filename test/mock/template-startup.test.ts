// A user's spec and overlay whose templates are wrong stop start-up naming the spot: braces that do not
// pair up, a field the template's scope lacks, a rendering its response schema refuses. The bundled
// specs, the fixtures and a bundled spec given as a user's spec all pass the same checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { SpecError } from '../../src/spec/load.js';
import { loadApi } from '../../src/spec/load.js';
import { BUNDLED_APIS, bundledSpecPath } from '../../src/spec/bundled.js';
import { checkRendering } from '../../src/mock/render-check.js';
import { createAjv } from '../../src/validation/ajv.js';

const ROOT = join(import.meta.dirname, '../..');
const TINY = join(ROOT, 'fixtures/specs/tiny.openapi.yaml');
const GET_JOB = "$.paths['/jobs/{id}'].get['x-jobtwin']";
const dir = mkdtempSync(join(tmpdir(), 'jobtwin-templates-'));
let written = 0;

/** An overlay file with one action: `update` merged into `target`. */
function overlay(target: string, update: unknown): string {
  const file = join(dir, `fix-${++written}.overlay.json`);
  writeFileSync(file, JSON.stringify({ overlay: '1.0.0', info: { title: 'a fix', version: '1' }, actions: [{ target, update }] }));
  return file;
}

async function refusal(file: string, spec = TINY): Promise<string> {
  let twin: Awaited<ReturnType<typeof startMock>> | undefined;
  try {
    twin = await startMock({ specs: [spec], overlays: [file] });
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  await twin.close();
  throw new Error('the twin started');
}

describe('templates are checked at start-up', () => {
  it('refuses braces that do not pair up', async () => {
    const message = await refusal(overlay(GET_JOB, { body: { status: '{{job.status' } }));
    expect(message).toContain(`${TINY} (+ `);
    expect(message).toMatch(/#\/paths\/~1jobs~1\{id\}\/get\/x-jobtwin\/body\/status: unclosed "\{\{" in "\{\{job\.status"$/);
  });

  it('refuses a field the scope lacks, suggesting the close one', async () => {
    expect(await refusal(overlay(GET_JOB, { body: { status: '{{job.stauts}}' } }))).toMatch(
      /\/get\/x-jobtwin\/body\/status: unknown field job\.stauts \(did you mean job\.status\?\) in \{\{job\.stauts\}\}$/,
    );
    // an error envelope reads the error, a job's body does not
    expect(await refusal(overlay(GET_JOB, { body: { status: '{{error.message}}' } }))).toMatch(
      /\/get\/x-jobtwin\/body\/status: unknown field error \(a job's template reads req, now, job\)/,
    );
  });

  it('refuses an undeclared state in job.enteredAt and a bad duration, naming the spot', async () => {
    expect(await refusal(overlay(GET_JOB, { body: { started: '{{job.enteredAt.runing|unix}}' } }))).toMatch(
      /\/get\/x-jobtwin\/body\/started: unknown field job\.enteredAt\.runing \(did you mean job\.enteredAt\.running\?\) in \{\{job\.enteredAt\.runing\|unix\}\}$/,
    );
    expect(await refusal(overlay(GET_JOB, { body: { expires: '{{job.createdAt|plus:1y|unix}}' } }))).toMatch(
      /\/get\/x-jobtwin\/body\/expires: filter "plus" needs a duration such as 24h, 30m, 90s, 1500ms or 7d, not "1y" in \{\{job\.createdAt\|plus:1y\|unix\}\}$/,
    );
  });

  it('refuses a rendering the response schema refuses, naming the state and what ajv says', async () => {
    expect(await refusal(overlay(GET_JOB, { body: { status: '{{job.attempts}}' } }))).toMatch(
      /\/get\/x-jobtwin\/body\/status: rendered for a job in state "queued", the body does not match the 200 schema of getJob: \/status must be string$/,
    );
    // a list's item is blamed for what goes wrong inside the page's items
    const contextual = bundledSpecPath('contextual')!;
    expect(await refusal(overlay("$.paths['/parse/jobs'].get['x-jobtwin']", { item: { status: '{{job.attempts}}' } }), contextual)).toMatch(
      /#\/paths\/~1parse~1jobs\/get\/x-jobtwin\/item\/status: rendered for a job in state "pending", .*: \/jobs\/0\/status must be string/,
    );
    // what goes wrong only once the job has finished is found in that state
    expect(await refusal(overlay(GET_JOB, { body: { id: '{{job.finishedAt|default:none}}' } }))).toMatch(
      /body\/id: rendered for a job in state "done", .*: \/id must be string/,
    );
  });

  it('passes every bundled spec, rendered in every state against its own schemas', async () => {
    const ajv = createAjv();
    for (const name of BUNDLED_APIS) {
      const api = await loadApi(bundledSpecPath(name)!);
      expect(() => checkRendering(api, ajv), name).not.toThrow();
    }
  });

  it('starts on the fixtures and on the bundled specs given as a user would give them', async () => {
    for (const options of [
      { specs: [TINY] },
      { specs: [join(ROOT, 'fixtures/specs/fallback.openapi.yaml')] },
      { specs: [join(ROOT, 'fixtures/specs/vendor30/batch.openapi.yaml')], overlays: [join(ROOT, 'fixtures/specs/vendor30/batch.overlay.yaml')] },
      { specs: [join(ROOT, 'fixtures/specs/vendor30/unix-batch.openapi.yaml')] },
      { specs: BUNDLED_APIS.map((name) => bundledSpecPath(name)!) },
    ]) {
      const twin = await startMock(options);
      expect(Object.keys(twin.urls).length).toBe(options.specs.length);
      await twin.close();
    }
  });
});
