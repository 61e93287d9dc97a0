// `jobtwin conform` as a CI step runs it: a real process with CI=true, its output, exit code or signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from '../helpers/cli.js';

export interface ConformProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** resolves when the process has exited */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `jobtwin conform ARGS`; killed after killAfterMs (a hang must not hang the tests). */
export function startConform(args: string[], env: Record<string, string | undefined> = {}, killAfterMs = 120_000): ConformProcess {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    CI: 'true',
    NO_COLOR: '1',
    JOBTWIN_TOKEN: undefined,
    JOBTWIN_OTHER_TOKEN: undefined,
    JOBTWIN_CONTROL_TOKEN: undefined,
    ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const child = spawn(process.execPath, [CLI, 'conform', ...args], { cwd: ROOT, env: merged as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export function runConformCli(args: string[], env: Record<string, string | undefined> = {}, killAfterMs?: number) {
  return startConform(args, env, killAfterMs).exited;
}
