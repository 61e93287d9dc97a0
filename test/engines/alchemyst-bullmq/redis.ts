// A throwaway redis-server for engine tests: a free loopback port, no persistence, a temp dir; ready
// once it answers PING, stopped (and its dir removed) by stop().
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** Why redis-server cannot run here, or null when it can. */
export function redisMissing(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) return `redis-server is not installed (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  if (probe.status !== 0) return `redis-server --version exited ${probe.status}`;
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** One PING over a raw socket: true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done(text.startsWith('+PONG'));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'jobtwin-redis-'));
  let lastError = '';
  // The port is free when probed but could be taken before redis binds it: try a few.
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
    child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
    child.once('error', (error) => (output += `\n${error.message}`));
    let stopped = false;
    void exited(child).then(() => (stopped = true));
    const deadline = Date.now() + 15_000;
    // Readiness is a PONG, polled until it comes, the process dies or the deadline passes.
    while (!stopped && Date.now() < deadline) {
      if (await ping(port)) {
        return {
          host: '127.0.0.1',
          port,
          async stop() {
            await stopChild(child);
            await rm(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await stopChild(child);
    lastError = stopped
      ? `redis-server exited: ${output.trim().split('\n').slice(-3).join(' | ')}`
      : `redis-server did not answer PING on port ${port} within 15 s`;
    if (!/address already in use/i.test(output)) break;
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(lastError);
}
