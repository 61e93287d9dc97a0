// jobtwin init drafts a deadline where the create request gives a time limit (a body field or header
// named like completion_window, timeout or Cancel-After) and a state reads as its end (expired): the
// state is reached by the deadline rather than only by the control interface, every state before the
// end leads there, and an expiry time in the answers is the job's deadline. Properties named after
// states (in_progress_at, failed_at) are the times those states were entered.
import { describe, expect, it } from 'vitest';
import { guessDeadline } from '../../src/init/guess-deadline.js';
import { guessLifecycle } from '../../src/init/guess-lifecycle.js';
import { stateStamps, templateOf } from '../../src/init/guess-templates.js';
import { plain } from '../../src/init/commented-yaml.js';
import type { SpecOperation } from '../../src/init/spec-operations.js';

const create = (body: Record<string, unknown> | undefined, parameters: unknown[] = []): SpecOperation => ({
  method: 'post',
  path: '/jobs',
  pathParams: [],
  statuses: ['200'],
  operation: {
    parameters,
    ...(body ? { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: body } } } } } : {}),
  },
});

describe('init: a deadline the create request gives', () => {
  it('reads a body field named as a time limit, its only documented value the fallback', () => {
    expect(guessDeadline(create({ input_file_id: { type: 'string' }, completion_window: { type: 'string', enum: ['24h'] } }))).toEqual({
      param: { in: 'body', name: 'completion_window' },
      after: '24h',
      why: "the create body's completion_window (24h)",
    });
    // several values, none the fallback; a bare number said in milliseconds
    expect(guessDeadline(create({ timeout: { type: 'integer', description: 'Timeout in milliseconds', example: 5000 } }))).toEqual({
      param: { in: 'body', name: 'timeout', unit: 'ms' },
      after: '5000',
      why: "the create body's timeout (5000)",
    });
    expect(guessDeadline(create({ ttl: { type: 'string', enum: ['1h', '24h'] } }))).toMatchObject({ param: { in: 'body', name: 'ttl' } });
    expect(guessDeadline(create({ ttl: { type: 'string', enum: ['1h', '24h'] } }))?.after).toBeUndefined();
  });

  it('reads a header named as one (Replicate-style Cancel-After)', () => {
    expect(guessDeadline(create(undefined, [{ in: 'header', name: 'Cancel-After', schema: { type: 'string' } }]))).toEqual({
      param: { in: 'header', name: 'Cancel-After' },
      why: "the create's Cancel-After header",
    });
  });

  it('ignores fields that only look alike: an object, another name, no create', () => {
    expect(guessDeadline(create({ completion_window: { type: 'object', properties: {} } }))).toBeUndefined();
    expect(guessDeadline(create({ window_title: { type: 'string' }, timeouts_seen: { type: 'integer' } }))).toBeUndefined();
    expect(guessDeadline(undefined)).toBeUndefined();
  });
});

describe('init: the lifecycle with a deadline', () => {
  const states = ['validating', 'in_progress', 'finalizing', 'completed', 'failed', 'expired', 'cancelling', 'cancelled'];

  it('ends a job in the expired-like state from any state before the end, not only from the control interface', () => {
    const lc = guessLifecycle(states, { conflict: false }, true);
    expect(lc.deadlineTo).toBe('expired');
    expect(lc.controlStates).toEqual([]);
    for (const from of ['validating', 'in_progress', 'finalizing']) expect(lc.transitions[from]).toContain('expired');
    expect(lc.transitions.cancelling).toEqual(['cancelled']);
  });

  it('leaves the state to the control interface without one, and drafts none without such a state', () => {
    expect(guessLifecycle(states, { conflict: false }).controlStates).toEqual(['expired']);
    expect(guessLifecycle(states, { conflict: false }).deadlineTo).toBeUndefined();
    expect(guessLifecycle(['queued', 'running', 'succeeded', 'failed'], undefined, true).deadlineTo).toBeUndefined();
  });
});

describe('init: per-state times', () => {
  const drafted = (properties: Record<string, unknown>, deadline = false) =>
    plain(templateOf({ type: 'object', properties }, { states: ['queued', 'in_progress', 'completed', 'failed', 'expired'], deadline })) as Record<
      string,
      string
    >;

  it('binds <state>_at to the entry into that state where an object has two or more, and an expiry to the deadline', () => {
    expect(
      drafted(
        {
          created_at: { type: 'integer' },
          in_progress_at: { type: 'integer' },
          completed_at: { type: 'integer' },
          failed_at: { type: 'string', format: 'date-time' },
          expires_at: { type: 'integer' },
        },
        true,
      ),
    ).toEqual({
      created_at: '{{job.createdAt|unix}}',
      in_progress_at: '{{job.enteredAt.in_progress|unix?}}',
      completed_at: '{{job.enteredAt.completed|unix?}}',
      failed_at: '{{job.enteredAt.failed|iso?}}',
      expires_at: '{{job.deadlineAt|unix?}}',
    });
  });

  it('keeps a lone completed_at the finish time, and an expiry unbound without a deadline', () => {
    expect(drafted({ completed_at: { type: 'integer' }, expires_at: { type: 'integer' } })).toEqual({ completed_at: '{{job.finishedAt|unix?}}' });
    expect(stateStamps({ completed_at: {}, started_at: {} }, ['queued', 'completed'])).toEqual(new Map());
    // queued_at stays the creation time
    expect(stateStamps({ queued_at: {}, completed_at: {} }, ['queued', 'completed'])).toEqual(new Map());
    expect(stateStamps({ queued_at: {}, running_at: {}, completed_at: {} }, ['queued', 'running', 'completed'])).toEqual(
      new Map([
        ['running_at', 'running'],
        ['completed_at', 'completed'],
      ]),
    );
  });
});
