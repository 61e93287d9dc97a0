// CONNECT went unanswered (node drops it without a 'connect' listener), and after a request with
// `Connection: Upgrade` the twin answered keep-alive but never read the connection again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { HEALTH, headerOf, json, send } from './raw.js';

describe('CONNECT and Upgrade requests', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed: 1 });
  });
  afterAll(() => mock.close());

  it('answers CONNECT to an operation path 405 with Allow, in the API envelope, and closes', async () => {
    const x = await send(mock.port, 'CONNECT /alchemyst/api/v1/context/add-async HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer alice\r\n\r\n');
    expect(x.answers[0].status).toBe(405);
    expect(headerOf(x.answers[0], 'allow')).toBe('POST');
    expect(json(x.answers[0])).toMatchObject({ success: false, status: 405, error: { code: 'METHOD_NOT_ALLOWED' } });
    expect(headerOf(x.answers[0], 'connection')?.toLowerCase()).toBe('close');
  });

  it('answers CONNECT to a host:port 404', async () => {
    const x = await send(mock.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(x.answers[0].status).toBe(404);
  });

  it('lets the server close after a CONNECT that sent bytes past its head', async () => {
    const own = await startMock({ port: 0, seed: 1 });
    const x = await send(own.port, `CONNECT /alchemyst/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n${'x'.repeat(300_000)}`);
    expect(x.answers[0].status).toBe(404);
    const closed = await Promise.race([own.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 2000))]);
    expect(closed).toBe('closed');
  });

  it('closes the connection after answering an Upgrade request, so a next request is not left hanging', async () => {
    const upgrade = 'GET /__jobtwin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';
    const x = await send(mock.port, upgrade + HEALTH, { expect: 2 });
    expect(x.timedOut).toBe(false);
    expect(x.answers[0].status).toBe(200);
    expect(headerOf(x.answers[0], 'connection')?.toLowerCase()).toBe('close');
  });
});
