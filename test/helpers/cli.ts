// The twin as a real process for the command-line and state-file tests, and small waits that poll instead of sleeping.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

/** Runs as nobody when the tests run as root, so file permissions apply to the twin. */
export const AS_UNPRIVILEGED: Pick<SpawnOptions, 'uid' | 'gid'> = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Runs the command to its end; several can run at once. */
export function runCli(args: string[], options: Pick<SpawnOptions, 'uid' | 'gid'> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 20_000, ...options });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

export interface CliTwin {
  url: string;
  output: () => string;
  /** sends the signal; resolves with the exit code (or the signal that ended it) */
  stop: (signal: NodeJS.Signals) => Promise<number | NodeJS.Signals | null>;
  waitForOutput: (pattern: RegExp) => Promise<void>;
}

/** Whether this machine lets the tests run the twin as PID 1 of its own PID namespace (as in a container). */
export const CAN_RUN_AS_PID1 = process.platform === 'linux' && spawnSync('unshare', ['--pid', '--fork', '--kill-child', 'true']).status === 0;

/** `asPid1`: the twin runs as PID 1 of a new PID namespace; signals go to it, not to unshare. */
export function startCli(args: string[], { asPid1 = false } = {}): Promise<CliTwin> {
  const command = [CLI, 'mock', '--port', '0', ...args];
  const child = asPid1
    ? spawn('unshare', ['--pid', '--fork', '--kill-child', process.execPath, ...command], { cwd: ROOT })
    : spawn(process.execPath, command, { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line:\n${out}`)), 15_000);
    child.stdout.on('data', () => {
      const m = /on (http:\/\/[^ ]+) /.exec(out);
      if (!m || !out.includes('/__jobtwin/health')) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        output: () => out,
        stop: (signal) => {
          if (asPid1) {
            const inner = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number)[0];
            process.kill(inner, signal);
          } else child.kill(signal);
          return exited;
        },
        waitForOutput: (pattern) => waitFor(() => pattern.test(out), `output matching ${pattern}:\n${out}`),
      });
    });
    void exited.then(() => reject(new Error(`exited early:\n${out}`)));
  });
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function control(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/__jobtwin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
