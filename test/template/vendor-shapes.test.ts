// The filters and fields that shape answers as vendors do: unix seconds, time arithmetic, per-state
// entry times, progress, durations in seconds.
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/template/compile.js';
import { unknownField } from '../../src/template/check.js';

const T = Date.parse('2024-03-26T16:45:33.250Z');
const render = (template: unknown, scope: Record<string, unknown>) => compileTemplate(template).render(scope);

describe('time filters', () => {
  it('unix gives whole seconds since the epoch, null stays null', () => {
    expect(render({ a: '{{job.createdAt|unix}}', b: '{{job.startedAt|unix}}' }, { job: { createdAt: T, startedAt: null } })).toEqual({
      a: 1711471533,
      b: null,
    });
  });

  it('plus adds a duration to a time, before any format', () => {
    const scope = { job: { createdAt: T, finishedAt: null } };
    expect(render('{{job.createdAt|plus:24h|unix}}', scope)).toBe(1711471533 + 86_400);
    expect(render('{{job.createdAt|plus:30m|iso}}', scope)).toBe('2024-03-26T17:15:33.250Z');
    expect(render('{{job.createdAt|plus:1500ms}}', scope)).toBe(T + 1500);
    expect(render('{{job.createdAt|plus:7d|unix}}', scope)).toBe(1711471533 + 7 * 86_400);
    expect(render('{{job.createdAt|plus:90s}}', scope)).toBe(T + 90_000);
    expect(render('{{job.finishedAt|plus:24h|unix}}', scope)).toBeNull();
  });

  it('refuses a bad duration when the template compiles, naming the spot', () => {
    expect(() => compileTemplate({ expires_at: '{{job.createdAt|plus:24 hours|unix}}' }, 'spec.yaml#/body')).toThrow(
      'spec.yaml#/body/expires_at: filter "plus" needs a duration such as 24h, 30m, 90s, 1500ms or 7d, not "24 hours"',
    );
    expect(() => compileTemplate({ e: '{{job.createdAt|plus}}' }, 'w')).toThrow('w/e: filter "plus" needs a duration');
    expect(() => compileTemplate({ e: '{{job.createdAt|plus:-1h}}' }, 'w')).toThrow('w/e: filter "plus"');
  });

  it('seconds turns a duration in ms into seconds', () => {
    expect(render({ predict_time: '{{job.runMs|seconds}}' }, { job: { runMs: 2345 } })).toEqual({ predict_time: 2.345 });
  });
});

describe('number filters', () => {
  it('times and round shape a fraction', () => {
    const scope = { job: { progress: 0.4567 } };
    expect(render({ pct: '{{job.progress|times:100|round}}', done: '{{job.progress|times:40|round}}' }, scope)).toEqual({ pct: 46, done: 18 });
    expect(render('{{job.progress|times:100|round:1}}', scope)).toBe(45.7);
    expect(render('{{job.progress|times:0.5}}', { job: { progress: 1 } })).toBe(0.5);
    expect(render('{{job.progress|times:100|round}}', { job: { progress: null } })).toBeNull();
  });

  it('refuses a factor that is not a number and decimals that are not a digit', () => {
    expect(() => compileTemplate({ c: '{{job.progress|times:forty}}' }, 'w')).toThrow('w/c: filter "times" needs a number, not "forty"');
    expect(() => compileTemplate({ c: '{{job.progress|round:x}}' }, 'w')).toThrow('w/c: filter "round" takes a number of decimals');
  });
});

describe('job.enteredAt', () => {
  const STATES = ['validating', 'in_progress', 'completed', 'failed', 'cancelled'];
  const problem = (template: unknown) => unknownField(compileTemplate(template), 'job', STATES)?.message;

  it('reads a declared state, and refuses another name with what it has', () => {
    expect(problem({ a: '{{job.enteredAt.in_progress|unix}}', b: '{{job.enteredAt.cancelled}}', c: '{{job.enteredAt}}' })).toBeUndefined();
    expect(problem({ a: '{{job.enteredAt.in_progres|unix}}' })).toBe(
      'unknown field job.enteredAt.in_progres (did you mean job.enteredAt.in_progress?) in {{job.enteredAt.in_progres|unix}}',
    );
    expect(problem({ a: '{{job.enteredAt.expired}}' })).toBe(
      'unknown field job.enteredAt.expired (job.enteredAt has validating, in_progress, completed, failed, cancelled) in {{job.enteredAt.expired}}',
    );
    expect(problem({ a: '{{job.enteredAt.completed.x}}' })).toBe('job.enteredAt.completed has no field "x" in {{job.enteredAt.completed.x}}');
  });

  it('reads the request origin and mount', () => {
    expect(problem({ url: '{{req.origin}}{{req.base}}/batches/{{job.id}}' })).toBeUndefined();
  });
});
