// The control interface can move the clock and read every tenant's jobs: off loopback it needs a token.
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { isLoopback } from '../../src/mock/control/auth.js';

/** An address of this machine that is not loopback, when it has one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('the control interface off loopback', () => {
  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.2', 'fe80::1', '', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });

  describe.skipIf(!external)('on a non-loopback address', () => {
    let open: RunningMock;
    let guarded: RunningMock;
    beforeAll(async () => {
      open = await startMock({ host: '0.0.0.0', apis: ['jobs'] });
      guarded = await startMock({ host: '0.0.0.0', apis: ['jobs'], controlToken: 'c0ntrol-t0ken' });
    });
    afterAll(async () => {
      await open.close();
      await guarded.close();
    });

    it('answers 403 without a token configured, but still serves health, the API and loopback callers', async () => {
      expect((await fetch(`http://${external}:${open.port}/__jobtwin/health`)).status).toBe(200);
      const far = await fetch(`http://${external}:${open.port}/__jobtwin/clock`);
      expect(far.status).toBe(403);
      expect(await far.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/only on loopback.*--control-token/) } });
      expect((await fetch(`http://127.0.0.1:${open.port}/__jobtwin/clock`)).status).toBe(200);
      expect((await fetch(`http://${external}:${open.port}/jobs/api/jobs/x`, { headers: { authorization: 'Bearer a' } })).status).toBe(404);
    });

    it('with a token, answers any caller that carries it, and no caller without it', async () => {
      expect((await fetch(`http://${external}:${guarded.port}/__jobtwin/clock`, { headers: { 'x-jobtwin-token': 'c0ntrol-t0ken' } })).status).toBe(200);
      expect((await fetch(`http://${external}:${guarded.port}/__jobtwin/clock`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${guarded.port}/__jobtwin/clock`)).status).toBe(401);
    });
  });
});
