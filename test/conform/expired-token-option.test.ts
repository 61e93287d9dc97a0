// --expired-token and JOBTWIN_EXPIRED_TOKEN reach the run's options; the flag wins over the variable.
import { describe, expect, it } from 'vitest';
import { conformOptions } from '../../src/cli/conform.js';

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
});
