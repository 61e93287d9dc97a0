// An operation that takes no body ignores one: the twin read it and answered 413 (or 400/422 for
// bad JSON), statuses those operations do not document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { HEALTH, json, send, withBody } from './raw.js';

const LIST = 'GET /alchemyst/api/v1/context/add-async/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer alice\r\nContent-Type: application/json';

describe('a body sent to an operation that takes none', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed: 1 });
  });
  afterAll(() => mock.close());

  it('answers the documented 200 to a body over the limit (was 413)', async () => {
    const x = await send(mock.port, withBody(LIST, Buffer.alloc(1_048_577, 0x7b)));
    expect(x.answers[0].status).toBe(200);
    expect(json(x.answers[0])).toEqual({ success: true, jobs: [] });
  });

  it('answers the documented 200 to malformed JSON (was 400)', async () => {
    const x = await send(mock.port, withBody(LIST, '{"a":'));
    expect(x.answers[0].status).toBe(200);
  });

  it('discards the ignored body, so the next request on the connection is read', async () => {
    const x = await send(mock.port, Buffer.concat([withBody(LIST, Buffer.alloc(200_000, 0x61)), Buffer.from(HEALTH)]), { expect: 2 });
    expect(x.answers.map((a) => a.status)).toEqual([200, 200]);
  });
});
