// The command as a user runs it: a real process, real HTTP, real signals.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, startCli } from '../helpers/cli.js';

function run(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
}

describe('jobtwin mock (the command)', () => {
  it('serves all four APIs under their names, answers health, and stops on SIGTERM with 0', async () => {
    const twin = await startCli(['--seed', '5', '--speed', '10']);
    expect(twin.output()).toMatch(/4 APIs on http:\/\/127\.0\.0\.1:\d+ \(seed 5, speed 10, clock system\)/);
    for (const mount of ['/alchemyst', '/crosmos', '/contextual/v1', '/jobs']) expect(twin.output()).toContain(mount);
    const health = await fetch(`${twin.url}/__jobtwin/health`).then((r) => r.json());
    expect(health.status).toBe('ok');
    expect(health.apis.map((a: any) => a.name).sort()).toEqual(['alchemyst', 'contextual', 'crosmos', 'jobs']);
    const created = await fetch(`${twin.url}/jobs/api/admin/prompts/preview`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ systemPrompt: 's', userPromptTemplate: 'u' }),
    });
    expect(created.status).toBe(202);
    expect(await twin.stop('SIGTERM')).toBe(0);
  });

  it('serves one API at its own server path', async () => {
    const twin = await startCli(['--api', 'contextual', '--clock', 'frozen']);
    const res = await fetch(`${twin.url}/v1/parse/jobs`, { headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jobs: [], total_jobs: 0 });
    expect(await twin.stop('SIGINT')).toBe(0);
  });

  it('records the webhooks a create asks for with --webhooks record, to a host --webhook-allow allows', async () => {
    const spec = join(ROOT, 'fixtures/specs/replicate/predictions.openapi.yaml');
    const twin = await startCli(['--spec', spec, '--clock', 'frozen', '--webhooks', 'record', '--webhook-allow', 'hooks.example.test']);
    const created = await fetch(`${twin.url}/v1/predictions`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ version: 'v1', input: {}, webhook: 'https://hooks.example.test/in' }),
    });
    expect(created.status).toBe(202);
    const shown = await fetch(`${twin.url}/__jobtwin/webhooks`).then((r) => r.json());
    expect(shown).toMatchObject({ mode: 'record', allow: ['hooks.example.test'], deliveries: [{ state: 'starting', url: 'https://hooks.example.test/in' }] });
    expect(await twin.stop('SIGTERM')).toBe(0);
  });

  it('refuses a bad invocation with exit code 2 and one line', () => {
    for (const [args, message] of [
      [['mock', '--api', 'nope'], /unknown API "nope": the bundled ones are alchemyst, crosmos, contextual, jobs/],
      [['mock', '--port', 'abc'], /--port: a port from 0 to 65535/],
      [['mock', '--speed', '0'], /--speed: a number above 0/],
      [['mock', '--clock', 'sundial'], /--clock: system or frozen/],
      [['mock', '--webhooks', 'loud'], /--webhooks: send or record \(got "loud"\)/],
      [['mock', '--webhook-allow', 'a b'], /--webhook-allow: "a b" is not a host name or address/],
      [['mock', '--webhook-secret', 'hunter2'], /--webhook-secret: a Standard Webhooks secret/],
      [['mock', '--bogus'], /Unknown option '--bogus'/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ] as const) {
      const result = run([...args]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('refuses a bad spec at start-up, naming the spot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths: {}\nx-jobtwin: {version: 1, name: Bad}\n');
    const result = run(['mock', '--spec', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}#/x-jobtwin`);
    expect(result.stderr).toMatch(/name: must match pattern/);
  });

  it('refuses a template the spec cannot serve at start-up, naming the spot, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-'));
    const spec = join(ROOT, 'fixtures/specs/tiny.openapi.yaml');
    const target = "$.paths['/jobs/{id}'].get['x-jobtwin']";
    for (const [status, message] of [
      ['{{job.status', /get\/x-jobtwin\/body\/status: unclosed "\{\{"/],
      ['{{job.stauts}}', /get\/x-jobtwin\/body\/status: unknown field job\.stauts \(did you mean job\.status\?\)/],
      ['{{job.attempts}}', /get\/x-jobtwin\/body\/status: rendered for a job in state "queued", .*: \/status must be string/],
    ] as const) {
      const overlay = join(dir, 'fix.overlay.json');
      writeFileSync(overlay, JSON.stringify({ overlay: '1.0.0', info: { title: 'fix', version: '1' }, actions: [{ target, update: { body: { status } } }] }));
      const result = run(['mock', '--port', '0', '--spec', spec, '--overlay', overlay]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`${spec} (+ ${overlay})#/paths/~1jobs~1{id}/get/x-jobtwin/body`);
      expect(result.stderr).toMatch(message);
    }
  });

  it('prints its version and the bundled specs', () => {
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run(['specs']).stdout).toMatch(/contextual\s+.*specs\/contextual\.openapi\.yaml/);
  });
});
