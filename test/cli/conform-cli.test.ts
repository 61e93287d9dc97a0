// `jobtwin conform` as CI runs it: a real process, exit codes, reports, against real servers on loopback.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, 'conform', ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr, ms: Date.now() - t0 }))));
}

describe('jobtwin conform (the command)', () => {
  let twin: RunningMock;
  let broken: Server;
  let brokenUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'jobtwin-conform-'));

  beforeAll(async () => {
    twin = await startMock({ apis: ['jobs'], clock: 'system', speed: 2000, seed: 3 });
    // answers every request with a 500 and a text body
    broken = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await twin.close();
    await new Promise((r) => broken.close(r));
  });

  it('exits 2 with one line for a bad invocation', async () => {
    for (const args of [
      [],
      ['--api', 'jobs'],
      ['--api', 'nope', '--target', 'http://127.0.0.1:1'],
      ['--api', 'jobs', '--target', 'not a url'],
      ['--api', 'jobs', '--target', 'http://127.0.0.1:1', '--checks', 'made_up'],
      ['--api', 'jobs', '--spec', 'x.yaml', '--target', 'http://127.0.0.1:1'],
      ['--bogus'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^jobtwin: /);
    }
  });

  it('exits 2 for a spec that does not load, naming the spot', async () => {
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\nx-jobtwin: {version: 1}\n');
    const r = await run(['--spec', spec, '--target', 'http://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
  });

  it('lists the checks', async () => {
    const r = await run(['--list-checks']);
    expect(r.code).toBe(0);
    for (const name of ['not_a_server_error', 'lifecycle_transitions', 'retention', 'response_headers_conformance']) expect(r.stdout).toContain(name);
  });

  it('exits 0 against the twin and writes JUnit and JSON reports', async () => {
    const junit = join(dir, 'ok.xml');
    const json = join(dir, 'ok.json');
    const r = await run([
      '--api',
      'jobs',
      '--target',
      twin.urls.jobs,
      '--token',
      'a',
      '--other-token',
      'b',
      '--seed',
      '5',
      '--runs',
      '4',
      '--max-wait-ms',
      '5000',
      '--junit',
      junit,
      '--json',
      json,
    ]);
    expect(r.stdout + r.stderr).toContain('PASSED');
    expect(r.code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('failures="0"');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.seed).toBe(5);
    expect(report.failures).toEqual([]);
    expect(report.exchanges).toBeGreaterThan(20);
  }, 60_000);

  it('exits 1 against a broken server, with a curl line and a replay line that reproduce it, in bounded time', async () => {
    const junit = join(dir, 'broken.xml');
    const r = await run(['--api', 'jobs', '--target', brokenUrl, '--token', 'a', '--seed', '9', '--runs', '3', '--max-wait-ms', '1000', '--junit', junit]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[not_a_server_error]');
    expect(r.stdout).toContain(`curl -sS -i`);
    expect(r.stdout).toContain(brokenUrl);
    expect(r.stdout).toMatch(/replay: jobtwin conform --api jobs --target \S+ --seed 9 .*--replay '[a-z]+\/[^']+:9(:[\d:]+)?'/);
    expect(r.stdout).not.toContain(' a\n');
    expect(existsSync(junit)).toBe(true);
    expect(readFileSync(junit, 'utf8')).toContain('<failure');
    // the token never appears in the output: the curl line names $JOBTWIN_TOKEN
    expect(r.stdout).toContain('$JOBTWIN_TOKEN');
    const replay = /--replay '([^']+)'/.exec(r.stdout)![1];
    const again = await run(['--api', 'jobs', '--target', brokenUrl, '--seed', '9', '--runs', '3', '--replay', replay], { JOBTWIN_TOKEN: 'a' });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('[not_a_server_error]');
  }, 60_000);

  it("runs the README's example as written, with the token variables unset", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The conformance suite: `jobtwin conform`'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    expect(lines[0]).toMatch(/^npx jobtwin mock --api alchemyst --speed 100 &/);
    const example = await startMock({ apis: ['alchemyst'], clock: 'system', speed: 100 });
    try {
      // the twin the first line starts is this one; the rest runs as printed, with this build for npx jobtwin
      const script = lines
        .slice(1)
        .join('\n')
        .replaceAll('npx jobtwin', `'${process.execPath}' '${CLI}'`)
        .replaceAll('http://127.0.0.1:4010', example.urls.alchemyst);
      const cwd = mkdtempSync(join(tmpdir(), 'jobtwin-readme-'));
      const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1' };
      for (const name of ['JOBTWIN_TOKEN', 'JOBTWIN_OTHER_TOKEN', 'JOBTWIN_CONTROL_TOKEN']) delete env[name];
      const child = spawn('/bin/sh', ['-c', script], { cwd, env });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => (clearTimeout(timer), resolve(c))));
      expect(out).toMatch(/^PASSED$/m);
      expect(code).toBe(0);
      expect(readFileSync(join(cwd, 'conform.xml'), 'utf8')).toContain('failures="0"');
    } finally {
      await example.close();
    }
  }, 180_000);

  it('reports a refused connection as a failure, not a crash', async () => {
    // a port that was free a moment ago: nothing listens there
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const r = await run(['--api', 'jobs', '--target', `http://127.0.0.1:${port}`, '--token', 'a', '--runs', '2', '--phases', 'examples,stateless']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('refused');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  }, 60_000);
});
