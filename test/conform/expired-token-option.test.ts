// --expired-token and JOBTWIN_EXPIRED_TOKEN reach the run's options (the flag wins over the variable) and its replay lines.
import { describe, expect, it } from 'vitest';
import { conformOptions } from '../../src/cli/conform.js';
import { replayBase } from '../../conformance/runner/run.js';

describe('jobtwin conform --expired-token', () => {
  const base = ['--api', 'jobs', '--target', 'http://127.0.0.1:1'];

  it('is read from the flag, then from JOBTWIN_EXPIRED_TOKEN, and is absent otherwise', () => {
    const read = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const o = conformOptions([...base, ...argv], env);
      if (typeof o === 'string') throw new Error(o);
      return o.expiredToken;
    };
    expect(read(['--expired-token', 'e.x.p'])).toBe('e.x.p');
    expect(read([], { JOBTWIN_EXPIRED_TOKEN: 'from.env.var' })).toBe('from.env.var');
    expect(read(['--expired-token', 'flag.wins.x'], { JOBTWIN_EXPIRED_TOKEN: 'from.env.var' })).toBe('flag.wins.x');
    expect(read([])).toBeUndefined();
    expect(read([], { JOBTWIN_EXPIRED_TOKEN: '' })).toBeUndefined();
  });

  it('is named in replay lines through its variable, never as text', () => {
    const line = replayBase({ api: 'jobs', target: 'http://127.0.0.1:1', token: 'a.b.c', expiredToken: 'e.x.p' }, 7);
    expect(line).toContain('--token "$JOBTWIN_TOKEN" --expired-token "$JOBTWIN_EXPIRED_TOKEN"');
    expect(line).not.toContain('e.x.p');
    expect(replayBase({ api: 'jobs', target: 'http://127.0.0.1:1' }, 7)).not.toContain('--expired-token');
  });

  it('reruns with the overlays, --strict and the phases of the run', () => {
    const line = replayBase(
      { spec: 'vendor.yaml', overlays: ['a.overlay.yaml', 'my dir/b.yaml'], target: 'http://127.0.0.1:1', strict: true, phases: ['lifecycle'] },
      7,
    );
    expect(line).toBe(
      "jobtwin conform --spec vendor.yaml --overlay a.overlay.yaml --overlay 'my dir/b.yaml' --target http://127.0.0.1:1 --seed 7 --strict --phases lifecycle",
    );
  });
});
