// A user's error templates that break the vendor's documented (or assumed) error schemas stop start-up,
// naming the template spot, the operation, the status and what ajv says; the bundled specs pass.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { SpecError, loadApi } from '../../src/spec/load.js';
import { BUNDLED_APIS, bundledSpecPath } from '../../src/spec/bundled.js';
import { checkErrorRendering } from '../../src/mock/error-check.js';
import { createAjv } from '../../src/validation/ajv.js';
import { runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const TINY = join(ROOT, 'fixtures/specs/tiny.openapi.yaml');
const dir = mkdtempSync(join(tmpdir(), 'jobtwin-error-templates-'));
let written = 0;

function overlay(target: string, update: unknown): string {
  const file = join(dir, `fix-${++written}.overlay.json`);
  writeFileSync(file, JSON.stringify({ overlay: '1.0.0', info: { title: 'a fix', version: '1' }, actions: [{ target, update }] }));
  return file;
}

async function refusal(file: string): Promise<string> {
  let twin: Awaited<ReturnType<typeof startMock>> | undefined;
  try {
    twin = await startMock({ specs: [TINY], overlays: [file] });
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  await twin.close();
  throw new Error('the twin started');
}

const ERRORS = "$['x-jobtwin'].errors";
const TYPICAL = { path: '/jobs/1', method: 'GET', params: {}, query: {}, origin: 'http://localhost:4010', base: '' };

describe('error templates are checked at start-up', () => {
  it("refuses a root envelope that breaks a documented error schema, naming the spot, the operation, the status and ajv's message", async () => {
    const message = await refusal(overlay(ERRORS, { envelope: { error: '{{error.status}}' } }));
    expect(message).toContain(`${TINY} (+ `);
    expect(message).toMatch(
      /#\/x-jobtwin\/errors\/envelope: rendered for createJob's 400 \(invalid\), the body does not match the 400 schema of createJob: \/error must be string$/,
    );
  });

  it('blames the byStatus entry the status is rendered with, at the root or on the operation', async () => {
    expect(await refusal(overlay(ERRORS, { byStatus: { '409': { error: '{{error.status}}' } } }))).toMatch(
      /#\/x-jobtwin\/errors\/byStatus\/409: rendered for cancelJob's 409 \(conflict\), the body does not match the 409 schema of cancelJob: \/error must be string$/,
    );
    expect(await refusal(overlay("$.paths['/jobs/{id}'].get['x-jobtwin']", { errors: { byStatus: { '404': { message: '{{error.message}}' } } } }))).toMatch(
      /#\/paths\/~1jobs~1\{id\}\/get\/x-jobtwin\/errors\/byStatus\/404: rendered for getJob's 404 \(notFound\), .*: \/ must have required property 'error'$/,
    );
    // the operation's own envelope, for every status it has no byStatus for
    expect(await refusal(overlay("$.paths['/jobs/{id}'].get['x-jobtwin']", { errors: { envelope: { error: '{{error.status}}' } } }))).toMatch(
      /#\/paths\/~1jobs~1\{id\}\/get\/x-jobtwin\/errors\/envelope: rendered for getJob's 401 \(unauthorized\), /,
    );
  });

  it('holds an assumed status to the schema errors.assumed declares for it', async () => {
    const assumed = { '500': { mediaType: 'application/json', schema: { type: 'object', required: ['code'], properties: { code: { type: 'integer' } } } } };
    expect(await refusal(overlay(ERRORS, { assumed }))).toMatch(
      /#\/x-jobtwin\/errors\/envelope: rendered for createJob's 500 \(internal\), the body does not match the assumed 500 schema of createJob: \/ must have required property 'code'$/,
    );
  });

  it('checks nothing where the operation documents no schema for the status', async () => {
    const file = join(dir, 'no-409-body.overlay.json');
    const actions = [
      { target: "$.paths['/jobs/{id}/cancel'].post.responses['409'].content", remove: true },
      { target: ERRORS, update: { byStatus: { '409': { error: '{{error.status}}' } } } },
    ];
    writeFileSync(file, JSON.stringify({ overlay: '1.0.0', info: { title: 'a fix', version: '1' }, actions }));
    const twin = await startMock({ specs: [TINY], overlays: [file] });
    await twin.close();
  });

  it('passes every bundled spec: each error it can answer fits its documented or assumed schema', async () => {
    const ajv = createAjv();
    for (const name of BUNDLED_APIS) {
      const api = await loadApi(bundledSpecPath(name)!);
      expect(() => checkErrorRendering(api, ajv, () => TYPICAL, Date.UTC(2026, 0, 1)), name).not.toThrow();
    }
  });

  it('stops jobtwin mock with exit 2 and one line naming the spot', async () => {
    const result = await runCli(['mock', '--spec', TINY, '--overlay', overlay(ERRORS, { envelope: { error: '{{error.status}}' } }), '--port', '0']);
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/#\/x-jobtwin\/errors\/envelope: rendered for createJob's 400 \(invalid\), .*: \/error must be string$/);
  });
});
