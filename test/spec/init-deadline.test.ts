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
import { draftOverlay } from '../../src/init/draft.js';
import { guessDataRemoval } from '../../src/init/guess-data-removal.js';
import { readDocument } from '../../src/spec/read-document.js';
import { loadApi } from '../../src/spec/load.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
    const lc = guessLifecycle(states, { conflict: false }, { cancels: false });
    expect(lc.deadlineTo).toBe('expired');
    expect(lc.controlStates).toEqual([]);
    for (const from of ['validating', 'in_progress', 'finalizing']) expect(lc.transitions[from]).toContain('expired');
    expect(lc.transitions.cancelling).toEqual(['cancelled']);
  });

  it("ends a job by a limit that cancels (Cancel-After) as Replicate does: aborted before it ran, the cancel's canceled once started", () => {
    const lc = guessLifecycle(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted'], { conflict: false }, { cancels: true });
    expect([lc.deadlineTo, lc.deadlineStarted]).toEqual(['aborted', 'canceled']);
    expect(lc.controlStates).toEqual([]);
    expect(lc.transitions).toEqual({ starting: ['processing', 'aborted', 'canceled'], processing: ['succeeded', 'failed', 'canceled'] });
    // with one cancelled-like state, it ends there either way
    expect(guessLifecycle(['queued', 'running', 'done', 'failed', 'cancelled'], { conflict: false }, { cancels: true })).toMatchObject({
      deadlineTo: 'cancelled',
    });
  });

  it('leaves the state to the control interface without one, and drafts none without such a state', () => {
    expect(guessLifecycle(states, { conflict: false }).controlStates).toEqual(['expired']);
    expect(guessLifecycle(states, { conflict: false }).deadlineTo).toBeUndefined();
    expect(guessLifecycle(['queued', 'running', 'succeeded', 'failed'], undefined, { cancels: false }).deadlineTo).toBeUndefined();
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

describe('init: data removed after a time, the record kept', () => {
  it('reads a boolean data_removed of the status answer, and the time its words give', () => {
    const status = (description?: string) => ({ type: 'object', properties: { id: { type: 'string' }, data_removed: { type: 'boolean', description } } });
    expect(guessDataRemoval(status('Whether the input and output were deleted (after an hour).'), [])).toEqual({
      field: 'data_removed',
      after: '1h',
      sentence: 'Whether the input and output were deleted (after an hour).',
    });
    expect(guessDataRemoval(status(), ['Outputs are removed 24 hours after a job ends.'])).toMatchObject({ after: '24h' });
    // nothing said: an hour, to decide
    expect(guessDataRemoval(status(), [])).toEqual({ field: 'data_removed', after: '1h' });
    expect(guessDataRemoval({ type: 'object', properties: { data_removed: { type: 'string' } } }, [])).toBeUndefined();
  });
});

describe('init on a Replicate-shaped prediction API (fixtures/specs/predictions)', () => {
  const file = 'fixtures/specs/predictions/predictions.openapi.yaml';

  it('drafts the Cancel-After deadline and the data removal the settled overlay declares, and passes conform --strict against its own twin', async () => {
    const draft = await draftOverlay(await readDocument(file), { file });
    const api = await loadApi(file, undefined, { overlays: [{ file: 'draft.yaml', doc: draft.overlay }] });
    expect(api.ext.lifecycle.deadlines).toEqual([{ param: { in: 'header', name: 'Cancel-After' }, to: 'aborted', started: 'canceled' }]);
    expect(api.ext.lifecycle.dataRemoval).toEqual({ after: '1h' });
    expect(api.byRole.status!.ext!.body).toMatchObject({ data_removed: '{{job.dataRemoved}}' });
    const overlay = join(mkdtempSync(join(tmpdir(), 'jobtwin-draft-')), 'predictions.overlay.yaml');
    writeFileSync(overlay, draft.yaml.replace(/^extends: .*$/m, `extends: ${resolve(file)}`));
    const run = await conformOwnTwin(file, [overlay], { strict: true });
    expect(run.failures).toBe('');
    expect(run.judged.data_removal).toBe(2);
  }, 120_000);
});
