// Hand-built observations for the compare and report tests: answers and status reads of one job.
import { LifecycleModel } from '../../conformance/model/lifecycle.js';
import type { CompareContext } from '../../src/diff/compare.js';
import { shapeOf } from '../../src/diff/shape.js';
import type { Answer, JobRun, Read } from '../../src/diff/types.js';
import { loadApis } from '../../src/spec/resolve.js';

const [alchemyst] = await loadApis({ apis: ['alchemyst'] });

export const COMPARE: CompareContext = { model: new LifecycleModel(alchemyst), pollMs: 50, secrets: { 'tok-a': 'JOBTWIN_TOKEN' } };

export function answer(status: number, body: unknown, url = 'http://t.test/api/v1/context/add-async/j1/status'): Answer {
  return { request: { method: 'GET', url, headers: { authorization: 'Bearer tok-a' } }, status, shape: shapeOf(body), body };
}

/** A status read of the Alchemyst job in `state`; `extra` adds (or with undefined, removes) fields. */
export function read(state: string, attempts: number, extra: Record<string, unknown> = {}): Read {
  const body: Record<string, unknown> = { jobId: 'j1', status: state, attemptsMade: attempts, createdAt: 1767225600000, ...extra };
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete body[key];
  return { answer: answer(200, body), state, attempts };
}

export function job(reads: Read[], after: Record<string, Answer> = {}): JobRun {
  return { create: answer(201, { jobId: 'j1' }, 'http://t.test/api/v1/context/add-async'), id: 'j1', reads, ended: true, after };
}
