// Every response the twin sends validates against its own spec, in every state: each API's jobs are
// put in each state, every lifecycle operation is called on them, and every answer, success or error,
// is checked with ajv against the operation's documented response (the harness throws otherwise).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_APIS } from '../../src/spec/bundled.js';
import { startTwin, type Harness } from '../helpers/twin.js';

const INPUTS: Record<string, unknown> = {
  alchemyst: { documents: [{ content: 'x' }], source: 's', context_type: 'resource', scope: 'internal' },
  crosmos: { space_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', sources: [{ content: 'a' }, { content: 'b' }] },
  contextual: { raw_file: { filename: 'report.pdf', contentType: 'application/pdf', size: 1024 } },
  jobs: { systemPrompt: 'be brief', userPromptTemplate: 'hi' },
};
const UNKNOWN: Record<string, string> = {
  alchemyst: 'job_UNKNOWN',
  crosmos: '00000000-0000-4000-8000-000000000000',
  contextual: '00000000-0000-4000-8000-000000000000',
  jobs: '00000000-0000-4000-8000-000000000000',
};

function fill(path: string, id: string): string {
  return path.replace(/\{[^}]+\}/, encodeURIComponent(id));
}

describe('every answer validates against the spec, in every state', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin();
  });
  afterAll(() => t.close());

  for (const name of BUNDLED_APIS) {
    it(`${name}: every lifecycle operation in every state, and its errors`, async () => {
      const api = t.twin.api(name)!;
      const prefix = `/${name}${api.basePath}`;
      const reads = api.operations.filter((op) => op.ext && op.ext.role !== 'create' && op.ext.role !== 'cancel');
      const cancel = api.byRole.cancel;
      const states = api.ext.lifecycle.states;
      const before = t.checked;
      for (const state of states) {
        for (const outcome of ['succeed', 'fail', 'partial'] as const) {
          if (outcome === 'partial' && !api.ext.lifecycle.outcomes.partial) continue;
          const created = await t.control('POST', '/jobs', { api: name, tenant: 'walker', state, outcome, input: INPUTS[name] });
          expect(created.status, JSON.stringify(created.body)).toBe(201);
          const id = created.body.id as string;
          for (const op of reads) {
            const query = op.ext!.role === 'results' ? '?output_types=markdown-document&output_types=markdown-per-page' : '';
            const res = await t.call(op.method.toUpperCase(), `${prefix}${fill(op.path, id)}${query}`, { token: 'walker' });
            expect(res.status).toBe(op.successStatus);
            if (op.ext!.role === 'status') expect(JSON.stringify(res.body)).toContain(state);
          }
          if (cancel) {
            const res = await t.call('DELETE', `${prefix}${fill(cancel.path, id)}`, { token: 'walker' });
            const rule = api.ext.lifecycle.cancel!;
            const expected = rule.allowed.includes(state) ? 200 : rule.conflict.includes(state) ? 409 : 404;
            expect(res.status, `cancel in ${state}`).toBe(expected);
          }
        }
        // Later states than the clock's present: walk the clock so timelines go on, then read again.
        t.advance('1h');
        for (const op of reads.filter((o) => o.ext!.role === 'list')) await t.call('GET', `${prefix}${op.path}`, { token: 'walker' });
      }

      for (const op of api.operations) {
        const path = `${prefix}${fill(op.path, UNKNOWN[name])}`;
        const method = op.method.toUpperCase();
        // 401 without a token
        const anonymous = await t.call(method, path, { token: null });
        expect(anonymous.status).toBe(401);
        // 404 for an unknown job
        if (op.ext?.jobId) expect((await t.call(method, path, { token: 'walker' })).status).toBe(404);
        // the documented validation status for a malformed id
        if (op.ext?.jobId) {
          const bad = await t.call(method, `${prefix}${fill(op.path, 'not a valid id!')}`, { token: 'walker' });
          expect(bad.status).toBe(api.ext.errors.validationStatus);
        }
        // an injected 500 where the operation documents one
        if (op.statuses.has('500')) {
          await t.control('POST', '/faults', { kind: 'status', status: 500, api: name, method, times: 1 });
          expect((await t.call(method, path, { token: 'walker' })).status).toBe(500);
        }
        // 402 and 403 simulated where documented
        for (const status of [402, 403]) {
          if (!op.statuses.has(String(status))) continue;
          await t.control('PUT', '/tenants/broke', { simulate: status });
          expect(
            (await t.call(method, path, { token: 'broke', body: op.ext?.role === 'create' && name !== 'contextual' ? INPUTS[name] : undefined })).status,
          ).toBe(status);
          await t.control('DELETE', '/tenants/broke');
        }
      }
      expect(t.checked - before).toBeGreaterThan(states.length * reads.length);
    });
  }
});
