// Bearer tokens as the services read them: a JWT judged on the twin's clock (exp, nbf), an undecodable
// JWT refused, an opaque token naming its tenant; signatures checked with an HS256 secret or a JWKS
// file's RS256/ES256 keys when configured. Every 401 in the API's own envelope.
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, T0, type Harness } from '../helpers/twin.js';
import { startMock } from '../../src/index.js';
import { jwksKeys, tenantOf } from '../../src/mock/auth.js';
import { runCli, startCli } from '../helpers/cli.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const unsigned = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }) =>
  `${b64(header)}.${b64(claims)}.c2lnbmF0dXJl`;
const hs256 = (claims: Record<string, unknown>, secret: string) => {
  const signed = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
};
const asymmetric = (claims: Record<string, unknown>, alg: 'RS256' | 'ES256', key: KeyObject, kid?: string) => {
  const signed = `${b64({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(signed), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${signed}.${signature.toString('base64url')}`;
};
const UNKNOWN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const PREVIEW = '/jobs/api/admin/prompts/preview';
const BODY = { systemPrompt: 's', userPromptTemplate: 'u' };
const T0s = Math.floor(T0 / 1000);

describe('tenantOf', () => {
  it('reads the tenant from a JWT sub, or the token itself', () => {
    expect(tenantOf(`Bearer ${unsigned({ sub: 'alice' })}`, T0)).toBe('alice');
    expect(tenantOf('Bearer opaque-token', T0)).toBe('opaque-token');
    expect(tenantOf(`Bearer ${unsigned({ scope: 'x' })}`, T0)).toBe(unsigned({ scope: 'x' }));
    expect(tenantOf('Basic abc', T0)).toBeNull();
    expect(tenantOf('Bearer', T0)).toBeNull();
    expect(tenantOf(undefined, T0)).toBeNull();
  });

  it('judges exp and nbf on the given clock, in whole seconds as jsonwebtoken does', () => {
    const token = `Bearer ${unsigned({ sub: 'alice', exp: T0s + 60 })}`;
    expect(tenantOf(token, T0)).toBe('alice');
    expect(tenantOf(token, (T0s + 59) * 1000 + 999)).toBe('alice');
    expect(tenantOf(token, (T0s + 60) * 1000)).toBeNull();
    const early = `Bearer ${unsigned({ sub: 'alice', nbf: T0s + 10 })}`;
    expect(tenantOf(early, T0)).toBeNull();
    expect(tenantOf(early, (T0s + 10) * 1000)).toBe('alice');
    expect(tenantOf(`Bearer ${unsigned({ sub: 'alice', exp: 'tomorrow' })}`, T0)).toBeNull();
  });

  it('refuses a JWT-shaped token whose header or payload does not decode to a JSON object', () => {
    expect(tenantOf('Bearer abc.def.ghi', T0)).toBeNull();
    expect(tenantOf(`Bearer ${b64('{"alg":"HS256"}')}.${b64('not json')}.sig`, T0)).toBeNull();
    expect(tenantOf(`Bearer ${b64('[1]')}.${b64({ sub: 'a' })}.sig`, T0)).toBeNull();
    // two parts or four: not JWT-shaped, an opaque token
    expect(tenantOf('Bearer abc.def', T0)).toBe('abc.def');
  });

  it('with a secret, takes only HS256 tokens it signed', () => {
    const rules = { secret: 's3cret' };
    expect(tenantOf(`Bearer ${hs256({ sub: 'alice' }, 's3cret')}`, T0, rules)).toBe('alice');
    expect(tenantOf(`Bearer ${hs256({ sub: 'alice' }, 'other')}`, T0, rules)).toBeNull();
    expect(tenantOf(`Bearer ${unsigned({ sub: 'alice' })}`, T0, rules)).toBeNull();
    expect(tenantOf(`Bearer ${unsigned({ sub: 'alice' }, { alg: 'none' })}`, T0, rules)).toBeNull();
    expect(tenantOf('Bearer opaque', T0, rules)).toBeNull();
    // a good signature does not save an expired token
    expect(tenantOf(`Bearer ${hs256({ sub: 'alice', exp: T0s }, 's3cret')}`, T0, rules)).toBeNull();
  });
});

describe('tokens on the twin (jobs and crosmos, each 401 in its own envelope)', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ apis: ['jobs', 'crosmos'] });
  });
  afterAll(() => t.close());

  it('an opaque token names a tenant; another token does not see its jobs', async () => {
    const created = await t.call('POST', PREVIEW, { body: BODY, token: 'opaque-alice' });
    expect(created.status, created.text).toBe(202);
    const id = created.body.data.jobId;
    expect((await t.call('GET', `/jobs/api/jobs/${id}`, { token: 'opaque-alice' })).status).toBe(200);
    expect((await t.call('GET', `/jobs/api/jobs/${id}`, { token: 'opaque-bob' })).status).toBe(404);
  });

  it("a JWT whose exp passes on the twin's clock is 401 once the clock moves past it", async () => {
    const token = unsigned({ sub: 'alice', exp: Math.floor(t.clock.now() / 1000) + 300 });
    const created = await t.call('POST', PREVIEW, { body: BODY, token });
    expect(created.status, created.text).toBe(202);
    const id = created.body.data.jobId;
    expect((await t.call('GET', `/jobs/api/jobs/${id}`, { token })).status).toBe(200);
    t.advance('5m');
    const jobs = await t.call('GET', `/jobs/api/jobs/${id}`, { token });
    expect(jobs.status).toBe(401);
    expect(jobs.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'Unauthorized', path: `/jobs/api/jobs/${id}` });
    const crosmos = await t.call('GET', `/crosmos/api/v1/jobs/${UNKNOWN}`, { token });
    expect(crosmos.status).toBe(401);
    expect(Object.keys(crosmos.body)).toEqual(['detail']);
    // a refreshed token (same user) reads the same job
    const refreshed = unsigned({ sub: 'alice', exp: Math.floor(t.clock.now() / 1000) + 300 });
    expect((await t.call('GET', `/jobs/api/jobs/${id}`, { token: refreshed })).status).toBe(200);
  });

  it('a JWT-shaped token that does not decode is 401', async () => {
    const res = await t.call('GET', `/jobs/api/jobs/${UNKNOWN}`, { token: 'abc.def.ghi' });
    expect(res.status).toBe(401);
    expect((await t.call('GET', `/crosmos/api/v1/jobs/${UNKNOWN}`, { token: 'abc.def.ghi' })).status).toBe(401);
  });
});

describe('signature checks on the twin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobtwin-jwks-'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(
    jwksFile,
    JSON.stringify({
      keys: [
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1' },
      ],
    }),
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const status = async (twin: { url: string }, token: string) =>
    (await fetch(`${twin.url}/api/jobs/${UNKNOWN}`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('HS256 with startMock({ jwt: { secret } }): a good signature reads, a bad one is 401', async () => {
    const twin = await startMock({ apis: ['jobs'], start: T0, jwt: { secret: 's3cret' } });
    try {
      expect(await status(twin, hs256({ sub: 'alice' }, 's3cret'))).toBe(404);
      expect(await status(twin, hs256({ sub: 'alice' }, 'wrong'))).toBe(401);
      expect(await status(twin, 'opaque')).toBe(401);
    } finally {
      await twin.close();
    }
  });

  it('a JWKS file: RS256 and ES256 signed by its keys read; another key, a tampered payload or an unknown kid are 401', async () => {
    const twin = await startMock({ apis: ['jobs'], start: T0, jwt: { jwks: jwksFile } });
    try {
      expect(await status(twin, asymmetric({ sub: 'alice' }, 'RS256', rsa.privateKey, 'rsa-1'))).toBe(404);
      expect(await status(twin, asymmetric({ sub: 'alice' }, 'RS256', rsa.privateKey))).toBe(404);
      expect(await status(twin, asymmetric({ sub: 'alice' }, 'ES256', ec.privateKey, 'ec-1'))).toBe(404);
      expect(await status(twin, asymmetric({ sub: 'alice' }, 'RS256', stranger.privateKey, 'rsa-1'))).toBe(401);
      expect(await status(twin, asymmetric({ sub: 'alice' }, 'RS256', rsa.privateKey, 'rsa-2'))).toBe(401);
      expect(await status(twin, asymmetric({ sub: 'alice' }, 'ES256', rsa.privateKey, 'ec-1').replace(/\.[^.]+$/, '.AAAA'))).toBe(401);
      const good = asymmetric({ sub: 'alice' }, 'RS256', rsa.privateKey, 'rsa-1');
      const [h, , s] = good.split('.');
      expect(await status(twin, `${h}.${b64({ sub: 'mallory' })}.${s}`)).toBe(401);
      expect(await status(twin, hs256({ sub: 'alice' }, 'any'))).toBe(401);
      // expired, though well signed
      expect(await status(twin, asymmetric({ sub: 'alice', exp: T0s - 1 }, 'ES256', ec.privateKey, 'ec-1'))).toBe(401);
    } finally {
      await twin.close();
    }
  });

  it('refuses a JWKS document it cannot use, in one line', () => {
    expect(() => jwksKeys({ keys: [] })).toThrow(/non-empty "keys"/);
    expect(() => jwksKeys({ keys: [{ kty: 'oct', k: 'abc' }] })).toThrow(/kty must be RSA or EC/);
    expect(() => jwksKeys({ keys: [rsa.privateKey.export({ format: 'jwk' })] })).toThrow(/private key/);
  });

  // the built command (npm test builds it first)
  it('jobtwin mock --jwt-secret checks HS256 signatures', async () => {
    const cli = await startCli(['--api', 'jobs', '--jwt-secret', 's3cret']);
    try {
      expect(await status(cli, hs256({ sub: 'alice' }, 's3cret'))).toBe(404);
      expect(await status(cli, hs256({ sub: 'alice' }, 'wrong'))).toBe(401);
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
    }
  });

  it('jobtwin mock --jwks with a missing file stops with exit code 2 and one line', async () => {
    const result = await runCli(['mock', '--port', '0', '--jwks', join(dir, 'missing.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--jwks: .*missing\.json: cannot read it \(ENOENT\)/);
  });
});
