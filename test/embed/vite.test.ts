// jobtwin/vite in a real Vite dev server on a free port: the app's files, the twin's APIs and its
// control interface on one origin, over real HTTP.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { jobtwin, type JobtwinVitePlugin } from '../../src/embed/vite.js';
import { AUTH, T0, alchemystStatus, createAlchemystJob } from './helpers.js';

describe('jobtwin/vite in a Vite dev server', () => {
  let root: string;
  let server: ViteDevServer;
  let plugin: JobtwinVitePlugin;
  let url: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'jobtwin-vite-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><html><body><h1>host app</h1><script type="module" src="/main.js"></script></body></html>');
    writeFileSync(join(root, 'main.js'), "export const marker = 'from-the-app';\n");
    plugin = jobtwin({ apis: ['alchemyst', 'crosmos'], seed: 5, start: T0 });
    server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
      plugins: [plugin],
    });
    await server.listen();
    const { port } = server.httpServer!.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('drives a job through the dev server: create, status, control clock advance, status again', async () => {
    const base = `${url}/alchemyst/api/v1`;
    const id = await createAlchemystJob(base);
    expect(await alchemystStatus(base, id)).toBe('waiting');
    const moved = await fetch(`${url}/__jobtwin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"2s"}' });
    expect(moved.status).toBe(200);
    expect(await alchemystStatus(base, id)).toBe('active');
    (await plugin.twin()).advance('3s');
    expect(await alchemystStatus(base, id)).toBe('completed');
  });

  it('keeps serving the app’s own files, and its SPA fallback for other paths', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>host app</h1>');
    const script = await fetch(`${url}/main.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('from-the-app');
    const route = await fetch(`${url}/some/client/route`, { headers: { accept: 'text/html' } });
    expect(await route.text()).toContain('<h1>host app</h1>');
  });

  it('answers its own 404 under an API mount in the API envelope, not with the app’s page', async () => {
    const res = await fetch(`${url}/crosmos/api/v1/nothing-here`, { headers: { ...AUTH, accept: 'text/html,application/json' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('is for the dev server only', () => {
    expect(plugin.apply).toBe('serve');
  });
});

describe('jobtwin/vite when the dev server closes', () => {
  it('stops the twin and saves its state file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jobtwin-vite-state-'));
    const stateFile = join(root, 'twin.state');
    let server: ViteDevServer | undefined;
    try {
      writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
      server = await createServer({
        root,
        configFile: false,
        logLevel: 'silent',
        server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
        // a save only at close: the period is far longer than the test
        plugins: [jobtwin({ apis: ['alchemyst'], seed: 5, start: T0, stateFile, saveInterval: '1h' })],
      });
      await server.listen();
      const { port } = server.httpServer!.address() as AddressInfo;
      const id = await createAlchemystJob(`http://127.0.0.1:${port}/api/v1`);
      expect(existsSync(stateFile)).toBe(false);
      await server.close();
      server = undefined;
      expect(readFileSync(stateFile, 'utf8')).toContain(id);
    } finally {
      await server?.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('jobtwin/vite under a path', () => {
  it('serves the APIs and the control interface under it, and leaves the rest to Vite', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jobtwin-vite-path-'));
    let server: ViteDevServer | undefined;
    try {
      writeFileSync(join(root, 'index.html'), '<!doctype html><h1>app</h1>');
      server = await createServer({
        root,
        configFile: false,
        logLevel: 'silent',
        server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
        plugins: [jobtwin({ apis: ['alchemyst', 'jobs'], seed: 5, start: T0, path: '/mock' })],
      });
      await server.listen();
      const { port } = server.httpServer!.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      const base = `${url}/mock/alchemyst/api/v1`;
      const id = await createAlchemystJob(base);
      await fetch(`${url}/mock/__jobtwin/clock/advance`, { method: 'POST', body: '{"by":"2s"}' });
      expect(await alchemystStatus(base, id)).toBe('active');
      expect(
        (await fetch(`${url}/alchemyst/api/v1/context/add-async/${id}/status`, { headers: { ...AUTH, accept: 'text/html' } })).headers.get('content-type'),
      ).toMatch(/text\/html/);
      expect(await (await fetch(`${url}/`)).text()).toContain('<h1>app</h1>');
    } finally {
      await server?.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
