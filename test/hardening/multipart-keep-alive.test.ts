// A malformed multipart body was abandoned half-read on a keep-alive connection: the 422 went out,
// the rest of the body was never read, and the client's next request on the connection hung.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { HEALTH, json, send, withBody } from './raw.js';

const B = 'fuzzBoundary1234';
const PARSE = `POST /contextual/v1/parse HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer alice\r\nContent-Type: multipart/form-data; boundary=${B}`;

describe('a malformed multipart body on a keep-alive connection', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed: 1 });
  });
  afterAll(() => mock.close());

  it('answers 422 and still reads the next request', async () => {
    // a part header too long for busboy ends the parse early, 1 MB before the body does
    const body = Buffer.concat([
      Buffer.from(
        `--${B}\r\nContent-Disposition: form-data; name="raw_file"; filename="a.pdf"\r\n\r\n%PDF\r\n--${B}\r\nX-Long: ${'h'.repeat(100_000)}\r\n\r\n`,
      ),
      Buffer.alloc(1_000_000, 0x41),
      Buffer.from(`\r\n--${B}--\r\n`),
    ]);
    const x = await send(mock.port, Buffer.concat([withBody(PARSE, body), Buffer.from(HEALTH)]), { expect: 2 });
    expect(x.timedOut).toBe(false);
    expect(x.answers[0].status).toBe(422);
    expect(json(x.answers[0]).detail[0].type).toBe('malformed_multipart');
    expect(x.answers[1].status).toBe(200);
  });
});
