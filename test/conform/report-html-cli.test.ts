// `jobtwin conform --html FILE` as CI runs it: a real process against a real server. The HTML file is
// rendered from the same run record as the JSON report: re-rendering the JSON gives the same page.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtmlReport } from '../../conformance/report/html-page.js';
import type { RunResult } from '../../conformance/runner/types.js';
import { startMock, type RunningMock } from '../../src/index.js';
import { CLI, ROOT } from '../helpers/cli.js';

function conform(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'conform', ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))));
}

/** The RunResult inside a JSON report. */
function fromJson(path: string): RunResult {
  const { version: _version, tool: _tool, ...result } = JSON.parse(readFileSync(path, 'utf8'));
  return result as RunResult;
}

describe('jobtwin conform --html', () => {
  let twin: RunningMock;
  let broken: Server;
  let brokenUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'jobtwin-html-cli-'));

  beforeAll(async () => {
    twin = await startMock({ apis: ['jobs'], clock: 'system', speed: 2000, seed: 3 });
    // answers every request with a 500 and markup in a text body
    broken = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('<script>boom</script>'));
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await twin?.close();
    await new Promise((r) => broken?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('against the twin: a PASSED page, the same run as the JSON report', async () => {
    const html = join(dir, 'ok.html');
    const json = join(dir, 'ok.json');
    const r = await conform([
      '--api',
      'jobs',
      '--target',
      twin.urls.jobs,
      '--token',
      'a',
      '--seed',
      '5',
      '--runs',
      '3',
      '--max-wait-ms',
      '5000',
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<span class="verdict passed" id="verdict">PASSED</span>');
    expect(page).toBe(toHtmlReport(fromJson(json)));
  }, 120_000);

  it('against a broken server: the failure count the console prints, each failure with its curl and replay lines', async () => {
    const html = join(dir, 'broken.html');
    const json = join(dir, 'broken.json');
    const r = await conform([
      '--api',
      'jobs',
      '--target',
      brokenUrl,
      '--token',
      'a',
      '--seed',
      '9',
      '--runs',
      '3',
      '--max-wait-ms',
      '1000',
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(r.code, r.stderr).toBe(1);
    const page = readFileSync(html, 'utf8');
    const verdict = r.stdout.trim().split('\n').at(-1)!;
    expect(verdict).toMatch(/^FAILED: \d+ failures? in \d+ checks?$/);
    expect(page).toContain(`<span class="counts" id="counts">${verdict}</span>`);
    const result = fromJson(json);
    expect(page).toBe(toHtmlReport(result));
    expect(page.match(/<details class="failure /g)?.length).toBe(result.failures.length);
    expect(page.match(/class="cmd-text" id="failure-\d+-curl">curl /g)?.length).toBe(result.failures.length);
    expect(page.match(/class="cmd-text" id="failure-\d+-replay">jobtwin conform /g)?.length).toBe(result.failures.length);
    expect(page).toContain('&lt;script&gt;boom&lt;/script&gt;');
    expect(page).not.toContain('<script>boom');
  }, 120_000);

  it('--help names the option', async () => {
    const r = await conform(['--help']);
    expect(r.stdout).toMatch(/--html FILE\s+write a self-contained HTML report/);
  });
});
