// jobtwin conform on a vendor's document that documents only 200s, with its errors assumed in the
// overlay (x-jobtwin errors.assumed): its own twin passes, and says the verdict rests on the
// assumption; a 404 in another shape fails only with --strict; a status neither documented nor
// assumed still fails.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { runConformance } from '../../conformance/index.js';
import type { RunResult } from '../../conformance/runner/types.js';
import { toJUnit } from '../../conformance/report/junit.js';
import { formatSummary } from '../../conformance/report/console.js';
import { jsonAnswer, startProxy, type RunningProxy } from '../../fixtures/broken/proxy.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const DIR = join(import.meta.dirname, '../../fixtures/specs/assumed');
const SPEC = join(DIR, 'tasks.openapi.yaml');
const OVERLAY = join(DIR, 'tasks.overlay.yaml');
const RESPONSE_CHECKS = ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];

/** A target that answers a task's 404 (an unknown id) its own way; everything else is the twin's. */
async function answering404(twin: RunningMock, status: number, body: unknown, contentType: string): Promise<{ proxy: RunningProxy; target: string }> {
  const prefix = new URL(twin.urls.tasks).pathname.replace(/\/+$/, '');
  const proxy = await startProxy(twin.url, {
    claims: (method, url) => method === 'GET' && /\/tasks\/[^/?]+(\?|$)/.test(url),
    async handle(x) {
      const up = await x.forward();
      return up.status === 404 ? { ...jsonAnswer(status, body), headers: { 'content-type': contentType } } : up;
    },
  });
  return { proxy, target: `${proxy.url}${prefix}` };
}

function run(target: string, strict: boolean): Promise<RunResult> {
  return runConformance({
    spec: SPEC,
    overlays: [OVERLAY],
    target,
    token: 'tenant-a',
    otherToken: 'tenant-b',
    seed: 4,
    runs: 4,
    phases: ['stateless'],
    checks: RESPONSE_CHECKS,
    strict,
    maxWaitMs: 10_000,
    requestTimeoutMs: 5_000,
  });
}

const failed = (result: RunResult) => [...new Set(result.failures.map((f) => `${f.check} ${f.operation}`))].sort();

describe('assumed error answers in the suite', () => {
  it('passes the twin of the spec and its overlay, and notes what rests on the assumption', async () => {
    const result = await conformOwnTwin(SPEC, [OVERLAY]);
    expect(result.failures).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.assumptions).toContain(
      'assumed: 404 on get_task (x-jobtwin errors.assumed): accepted as documented; its media type and body are checked only with --strict',
    );
    expect(result.assumptions.filter((a) => a.startsWith('assumed: 401 on get_task'))).toHaveLength(1);
  });

  it('passes its twin with --strict: the twin answers in the assumed media type and schema', async () => {
    const result = await conformOwnTwin(SPEC, [OVERLAY], { strict: true });
    expect(result.failures).toBe('');
    expect(result.judged.response_schema_conformance).toBeGreaterThan(0);
    expect(result.assumptions).toContain(
      'assumed: 404 on get_task (x-jobtwin errors.assumed): accepted as documented and held to application/problem+json and its schema (--strict)',
    );
  });

  describe('a target whose 404 has another shape', () => {
    let twin: RunningMock;
    let wrongShape: { proxy: RunningProxy; target: string };
    let undocumented: { proxy: RunningProxy; target: string };
    beforeAll(async () => {
      twin = await startMock({ specs: [SPEC], overlays: [OVERLAY], clock: 'system', speed: 2000, seed: 5 });
      wrongShape = await answering404(twin, 404, { error: 'no such task' }, 'application/problem+json');
      undocumented = await answering404(twin, 410, { type: 'about:blank', title: 'Gone', status: 410, detail: 'gone' }, 'application/problem+json');
    });
    afterAll(async () => {
      await wrongShape.proxy.close();
      await undocumented.proxy.close();
      await twin.close();
    });

    it('passes without --strict: the status is assumed, its shape is not held', async () => {
      const result = await run(wrongShape.target, false);
      expect(failed(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.assumptions).toContain(
        'assumed: 404 on get_task (x-jobtwin errors.assumed): accepted as documented; its media type and body are checked only with --strict',
      );
      expect(formatSummary(result, { color: false })).toContain('assumed: 404 on get_task (x-jobtwin errors.assumed)');
    });

    it('fails with --strict, each failure saying it rests on the assumption', async () => {
      const result = await run(wrongShape.target, true);
      expect(failed(result)).toEqual(['response_schema_conformance get_task']);
      expect(result.failures[0].message).toBe(
        "404: / must have required property 'type'; / must have required property 'title'; / must have required property 'status'; / must have required property 'detail' (assumed: 404 on get_task (x-jobtwin errors.assumed), held to it with --strict)",
      );
      expect(result.failures[0].expected).toBe('the assumed 404 schema of get_task');
      expect(result.assumptions).toContain(
        'assumed: 404 on get_task (x-jobtwin errors.assumed): accepted as documented and held to application/problem+json and its schema (--strict)',
      );
      expect(toJUnit(result)).toContain('<property name="assumed" value="assumed: 404 on get_task (x-jobtwin errors.assumed)');
    });

    it('still fails a status neither documented nor assumed', async () => {
      const result = await run(undocumented.target, false);
      expect(failed(result)).toEqual(['status_code_conformance get_task']);
      expect(result.failures[0]).toMatchObject({ message: '410 is not documented', expected: '200; assumed: 400, 401, 404' });
    });
  });
});
