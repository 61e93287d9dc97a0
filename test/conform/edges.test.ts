// The requests at the edges, as pure functions: malformed ids per API and the status each documents,
// tampered JWTs, oversized bodies and undeclared properties, the list walk's verdicts.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadApis } from '../../src/spec/resolve.js';
import { malformedIds, validationStatus } from '../../conformance/arbitraries/malformed-id.js';
import { parseJwt, tamperedTokens, whyNotTampered } from '../../conformance/arbitraries/credentials.js';
import { bodyLimit, extraProperties, oversized } from '../../conformance/arbitraries/body-extremes.js';
import { walkProblems, filterProblems } from '../../conformance/checks/list-walk.js';
import { curlOfRequest } from '../../conformance/http/curl.js';
import { LifecycleModel } from '../../conformance/model/lifecycle.js';
import type { JobTrace } from '../../conformance/model/job.js';

const apis = Object.fromEntries((await loadApis({ apis: ['alchemyst', 'crosmos', 'contextual', 'jobs'] })).map((a) => [a.name, a]));

function jwt(payload: object, secret = 's'): string {
  const head = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('malformed job ids', () => {
  it('are sent on every operation with a job id in its path, with the status it documents', () => {
    const expected: Record<string, number> = { alchemyst: 400, jobs: 400, crosmos: 422, contextual: 422 };
    for (const [name, api] of Object.entries(apis)) {
      const withId = api.operations.filter((op) => op.ext?.jobId?.in === 'path');
      expect(withId.length, name).toBeGreaterThan(0);
      for (const op of withId) {
        const ids = malformedIds(op);
        expect(ids.length, `${name} ${op.operationId}`).toBeGreaterThanOrEqual(3);
        expect(validationStatus(op, api.ext.errors.validationStatus), `${name} ${op.operationId}`).toBe(expected[name]);
      }
    }
  });

  it('never include a spelling the id schema accepts, nor one a framework reads as a uuid', () => {
    const alchemyst = malformedIds(apis.alchemyst.byRole.status!).map((m) => m.value);
    expect(alchemyst).not.toContain('abc');
    expect(alchemyst.every((v) => !/^[A-Za-z0-9_-]{1,128}$/.test(v))).toBe(true);
    const crosmos = malformedIds(apis.crosmos.byRole.status!).map((m) => m.value);
    expect(crosmos).toContain('abc');
    expect(crosmos.some((v) => /^[0-9a-f]{32}$/i.test(v) || v.startsWith('urn:uuid:'))).toBe(false);
  });
});

describe('tampered credentials', () => {
  it('derive a changed signature, another sub and a past exp from a JWT, and nothing from an opaque token', () => {
    const token = jwt({ sub: 'alice', exp: 4102444800 });
    const [h, p, s] = token.split('.');
    const t = Object.fromEntries(tamperedTokens(token, Date.UTC(2026, 0, 1)).map((d) => [d.variant, d.token]));
    expect(t['tampered-signature'].split('.').slice(0, 2)).toEqual([h, p]);
    expect(t['tampered-signature'].split('.')[2]).not.toBe(s);
    expect(Buffer.from(t['tampered-signature'].split('.')[2], 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(false);
    expect(parseJwt(t['tampered-sub'])!.payload.sub).toBe('alice-tampered');
    expect(t['tampered-sub'].split('.')[2]).toBe(s);
    expect(parseJwt(t['tampered-exp'])!.payload.exp).toBe(Date.UTC(2026, 0, 1) / 1000 - 3600);
    expect(t['tampered-exp'].split('.')[2]).toBe(s);
    expect(tamperedTokens('tenant-a')).toEqual([]);
    expect(tamperedTokens('a.b.c')).toEqual([]);
  });

  it('are sent only where the bearer scheme declares bearerFormat: JWT, and say why not elsewhere', () => {
    const token = jwt({ sub: 'alice' });
    expect(whyNotTampered(apis.jobs, apis.jobs.byRole.status!, token)).toBeUndefined();
    expect(whyNotTampered(apis.alchemyst, apis.alchemyst.byRole.status!, token)).toBeUndefined();
    expect(whyNotTampered(apis.contextual, apis.contextual.byRole.status!, token)).toMatch(/bearerFormat: JWT/);
    expect(whyNotTampered(apis.jobs, apis.jobs.byRole.status!, 'tenant-a')).toMatch(/opaque/);
  });
});

describe('bodies at the edges', () => {
  it('pad a valid body with whitespace to one byte over the declared limit', () => {
    const op = apis.jobs.byRole.create!;
    const declared = bodyLimit(apis.jobs, op)!;
    expect(declared).toEqual({ bytes: 1048576, assumed: true });
    const limit = declared.bytes;
    const big = oversized(op, { params: {}, query: {}, headers: {}, body: { kind: 'json', value: { systemPrompt: 'a', userPromptTemplate: 'b' } } }, limit)!;
    expect(big.body!.kind).toBe('raw');
    const text = (big.body as { text: string }).text;
    expect(Buffer.byteLength(text)).toBe(limit + 1);
    expect(JSON.parse(text)).toEqual({ systemPrompt: 'a', userPromptTemplate: 'b' });
    // its curl line carries the padding as a printf width, not a megabyte of spaces
    const curl = curlOfRequest({ method: 'POST', url: 'http://h/x', headers: {}, body: big.body });
    expect(curl.length).toBeLessThan(300);
    expect(curl).toContain(`printf '%s%${limit + 1 - text.trimEnd().length}s'`);
  });

  it('send an undeclared top-level property only where the schema allows extra ones', () => {
    expect(extraProperties(apis.crosmos.byRole.create!)).toBe('allowed');
    expect(extraProperties(apis.jobs.byRole.create!)).toBe('allowed');
    expect(extraProperties(apis.contextual.byRole.create!)).toBeUndefined();
  });
});

describe('the list walk', () => {
  const model = new LifecycleModel(apis.alchemyst);
  const job = (id: string) => ({ id, removed: false, created: {} }) as unknown as JobTrace;
  const a = job('a');
  const b = job('b');

  it('calls a job on two pages a duplicate, unless the order is unspecified and it changed state', () => {
    const items = [
      { id: 'a', status: 'waiting', page: 0, index: 0 },
      { id: 'a', status: 'active', page: 1, index: 0 },
    ];
    const jobs = [{ job: a, before: 'waiting', after: 'active', gone: false }];
    expect(walkProblems({ kind: 'list-walk', items, complete: true, jobs, order: 'unspecified' })).toEqual([]);
    expect(walkProblems({ kind: 'list-walk', items, complete: true, jobs, order: 'newest' }).map((f) => f.key)).toEqual(['listed twice']);
    const same = items.map((i) => ({ ...i, status: 'completed' }));
    const still = [{ job: a, before: 'completed', after: 'completed', gone: false }];
    expect(walkProblems({ kind: 'list-walk', items: same, complete: true, jobs: still, order: 'unspecified' }).map((f) => f.key)).toEqual(['listed twice']);
  });

  it('calls a job on no page skipped, unless the order is unspecified and it changed state', () => {
    const moved = [{ job: a, before: 'waiting', after: 'active', gone: false }];
    expect(walkProblems({ kind: 'list-walk', items: [], complete: true, jobs: moved, order: 'unspecified' })).toEqual([]);
    expect(walkProblems({ kind: 'list-walk', items: [], complete: true, jobs: moved, order: 'newest' }).map((f) => f.key)).toEqual(['skipped']);
    const ended = [{ job: a, before: 'completed', after: 'completed', gone: false }];
    expect(walkProblems({ kind: 'list-walk', items: [], complete: true, jobs: ended, order: 'unspecified' }).map((f) => f.key)).toEqual(['skipped']);
    expect(walkProblems({ kind: 'list-walk', items: [], complete: false, jobs: ended, order: 'unspecified' })).toEqual([]);
  });

  it('holds our jobs to the documented order, and to none where it is unspecified', () => {
    const jobs = [
      { job: a, before: 'completed', after: 'completed', gone: false },
      { job: b, before: 'completed', after: 'completed', gone: false },
    ];
    const oldestFirst = [
      { id: 'a', page: 0, index: 0 },
      { id: 'b', page: 0, index: 1 },
    ];
    expect(walkProblems({ kind: 'list-walk', items: oldestFirst, complete: true, jobs, order: 'newest' }).map((f) => f.key)).toEqual(['order']);
    expect(walkProblems({ kind: 'list-walk', items: oldestFirst, complete: true, jobs, order: 'oldest' })).toEqual([]);
    expect(walkProblems({ kind: 'list-walk', items: oldestFirst, complete: true, jobs, order: 'unspecified' })).toEqual([]);
  });

  it("calls a listed state outside the filter's states a leak, unless the job may have moved while the page was read", () => {
    const items = [
      { id: 'a', status: 'completed', page: 0, index: 0 },
      { id: 'b', status: 'active', page: 0, index: 1 },
      { id: 'c', status: 'waiting', page: 0, index: 2 },
    ];
    const filter = (states: string[], endedBefore: Record<string, string> = {}) =>
      filterProblems({ kind: 'list-filter', param: 'type', value: states[0], states, items, endedBefore }, model).map((f) => f.key);
    // every state follows active (a retry goes through delayed to waiting): each may have moved after it was listed
    expect(filter(['active'])).toEqual([]);
    // one of ours, seen completed before the page was asked for, was not active when it was listed
    expect(filter(['active'], { a: 'completed' })).toEqual(['filter active completed']);
    expect(filter(['completed'])).toEqual(['filter completed active', 'filter completed waiting']);
    expect(filter(['active', 'completed', 'waiting'], { a: 'completed' })).toEqual([]);
  });
});
