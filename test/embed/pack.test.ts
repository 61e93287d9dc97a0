// The package as `npm pack` makes it: every entry point in the tarball, compiled, and usable from
// another project without a build step. Installing the tarball needs the registry (or a warm npm
// cache) for its dependencies, which a test cannot count on: the tarball is unpacked into a project's
// node_modules instead, its dependencies taken from this repository's node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('npm pack', () => {
  let dir: string;
  let files: string[];
  let app: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobtwin-pack-'));
    // dist is built by `npm test` (and by the prepack script on a real `npm pack`): skip the scripts here.
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    const [packed] = JSON.parse(out);
    files = packed.files.map((f: { path: string }) => f.path);
    app = join(dir, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', join(app, 'node_modules')]);
    execFileSync('mv', [join(app, 'node_modules/package'), join(app, 'node_modules/jobtwin')]);
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules/jobtwin/node_modules'), 'dir');
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds before packing, and keeps the command line ready to run', () => {
    expect(pkg.scripts.prepack).toMatch(/tsc -p tsconfig\.json/);
    expect(files).toContain(pkg.bin.jobtwin);
    expect(readFileSync(join(ROOT, pkg.bin.jobtwin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(files).toContain('specs/alchemyst.openapi.yaml');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('holds every file the exports name, types included', () => {
    for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
      const paths = typeof target === 'string' ? [target] : Object.values(target);
      for (const path of paths) expect(files, `${entry}: ${path}`).toContain(path.replace(/^\.\//, ''));
    }
    for (const name of ['vite', 'msw', 'vitest']) expect(pkg.exports[`./${name}`]).toBeDefined();
  });

  it('runs from the unpacked tarball with no build step: the CLI and every entry point', () => {
    const cli = spawnSync(process.execPath, [join(app, 'node_modules/jobtwin', pkg.bin.jobtwin), '--version'], { cwd: app, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout.trim()).toContain(pkg.version);
    const script = `
      const main = await import('jobtwin');
      const vite = await import('jobtwin/vite');
      const msw = await import('jobtwin/msw');
      const vitest = await import('jobtwin/vitest');
      const conformance = await import('jobtwin/conformance');
      console.log(JSON.stringify([typeof main.startMock, typeof main.jobtwinMiddleware, typeof vite.jobtwin, vite.jobtwin().apply, typeof msw.jobtwinHandlers, typeof vitest.jobtwinGlobalSetup, typeof conformance.runConformance]));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(['function', 'function', 'function', 'serve', 'function', 'function', 'function']);
  });
});
