// A create body nested 10,000 levels deep was stored (JSON.parse takes any depth), and every list
// that echoes inputs then answered 500: JSON.stringify overflows its stack near 5,000 levels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/validation/body.js';
import { json, send, withBody } from './raw.js';

const CREATE = 'POST /alchemyst/api/v1/context/add-async HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer alice\r\nContent-Type: application/json';
const LIST = 'GET /alchemyst/api/v1/context/add-async/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer alice\r\n\r\n';
const body = (extra: string) => `{"documents":[{"content":"x"}],"source":"s","context_type":"resource","scope":"internal","metadata":{"deep":${extra}}}`;
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('deeply nested JSON bodies', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed: 1 });
  });
  afterAll(() => mock.close());

  it('refuses a body nested 10,000 deep with the documented 400, and the list still answers', async () => {
    const created = await send(mock.port, withBody(CREATE, body(nested(10_000))));
    expect(created.answers[0].status).toBe(400);
    expect(json(created.answers[0]).message).toBe(`JSON decode error: nested deeper than ${MAX_JSON_DEPTH} levels`);
    const listed = await send(mock.port, LIST);
    expect(listed.answers[0].status).toBe(200);
  });

  it('stores and echoes a body just within the limit', async () => {
    // the body's own object and metadata take two levels
    const created = await send(mock.port, withBody(CREATE, body(nested(MAX_JSON_DEPTH - 2))));
    expect(created.answers[0].status).toBe(201);
    const listed = await send(mock.port, LIST);
    expect(listed.answers[0].status).toBe(200);
    expect(json(listed.answers[0]).jobs).toHaveLength(1);
  });

  it('counts brackets outside strings only', () => {
    expect(nestsDeeperThan(`"${'['.repeat(2000)}"`, 10)).toBe(false);
    expect(nestsDeeperThan(`["\\"${'{'.repeat(20)}"]`, 10)).toBe(false);
    expect(nestsDeeperThan(nested(11), 10)).toBe(true);
    expect(nestsDeeperThan(`${'[1],'.repeat(50)}`, 10)).toBe(false);
  });
});
