// HEAD is a method like any other: the contract answers an undocumented HEAD 405 with Allow, for every
// bundled API (FastAPI does so for a GET route; the contract decides for the other engines too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';

describe('HEAD on a GET operation', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin();
  });
  afterAll(() => t.close());

  it('answers 405 with the documented methods in Allow, on every API', async () => {
    const seen: string[] = [];
    for (const api of t.twin.apiList()) {
      const prefix = new URL(t.urls[api.name]).pathname.replace(/\/$/, '');
      for (const op of api.operations.filter((o) => o.method === 'get')) {
        const path = prefix + op.path.replace(/\{[^}]+\}/g, '0896fc61-2615-4e52-8b01-c0a4d850ade2');
        const res = await fetch(`${t.url}${path}`, { method: 'HEAD', headers: { authorization: 'Bearer tenant-a' } });
        const allow = api.operations.filter((o) => o.path === op.path).map((o) => o.method.toUpperCase());
        expect([path, res.status, res.headers.get('allow')?.split(', ').sort()]).toEqual([path, 405, allow.sort()]);
        seen.push(api.name);
      }
    }
    expect(new Set(seen)).toEqual(new Set(['alchemyst', 'crosmos', 'contextual', 'jobs']));
  });
});
