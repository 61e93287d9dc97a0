// Error messages quote the request (its path, a header, the JSON parser's excerpt). They are text:
// `{{…}}` in them was rendered as a template, so a bad expression answered 500 in no envelope and
// a good one leaked twin state (`{{now}}`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { json, send, withBody } from './raw.js';

const CREATE = 'POST /alchemyst/api/v1/context/add-async HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer alice\r\nContent-Type: application/json';
const BODY = JSON.stringify({ documents: [{ content: 'x' }], source: 's', context_type: 'resource', scope: 'internal' });

describe('error messages that quote the request', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed: 1 });
  });
  afterAll(() => mock.close());

  it('answers 404 to a path holding a bad template expression (was 500)', async () => {
    const { answers } = await send(mock.port, 'GET /x/{{req.method|nope}} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(answers[0].status).toBe(404);
    expect(json(answers[0])).toEqual({ error: 'Not Found', message: 'No operation at /x/{{req.method|nope}}', status: 404 });
  });

  it('does not render `{{now}}` from a path', async () => {
    const { answers } = await send(mock.port, 'GET /x/{{now}} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(json(answers[0]).message).toBe('No operation at /x/{{now}}');
  });

  it('answers 400 in the envelope to an X-Jobtwin-Job value holding a bad expression (was 500)', async () => {
    const { answers } = await send(mock.port, withBody(`${CREATE}\r\nX-Jobtwin-Job: outcome={{x|y}}`, BODY));
    expect(answers[0].status).toBe(400);
    expect(json(answers[0])).toEqual({
      success: false,
      status: 400,
      message: 'x-jobtwin-job: outcome must be one of succeed, fail, partial, never (got "{{x|y}}")',
    });
  });
});
