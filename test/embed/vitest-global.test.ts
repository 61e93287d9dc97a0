// jobtwin/vitest's globalSetup in a real vitest run: a child vitest process on the fixture project,
// whose test files reach the twin through inject(); after the run the twin is gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const CONFIG = join(import.meta.dirname, 'fixtures/vitest-global/vitest.config.ts');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');

describe('jobtwin/vitest globalSetup', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('starts the twin once, provides its URLs to every file, and stops it at the end', async () => {
    child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG, '--reporter', 'verbose', '--no-color'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child!.once('close', (status) => resolve(status)));
    expect(code, out).toBe(0);
    expect(out).toMatch(/2 passed/);
    const url = /JOBTWIN_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    await expect(fetch(`${url}/__jobtwin/health`)).rejects.toThrow(); // the teardown closed it
  }, 120_000);
});
