// An operation without a lifecycle role is answered by prism-http's mocker, after auth and validation.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';

describe('prism-http fallback', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ specs: [join(import.meta.dirname, '../../fixtures/specs/fallback.openapi.yaml')] });
  });
  afterAll(() => t.close());

  it('answers a role-less operation with its documented example', async () => {
    const res = await t.call('GET', '/widgets/7');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 7, name: 'sprocket' });
  });

  it('still wants a token and a valid request', async () => {
    expect((await t.call('GET', '/widgets/7', { token: null })).status).toBe(401);
    expect((await t.call('GET', '/widgets/zero', { unchecked: true })).status).toBe(400);
  });

  it('serves the lifecycle operations of the same spec beside it', async () => {
    const created = await t.call('POST', '/jobs', { body: { name: 'x' } });
    expect(created.status).toBe(202);
    expect((await t.call('GET', `/jobs/${created.body.id}`)).body.status).toBe('queued');
  });
});
