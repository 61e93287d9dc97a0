// `jobtwin init`: the draft for a vendor's 3.0 file serves a job's lifecycle at once; a spec without
// job operations still gets a draft, and exit status 1 naming what is missing; --out never
// overwrites without --force.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInit } from '../../src/cli/init.js';
import { runCli } from '../helpers/cli.js';
import { startTwin, T0 } from '../helpers/twin.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const VENDOR = 'fixtures/specs/vendor30/batch.openapi.yaml';
const tempDir = () => mkdtempSync(join(tmpdir(), 'jobtwin-init-'));

const NO_JOBS = `openapi: 3.1.0
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: the pets
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {name: {type: string}}}}
  /pets/{petId}:
    get:
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: a pet
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
`;

describe('jobtwin init', () => {
  it("drafts an overlay for a vendor's 3.0 spec that the twin serves at once: create, then status through the lifecycle", async () => {
    const out = join(tempDir(), 'batch.overlay.yaml');
    const said: string[] = [];
    expect(
      await runInit(
        [VENDOR, '--out', out],
        () => undefined,
        (line) => said.push(line),
      ),
    ).toBe(0);
    const text = said.join('\n');
    expect(text).toMatch(/create +POST \/batches /);
    expect(text).toMatch(/status +GET \/batches\/\{batch_id\} /);
    expect(text).toMatch(/initial queued, running running, terminal succeeded, failed, cancelled/);
    const draft = readFileSync(out, 'utf8');
    expect(draft).toContain("- target: $.paths['/batches'].post");
    expect(draft).toMatch(/retention: null +# DECIDE: retention days/);
    expect(draft).toMatch(/# DECIDE: tenancy and auth/);

    const t = await startTwin({ specs: [VENDOR], overlays: [out] });
    try {
      const created = await t.call('POST', '/v2/batches', {
        body: { input_file: 'file-1' },
        headers: { 'x-jobtwin-job': 'outcome=succeed; queue=1s; run=2s' },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ id: expect.stringMatching(/^batch_[0-9A-Z]{20}$/), status: 'queued', created_at: new Date(T0).toISOString() });
      const path = `/v2/batches/${created.body.id}`;
      expect((await t.call('GET', path)).body).toMatchObject({ status: 'queued', finished_at: null, output: null });
      t.advance(1500);
      expect((await t.call('GET', path)).body).toMatchObject({ status: 'running', finished_at: null });
      t.advance(2000);
      const done = (await t.call('GET', path)).body;
      expect(done).toMatchObject({ status: 'succeeded', finished_at: new Date(T0 + 3000).toISOString(), error: null, output: { records: 1 } });

      const failing = await t.call('POST', '/v2/batches', { body: { input_file: 'file-2' }, headers: { 'x-jobtwin-job': 'outcome=fail; queue=0s; run=1s' } });
      t.advance(1000);
      expect((await t.call('GET', `/v2/batches/${failing.body.id}`)).body).toMatchObject({ status: 'failed', error: 'The job failed', output: null });
      expect((await t.call('GET', '/v2/batches/batch_unknown')).status).toBe(404);
      // every answer above was checked against the vendor's spec (converted to 3.1)
      expect(t.checked).toBe(7);
    } finally {
      await t.close();
    }
  });

  it('drafts an overlay whose twin passes jobtwin conform, spec and draft given the same way', async () => {
    const out = join(tempDir(), 'batch.overlay.yaml');
    await runInit(
      [VENDOR, '--out', out],
      () => undefined,
      () => undefined,
    );
    const run = await conformOwnTwin(VENDOR, [out]);
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    for (const name of ['response_schema_conformance', 'lifecycle_states', 'lifecycle_transitions', 'eventual_completion'])
      expect(run.judged[name], name).toBeGreaterThan(0);
  }, 90_000);

  it("assumes the error answers of a spec that documents none, and the draft's twin passes jobtwin conform --strict", async () => {
    const spec = 'fixtures/specs/assumed/tasks.openapi.yaml';
    const out = join(tempDir(), 'tasks.overlay.yaml');
    await runInit(
      [spec, '--out', out],
      () => undefined,
      () => undefined,
    );
    const draft = readFileSync(out, 'utf8');
    expect(draft).toContain('# DECIDE: the media type and body the service really answers (application/problem+json?)');
    expect(draft).toMatch(/assumed:\n +'400':\n +mediaType: application\/json\n/);
    expect(draft).toMatch(/'401':[^']*'404':/);
    const run = await conformOwnTwin(spec, [out], { strict: true });
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.assumptions.some((note) => note.startsWith('assumed: 404 on get_task (x-jobtwin errors.assumed)'))).toBe(true);
  }, 90_000);

  it('still drafts what it can for a spec without job operations, and exits 1 naming what is missing', async () => {
    const spec = join(tempDir(), 'pets.yaml');
    writeFileSync(spec, NO_JOBS);
    const result = await runCli(['init', spec]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^overlay: 1\.0\.0$/m);
    expect(result.stdout).toMatch(/# DECIDE: no operation found for role create/);
    const last = result.stderr.trim().split('\n').pop();
    expect(last).toMatch(/^jobtwin: init: the draft is incomplete: no create operation .*; no status operation /);
  });

  it('refuses to overwrite --out without --force, and overwrites with it', async () => {
    const out = join(tempDir(), 'draft.yaml');
    writeFileSync(out, 'mine\n');
    const refused = await runCli(['init', VENDOR, '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(`jobtwin: --out: ${out} exists; give --force to overwrite it`);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = await runCli(['init', VENDOR, '--out', out, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^overlay: 1\.0\.0$/m);
  });

  it('refuses a bad invocation with exit code 2 and one line', async () => {
    for (const [args, message] of [
      [['init'], /init: give one spec file/],
      [['init', VENDOR, '--name', 'Bad Name'], /--name: lower-case letters/],
      [['init', 'no/such/spec.yaml'], /no\/such\/spec\.yaml: cannot read the spec/],
    ] as const) {
      const result = await runCli([...args]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
