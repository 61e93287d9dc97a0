// What a client would notice between two sides' observations, and what polling cannot tell apart.
import { describe, expect, it } from 'vitest';
import { compareAnswers, compareCancels, compareJobs } from '../../src/diff/compare.js';
import { answer, COMPARE, job, read } from './fixture.js';

describe('compareJobs', () => {
  it('finds nothing between the same observations', () => {
    const reads = [read('waiting', 0), read('active', 0), read('completed', 1)];
    expect(compareJobs(COMPARE, 'job 1', job(reads), job(reads))).toEqual({ differences: [], notes: [] });
  });

  it('notes a transient state the target was never seen in, without counting it', () => {
    const found = compareJobs(
      COMPARE,
      'job 1',
      job([read('waiting', 0), read('completed', 1)]),
      job([read('waiting', 0), read('active', 0), read('completed', 1)]),
    );
    expect(found.differences).toEqual([]);
    expect(found.notes).toHaveLength(1);
    expect(found.notes[0]).toMatchObject({ aspect: 'states', target: 'waiting → completed', twin: 'waiting → active → completed' });
    expect(found.notes[0].note).toMatch(/active.*--poll-ms \(50 ms\)/);
  });

  it('reports states in another order, or a state the twin never shows', () => {
    const found = compareJobs(
      COMPARE,
      'job 1',
      job([read('active', 0), read('waiting', 0), read('completed', 1)]),
      job([read('waiting', 0), read('active', 0), read('completed', 1)]),
    );
    expect(found.differences).toEqual([expect.objectContaining({ scenario: 'job 1', aspect: 'states', target: 'active → waiting → completed' })]);
  });

  it('reports attempts counted otherwise in a state', () => {
    const found = compareJobs(COMPARE, 'job 1', job([read('active', 1), read('completed', 1)]), job([read('active', 0), read('completed', 1)]));
    expect(found.differences).toEqual([expect.objectContaining({ aspect: 'attempts', target: 'active: attempts 1', twin: 'active: attempts 0' })]);
  });

  it('passes attempts of a visit polling missed: the twin shows every count the target showed', () => {
    const target = job([read('active', 1), read('completed', 2)]);
    const twin = job([read('active', 0), read('delayed', 1), read('active', 1), read('completed', 2)]);
    expect(compareJobs(COMPARE, 'job 1', target, twin).differences).toEqual([]);
  });

  it('reports a field missing in a state, and a time in seconds against milliseconds as a timestamp difference', () => {
    const target = job([read('active', 0, { processedOn: 1767225600 }), read('completed', 1, { returnvalue: undefined })]);
    const twin = job([read('active', 0, { processedOn: 1767225600000 }), read('completed', 1, { returnvalue: { ok: true } })]);
    const found = compareJobs(COMPARE, 'job 1', target, twin);
    expect(found.differences).toEqual([
      expect.objectContaining({ aspect: 'timestamps', target: 'active: /processedOn: unix-seconds', twin: 'active: /processedOn: epoch-ms' }),
      expect.objectContaining({ aspect: 'fields', target: 'completed: /returnvalue: absent', twin: 'completed: /returnvalue: object' }),
    ]);
  });

  it('reports a time that goes back on one side only', () => {
    const target = job([read('active', 0, { updatedAt: 1767225609000 }), read('completed', 1, { updatedAt: 1767225601000 })]);
    const twin = job([read('active', 0, { updatedAt: 1767225601000 }), read('completed', 1, { updatedAt: 1767225609000 })]);
    expect(compareJobs(COMPARE, 'job 1', target, twin).differences).toEqual([
      expect.objectContaining({ aspect: 'timestamps', target: '/updatedAt goes back', twin: '/updatedAt never goes back' }),
    ]);
  });

  it('compares what was read once the job ended, and gives the curl line with the token as a variable', () => {
    const target = job([read('completed', 1)], { 'status as another tenant': answer(404, { message: 'not found' }) });
    const twin = job([read('completed', 1)], { 'status as another tenant': answer(403, { message: 'forbidden' }) });
    const [d] = compareJobs(COMPARE, 'job 1', target, twin).differences;
    expect(d).toMatchObject({
      scenario: 'job 1: status as another tenant',
      aspect: 'status',
      target: '404 object /message: string',
      twin: '403 object /message: string',
    });
    expect(d.curl).toBe('curl -sS -i http://t.test/api/v1/context/add-async/j1/status -H "authorization: Bearer $JOBTWIN_TOKEN"');
  });
});

describe('compareAnswers', () => {
  it('compares shapes only when the statuses agree, and never values', () => {
    expect(compareAnswers(COMPARE, 'unknown id', answer(404, { message: 'a' }), answer(404, { message: 'b' }))).toEqual([]);
    const [d] = compareAnswers(
      COMPARE,
      'bad body',
      answer(422, { detail: [{ loc: ['body'], msg: 'x', type: 'missing' }] }),
      answer(422, { detail: [{ loc: ['body'], msg: 'x', type: 'missing', input: null }] }),
    );
    expect(d).toMatchObject({ aspect: 'shape', target: '422 /detail/*/input: absent', twin: '422 /detail/*/input: null' });
  });

  it('says when a side gave no answer', () => {
    const none = { ...answer(200, {}), status: undefined, error: 'refused: connection refused', shape: {} };
    expect(compareAnswers(COMPARE, 'x', none, answer(200, {}))).toEqual([
      expect.objectContaining({ target: 'no answer (refused: connection refused)', twin: '200 object' }),
    ]);
  });
});

describe('compareCancels', () => {
  const cancelled = (status: number, body: unknown) => answer(status, body, 'http://t.test/api/v1/context/add-async/j1');
  const run = (before: string, cancel: ReturnType<typeof answer>, after: ReturnType<typeof read>) => ({
    create: answer(201, { jobId: 'j1' }),
    before: read(before, 0),
    cancel,
    after,
  });

  it('reports a cancel answered otherwise from the same state', () => {
    const found = compareCancels(
      COMPARE,
      'cancel',
      run('waiting', cancelled(409, { error: 'x' }), read('waiting', 0)),
      run('waiting', cancelled(200, { success: true }), read('waiting', 0)),
    );
    expect(found.differences).toEqual([
      expect.objectContaining({ scenario: 'cancel: cancel from waiting', aspect: 'status', target: '409 object /error: string' }),
    ]);
  });

  it('notes a refused cancel when the target job had moved on meanwhile', () => {
    const found = compareCancels(
      COMPARE,
      'cancel',
      run('waiting', cancelled(409, { error: 'x' }), read('active', 0)),
      run('waiting', cancelled(200, { success: true }), read('waiting', 0)),
    );
    expect(found.differences).toEqual([]);
    expect(found.notes).toEqual([
      expect.objectContaining({ aspect: 'status', note: expect.stringMatching(/seen in waiting before the cancel and in active after it/) }),
    ]);
  });
});
