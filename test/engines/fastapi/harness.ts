// Starts a reference FastAPI app under uvicorn on a free loopback port and stops it.
// Debian's /usr/bin/python3 carries FastAPI; the pyenv python3 on PATH does not.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
const APP_DIR = import.meta.dirname;

/** Why the engine tests cannot run here, or null when they can. */
export function fastapiMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import fastapi, pydantic, uvicorn, multipart; print(fastapi.__version__, pydantic.VERSION)'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import fastapi, pydantic, uvicorn and python-multipart: ${probe.stderr.trim().split('\n').pop()}`;
  return null;
}

export function engineVersions(): string {
  const probe = spawnSync(
    PYTHON,
    [
      '-c',
      'import fastapi, pydantic, starlette, uvicorn; print(f"FastAPI {fastapi.__version__}, Starlette {starlette.__version__}, pydantic {pydantic.VERSION}, uvicorn {uvicorn.__version__}")',
    ],
    { encoding: 'utf8' },
  );
  return probe.stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `module` is crosmos_app or contextual_app; `env` sets the default durations (JOBTWIN_APP_*_MS). */
export async function startApp(module: string, env: Record<string, string> = {}): Promise<RunningApp> {
  let lastError: Error | undefined;
  // The port is free when chosen; another process may take it before uvicorn binds: try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      PYTHON,
      ['-m', 'uvicorn', `${module}:app`, '--app-dir', APP_DIR, '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
      {
        cwd: join(APP_DIR),
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilServing(child, url, () => out);
      return { url, output: () => out, stop: () => stop(child) };
    } catch (error) {
      lastError = error as Error;
      await stop(child);
    }
  }
  throw lastError;
}

/** Polls until uvicorn answers (any status), the process exits, or 20 s pass. */
async function waitUntilServing(child: ChildProcess, url: string, out: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`uvicorn exited (${child.exitCode ?? child.signalCode}):\n${out()}`);
    try {
      await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`uvicorn did not answer within 20 s:\n${out()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
