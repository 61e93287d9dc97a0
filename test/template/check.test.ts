// Templates are refused when their braces do not pair up, and when they read a field their scope lacks.
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/template/compile.js';
import { unknownField } from '../../src/template/check.js';
import type { TemplateKind } from '../../src/template/scopes.js';

const problem = (template: unknown, kind: TemplateKind) => unknownField(compileTemplate(template), kind);

describe('template syntax', () => {
  it('refuses braces that do not pair up, naming the spot', () => {
    expect(() => compileTemplate({ status: '{{job.status' }, 'spec.yaml#/b')).toThrow('spec.yaml#/b/status: unclosed "{{" in "{{job.status"');
    expect(() => compileTemplate({ a: 'Job {{job.id}} {{job.status' }, 'w')).toThrow('w/a: unclosed "{{"');
    expect(() => compileTemplate({ a: 'Job {{job.id {{job.status}}' }, 'w')).toThrow('w/a: unclosed "{{"');
    expect(() => compileTemplate({ a: ['job.status}}'] }, 'w')).toThrow('w/a/0: stray "}}" in "job.status}}"');
    expect(() => compileTemplate({ a: '{{job.id}} }}' }, 'w')).toThrow('w/a: stray "}}"');
    expect(() => compileTemplate({ a: '{{ }}' }, 'w')).toThrow('w/a: empty "{{ }}"');
    expect(() => compileTemplate({ a: 'x {{}} y' }, 'w')).toThrow('w/a: empty "{{}}"');
  });

  it('still takes single braces and well-formed expressions', () => {
    const t = compileTemplate({ a: '{ "x": 1 }', b: 'Job {{job.id}} is {{ job.status }}', c: '{{job.id}}' });
    expect(t.render({ job: { id: 'j', status: 's' } })).toEqual({ a: '{ "x": 1 }', b: 'Job j is s', c: 'j' });
    expect(t.expressions.map((e) => [e.pointer, e.expression.source])).toEqual([
      ['/b', 'job.id'],
      ['/b', ' job.status '],
      ['/c', 'job.id'],
    ]);
  });

  it('refuses a scope-reading filter without its path', () => {
    expect(() => compileTemplate('{{job.id|includes}}', 'w')).toThrow('w: filter "includes" needs a path to read');
  });
});

describe('template fields', () => {
  it('checks the field a $if reads', () => {
    expect(problem({ errors: { $if: '{{job.eror?}}', data: [] } }, 'job')).toEqual({
      pointer: '/errors/$if',
      message: 'unknown field job.eror (did you mean job.error?) in {{job.eror?}}',
    });
  });

  it('suggests the field a typo was meant to be', () => {
    expect(problem({ s: '{{job.stauts}}' }, 'job')).toEqual({
      pointer: '/s',
      message: 'unknown field job.stauts (did you mean job.status?) in {{job.stauts}}',
    });
    expect(problem({ s: 'at {{job.createdat|iso}}' }, 'job')?.message).toMatch(/did you mean job\.createdAt\?/);
    expect(problem({ s: '{{jbo.id}}' }, 'job')?.message).toMatch(/unknown field jbo \(did you mean job\?\)/);
  });

  it('names what the scope offers when nothing is close', () => {
    expect(problem({ e: '{{error.message}}' }, 'job')?.message).toBe("unknown field error (a job's template reads req, now, job) in {{error.message}}");
    expect(problem({ e: '{{error.status}}' }, 'message')?.message).toMatch(/an error message reads req, now/);
    expect(problem({ p: '{{req.body.name}}' }, 'job')?.message).toMatch(/unknown field req\.body \(req has path, method, params, query, origin, base\)/);
    expect(problem({ x: '{{job.status.code}}' }, 'job')?.message).toBe('job.status has no field "code" in {{job.status.code}}');
  });

  it('checks the paths filters read', () => {
    expect(problem({ x: '{{job.result|includes:req.qeury.types:a?}}' }, 'job')?.message).toMatch(/did you mean req\.query\?/);
  });

  it('leaves open-ended data alone', () => {
    for (const expr of ['job.input.anything.deep', 'job.result.pages', 'job.itemIds.0', 'req.query.output_types', 'req.params.id', 'error.details']) {
      expect(problem({ x: `{{${expr}}}` }, expr.startsWith('error') ? 'error' : 'job'), expr).toBeUndefined();
    }
    expect(problem({ items: '{{page.items}}', n: '{{page.total}}', c: '{{page.nextCursor?}}', t: '{{now|iso}}' }, 'page')).toBeUndefined();
    expect(problem({ r: '{{job.seed|words:3}}' }, 'result')).toBeUndefined();
    expect(problem({ r: '{{req.path}}' }, 'result')?.message).toMatch(/a result template reads job, now/);
  });
});
