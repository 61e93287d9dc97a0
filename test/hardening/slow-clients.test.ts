// Slow or oversized clients cannot pin the twin: headers and requests have deadlines, and a body
// over the documented limit gets 413 before it has been sent in full.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';

let twin: RunningMock;

beforeAll(async () => {
  twin = await startMock({ apis: ['alchemyst'], timeouts: { headersMs: 400, requestMs: 800 } });
});
afterAll(() => twin.close());

/** Opens a socket; resolves with everything the server sent once it closes (or after `ms`). */
function open(): { socket: Socket; received: Promise<{ text: string; closedAfterMs: number }> } {
  const socket = connect(twin.port, '127.0.0.1');
  const t0 = Date.now();
  let text = '';
  socket.on('data', (d) => (text += d.toString('latin1')));
  socket.on('error', () => undefined);
  const received = new Promise<{ text: string; closedAfterMs: number }>((resolve) =>
    socket.once('close', () => resolve({ text, closedAfterMs: Date.now() - t0 })),
  );
  return { socket, received };
}

const health = async () => (await fetch(`${twin.url}/__jobtwin/health`)).status;

describe('slow clients', () => {
  it('closes a connection whose headers trickle in past the header deadline', async () => {
    const { socket, received } = open();
    socket.write('GET /api/v1/context/add-async/status HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    const { text, closedAfterMs } = await received;
    clearInterval(drip);
    expect(closedAfterMs).toBeLessThan(3000);
    expect(text === '' || text.startsWith('HTTP/1.1 408')).toBe(true);
    expect(await health()).toBe(200);
  });

  it('closes a request whose body never arrives in full', async () => {
    const { socket, received } = open();
    socket.write(
      'POST /api/v1/context/add-async HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"documents":',
    );
    const { closedAfterMs } = await received;
    expect(closedAfterMs).toBeLessThan(3000);
    expect(await health()).toBe(200);
  });

  it('serves others while many slow clients hang on', async () => {
    const slow = Array.from({ length: 50 }, () => open());
    for (const s of slow) s.socket.write('GET / HTTP/1.1\r\n');
    const t0 = Date.now();
    const answer = await fetch(`${twin.url}/api/v1/context/add-async/status?type=all`, { headers: { authorization: 'Bearer a' } });
    expect(answer.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(500);
    await Promise.all(slow.map((s) => s.received));
  });
});

describe('bodies over the limit', () => {
  it('answers 413 in the API envelope before the body is sent in full, and closes', async () => {
    const { socket, received } = open();
    const total = 50 * 1024 * 1024;
    socket.write(
      `POST /api/v1/context/add-async HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
    );
    // 12 MB, past the documented 10 MB, then nothing: the answer must not wait for the other 38 MB
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < 12; i++) socket.write(chunk);
    const { text } = await received;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ success: false });
    expect(await health()).toBe(200);
  });
});
