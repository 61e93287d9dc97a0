import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/template/compile.js';

describe('templates', () => {
  const scope = {
    job: { id: 'j1', attempts: 2, startedAt: Date.UTC(2026, 2, 4, 12, 0, 1), finishedAt: null, input: { documents: [1, 2, 3] }, seed: 7 },
    req: { query: { output_types: ['markdown-per-page'] }, params: { job_id: 'abc' } },
    now: 0,
  };

  it('keeps the type of a whole-value placeholder', () => {
    const t = compileTemplate({ id: '{{job.id}}', n: '{{job.attempts}}', docs: '{{job.input.documents|length}}' });
    expect(t.render(scope)).toEqual({ id: 'j1', n: 2, docs: 3 });
  });

  it('formats times and drops optional nulls', () => {
    const t = compileTemplate({ a: '{{job.startedAt|iso}}', b: '{{job.finishedAt|epochMs?}}', c: '{{job.finishedAt|iso}}', d: '{{job.startedAt|epochMs?}}' });
    expect(t.render(scope)).toEqual({ a: '2026-03-04T12:00:01.000Z', c: null, d: Date.UTC(2026, 2, 4, 12, 0, 1) });
  });

  it('interpolates mixed strings', () => {
    expect(compileTemplate('Job {{req.params.job_id}} not found').render(scope)).toBe('Job abc not found');
  });

  it('applies includes, int and words deterministically', () => {
    const t = compileTemplate({
      p: '{{job.id|includes:req.query.output_types:markdown-per-page?}}',
      q: '{{job.id|includes:req.query.output_types:blocks-per-page?}}',
      n: '{{job.seed|int:1:10}}',
      w: '{{job.seed|words:3}}',
    });
    const out = t.render(scope) as Record<string, unknown>;
    expect(out.p).toBe('j1');
    expect('q' in out).toBe(false);
    expect(out.n).toBeGreaterThanOrEqual(1);
    expect(out.n).toBeLessThanOrEqual(10);
    expect(String(out.w).split(' ')).toHaveLength(3);
    expect(t.render(scope)).toEqual(out);
  });

  it('reports the bindings with their JSON pointers', () => {
    const t = compileTemplate({ status: '{{job.status}}', nested: { 'a/b': '{{job.attempts}}' }, fixed: true });
    expect(t.bindings.map((b) => [b.pointer, b.expression.paths[0].join('.')])).toEqual([
      ['/status', 'job.status'],
      ['/nested/a~1b', 'job.attempts'],
    ]);
  });

  it('renders an object with $if only where its condition holds', () => {
    const t = compileTemplate({
      status: '{{job.status}}',
      errors: { $if: '{{job.error?}}', object: 'list', data: [{ code: 'invalid', message: '{{job.error}}', at: '{{job.finishedAt|unix}}' }] },
      note: { $if: '{{job.error}}', text: 'failed' },
      items: [{ $if: '{{job.error?}}', kind: 'error' }, 'always'],
    });
    const failed = { ...scope, job: { ...scope.job, status: 'failed', error: 'bad line 3', finishedAt: 1_700_000_000_000 } };
    expect(t.render(failed)).toEqual({
      status: 'failed',
      errors: { object: 'list', data: [{ code: 'invalid', message: 'bad line 3', at: 1_700_000_000 }] },
      note: { text: 'failed' },
      items: [{ kind: 'error' }, 'always'],
    });
    // with ? the object is left out; without, it is null
    expect(t.render({ ...scope, job: { ...scope.job, status: 'running', error: null } })).toEqual({ status: 'running', note: null, items: ['always'] });
    expect(compileTemplate({ $if: '{{job.done}}', a: 1 }).render({ job: { done: false } })).toBeNull();
    // the condition is read by the field check, and what it guards may be absent from an answer
    expect(t.expressions.map((e) => e.pointer)).toContain('/errors/$if');
    expect(t.bindings.find((b) => b.pointer === '/errors/data/0/at')?.guarded).toBe(true);
    expect(t.bindings.find((b) => b.pointer === '/status')?.guarded).toBeUndefined();
    expect(t.bindings.some((b) => b.pointer.endsWith('$if'))).toBe(false);
  });

  it('refuses a $if that is not one whole expression', () => {
    expect(() => compileTemplate({ e: { $if: 'failed', a: 1 } }, 'spec.yaml#/b')).toThrow(
      'spec.yaml#/b/e/$if: "$if" takes one whole {{expression}}, not "failed"',
    );
    expect(() => compileTemplate({ e: { $if: 'is {{job.error}}', a: 1 } }, 'w')).toThrow('w/e/$if: "$if" takes one whole');
    expect(() => compileTemplate({ e: { $if: true, a: 1 } }, 'w')).toThrow('not true');
    expect(() => compileTemplate({ e: { $if: '{{job.error|nope}}' } }, 'w')).toThrow('w/e/$if: unknown filter "nope"');
  });

  it('never reads through prototypes', () => {
    expect(compileTemplate('{{job.constructor}}').render(scope)).toBeNull();
    expect(compileTemplate('{{job.__proto__}}').render(scope)).toBeNull();
  });

  it('names the spot of a bad template', () => {
    expect(() => compileTemplate({ a: ['{{job.id|nope}}'] }, 'spec.yaml#/x')).toThrow('spec.yaml#/x/a/0: unknown filter "nope"');
    expect(() => compileTemplate('{{ not a path }}', 'here')).toThrow('here: bad path');
  });
});
