// A failure's replay line, run as printed (a shell, the token from the environment), repeats the same
// failure: for a lifecycle failure that means fast-check's seed, path and replayPath bring back the
// shrunk command sequence, not a fresh one.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroken, type RunningBroken } from '../../fixtures/broken/index.js';
import { CLI, ROOT } from '../helpers/cli.js';

function sh(command: string, env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('/bin/sh', ['-c', command], { cwd: ROOT, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))));
}

/** `jobtwin …` as the report prints it, run with this build. */
const asBuilt = (line: string) => line.replace(/^jobtwin /, `'${process.execPath}' '${CLI}' `);

describe('replay lines run as printed and repeat the failure', () => {
  let broken: RunningBroken;
  beforeAll(async () => {
    broken = await startBroken('crosmos-back-to-pending');
  });
  afterAll(() => broken?.close());

  it('replays a shrunk lifecycle sequence from a broken target and gets the same failure', async () => {
    const env = { JOBTWIN_TOKEN: 'tenant-a', JOBTWIN_OTHER_TOKEN: undefined };
    const first = await sh(
      asBuilt(`jobtwin conform --api crosmos --target '${broken.target}' --token "$JOBTWIN_TOKEN" --phases lifecycle --seed 4 --runs 6 --max-wait-ms 8000`),
      env,
    );
    expect(first.code, first.stdout + first.stderr).toBe(1);
    const block = first.stdout.split(/\n(?=\d+\. \[)/).find((b) => b.includes('[lifecycle_transitions]'));
    expect(block, first.stdout).toBeDefined();
    const replayLine = /replay: (.*)/.exec(block!)![1];
    // the line names the token through the environment, and the sequence's replayPath
    expect(replayLine).toContain('--token "$JOBTWIN_TOKEN"');
    expect(replayLine).not.toContain('tenant-a');
    expect(replayLine).toMatch(/--replay 'lifecycle\/[^']+\/commands:-?\d+:[\d:]+~[A-Za-z0-9+/]*:[A-Za-z0-9+/]*'/);

    const again = await sh(asBuilt(replayLine), env);
    expect(again.code, again.stdout + again.stderr).toBe(1);
    const replayed = again.stdout.split(/\n(?=\d+\. \[)/).find((b) => b.includes('[lifecycle_transitions]'));
    expect(replayed, again.stdout).toBeDefined();
    // the same case: same operation, same replay (seed, path and replayPath), and one case's worth of requests
    expect(/replay: (.*)/.exec(replayed!)![1]).toBe(replayLine);
    expect(replayed!.split('\n')[0]).toBe(block!.split('\n')[0].replace(/×\d+/, '×1'));
    const exchanges = (text: string) => Number(/exchanges: (\d+)/.exec(text)![1]);
    expect(exchanges(again.stdout)).toBeLessThan(exchanges(first.stdout));
  }, 180_000);

  it("replays a case one of the concurrent sequence runs found (its seed is not the run's) and prints the same line", async () => {
    const env = { JOBTWIN_TOKEN: 'tenant-a', JOBTWIN_OTHER_TOKEN: undefined };
    // the second of two concurrent runs of a --seed 4 run has seed 4 + 7919: found here alone, printed
    // as that run would print it
    const alone = await sh(
      asBuilt(
        `jobtwin conform --api crosmos --target '${broken.target}' --token "$JOBTWIN_TOKEN" --phases lifecycle --seed 7923 --runs 6 --workers 1 --max-wait-ms 8000`,
      ),
      env,
    );
    expect(alone.code, alone.stdout + alone.stderr).toBe(1);
    const block = alone.stdout.split(/\n(?=\d+\. \[)/).find((b) => b.includes('[lifecycle_transitions]'));
    expect(block, alone.stdout).toBeDefined();
    const line = /replay: (.*)/.exec(block!)![1].replace('--seed 7923 --runs 6', '--seed 4 --runs 6');
    expect(line).toMatch(/--seed 4 .*--replay 'lifecycle\/[^']+\/commands:7923:/);

    const again = await sh(asBuilt(line), env);
    expect(again.code, again.stdout + again.stderr).toBe(1);
    const replayed = again.stdout.split(/\n(?=\d+\. \[)/).find((b) => b.includes('[lifecycle_transitions]'));
    expect(/replay: (.*)/.exec(replayed!)![1]).toBe(line);
  }, 180_000);
});
