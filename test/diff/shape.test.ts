// The shape of a body: pointers and types, times by their form, arrays merged, and where two part.
import { describe, expect, it } from 'vitest';
import { mergeShapes, shapeGaps, shapeOf, timeKind } from '../../src/diff/shape.js';

describe('shapeOf', () => {
  it('types every pointer, times by their form, and merges array items under *', () => {
    expect(
      shapeOf({ id: 'a', n: 2, at: 1767225600, ms: 1767225600000, iso: '2026-01-01T00:00:00.000Z', gone: null, items: [{ a: 1 }, { a: 'x', b: true }] }),
    ).toEqual({
      '': 'object',
      '/at': 'unix-seconds',
      '/gone': 'null',
      '/id': 'string',
      '/items': 'array',
      '/items/*': 'object',
      '/items/*/a': 'integer|string',
      '/items/*/b': 'boolean',
      '/iso': 'date-time',
      '/ms': 'epoch-ms',
      '/n': 'integer',
    });
  });

  it('escapes keys as JSON pointers and gives no shape to no body', () => {
    expect(shapeOf({ 'a/b': 1 })).toEqual({ '': 'object', '/a~1b': 'integer' });
    expect(shapeOf(undefined)).toEqual({});
  });

  it('tells seconds from milliseconds and leaves small numbers and plain strings alone', () => {
    expect(timeKind(1767225600)).toBe('unix-seconds');
    expect(timeKind(1767225600123)).toBe('epoch-ms');
    expect(timeKind(3)).toBeUndefined();
    expect(timeKind('2026-01-01')).toBeUndefined();
  });
});

describe('shapeGaps', () => {
  it('finds a pointer on one side only, and types with nothing in common', () => {
    const target = shapeOf({ id: 'a', startedAt: null, extra: { x: 1 } });
    const twin = shapeOf({ id: 'a', startedAt: '2026-01-01T00:00:00Z' });
    expect(shapeGaps(target, twin)).toEqual([
      { pointer: '/extra', target: 'object', twin: undefined },
      { pointer: '/startedAt', target: 'null', twin: 'date-time' },
    ]);
  });

  it('passes types that overlap (a field null on one read, set on another) and arrays empty on one side', () => {
    const target = mergeShapes([shapeOf({ p: null, errs: [] }), shapeOf({ p: 3, errs: [] })]);
    const twin = shapeOf({ p: 4, errs: [{ loc: ['body'] }] });
    expect(shapeGaps(target, twin)).toEqual([]);
  });

  it('compares the items of arrays both sides fill', () => {
    expect(shapeGaps(shapeOf({ detail: [{ loc: ['body'], msg: 'x' }] }), shapeOf({ detail: [{ loc: ['body'], message: 'x' }] }))).toEqual([
      { pointer: '/detail/*/message', target: undefined, twin: 'string' },
      { pointer: '/detail/*/msg', target: 'string', twin: undefined },
    ]);
  });
});
