// A vendor that documents only 200s: the errors the twin answers anyway are rendered as the overlay's
// x-jobtwin errors.assumed declares them (media type and envelope), and each answer is checked by the
// harness against the assumed schema.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';

const DIR = join(import.meta.dirname, '../../fixtures/specs/assumed');
const PROBLEM = { type: 'about:blank', title: expect.any(String), status: expect.any(Number), detail: expect.any(String) };

describe('assumed error answers on the twin', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ specs: [join(DIR, 'tasks.openapi.yaml')], overlays: [join(DIR, 'tasks.overlay.yaml')] });
  });
  afterAll(() => t.close());

  it('answers an unknown task 404 in application/problem+json', async () => {
    const res = await t.call('GET', '/v1/tasks/3f2b8c1e-5d7a-4e2b-9c1d-0a1b2c3d4e5f');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toEqual({ ...PROBLEM, title: 'Not Found', status: 404 });
  });

  it('answers no token 401 and a bad body 400 in the same shape', async () => {
    const unauthorized = await t.call('POST', '/v1/tasks', { token: null, body: { url: 'https://example.test' } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unauthorized.body).toEqual({ ...PROBLEM, status: 401 });
    const invalid = await t.call('POST', '/v1/tasks', { body: { url: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(invalid.body).toEqual({ ...PROBLEM, status: 400 });
  });

  it('keeps JSON for the documented answers', async () => {
    const created = await t.call('POST', '/v1/tasks', { body: { url: 'https://example.test' } });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(created.body).toMatchObject({ state: 'queued' });
    expect(t.checked).toBeGreaterThanOrEqual(4);
  });
});

describe('a documented error answer in another JSON media type', () => {
  let t: Harness;
  beforeAll(async () => {
    // the vendor documents the status read's 404 as problem details: the documented answer wins over
    // the assumed one, and the twin answers in the media type the document names
    const extra = join(mkdtempSync(join(tmpdir(), 'jobtwin-media-')), 'documented-404.overlay.yaml');
    writeFileSync(
      extra,
      [
        'overlay: 1.0.0',
        'info: { title: a documented 404, version: 1.0.0 }',
        'actions:',
        "  - target: $.paths['/tasks/{task_id}'].get.responses",
        '    update:',
        "      '404':",
        '        description: no such task',
        '        content:',
        "          application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } }",
      ].join('\n'),
    );
    t = await startTwin({ specs: [join(DIR, 'tasks.openapi.yaml')], overlays: [join(DIR, 'tasks.overlay.yaml'), extra] });
  });
  afterAll(() => t.close());

  it('answers it in that media type, checked against the documented schema', async () => {
    const res = await t.call('GET', '/v1/tasks/3f2b8c1e-5d7a-4e2b-9c1d-0a1b2c3d4e5f');
    expect([res.status, res.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
    expect(res.body).toEqual({ ...PROBLEM, title: 'Not Found', status: 404 });
    expect(t.checked).toBeGreaterThanOrEqual(1);
  });
});
