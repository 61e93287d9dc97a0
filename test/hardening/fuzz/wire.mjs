// @ts-check
// Raw HTTP/1.1 over node:net: every byte of the request is ours, and every byte of the answer is read
// and parsed strictly, so a malformed response (or none) cannot hide behind a forgiving client.
import net from 'node:net';

/**
 * @typedef {{ status: number, reason: string, headers: Array<[string, string]>, body: Buffer, raw: Buffer }} HttpAnswer
 * @typedef {{ answers: HttpAnswer[], closed: boolean, timedOut: boolean, malformed?: string, error?: string, ms: number }} Exchange
 */

/** Lower-cased header lookup; the last value when repeated. */
export function header(answer, name) {
  let value;
  for (const [k, v] of answer.headers) if (k.toLowerCase() === name) value = v;
  return value;
}

/**
 * Parses as many complete responses as `buffer` holds. `methods` are the methods of the requests in
 * order (a HEAD answer has no body). Returns the answers, the unparsed rest, and a reason when the
 * bytes cannot be a response at all.
 * @param {Buffer} buffer
 * @param {string[]} methods
 * @param {boolean} ended the peer closed: a body delimited by the close is complete
 */
export function parseResponses(buffer, methods, ended) {
  /** @type {HttpAnswer[]} */
  const answers = [];
  let offset = 0;
  for (;;) {
    if (offset >= buffer.length) return { answers, rest: buffer.subarray(offset) };
    const headEnd = buffer.indexOf('\r\n\r\n', offset, 'latin1');
    if (headEnd < 0) {
      if (ended) return { answers, rest: buffer.subarray(offset), malformed: 'the connection closed inside a response head' };
      return { answers, rest: buffer.subarray(offset) };
    }
    const lines = buffer.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3}) ?([^\r\n]*)$/.exec(lines[0]);
    if (!statusLine) return { answers, rest: buffer.subarray(offset), malformed: `bad status line ${JSON.stringify(lines[0].slice(0, 80))}` };
    /** @type {Array<[string, string]>} */
    const headers = [];
    for (const line of lines.slice(1)) {
      const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/.exec(line);
      if (!m) return { answers, rest: buffer.subarray(offset), malformed: `bad header line ${JSON.stringify(line.slice(0, 80))}` };
      headers.push([m[1], m[2]]);
    }
    const status = Number(statusLine[1]);
    let cursor = headEnd + 4;
    const informational = status >= 100 && status < 200;
    const method = methods[answers.length] ?? 'GET';
    const noBody = informational || status === 204 || status === 304 || method === 'HEAD';
    const partial = { status, reason: statusLine[2], headers, body: Buffer.alloc(0), raw: Buffer.alloc(0) };
    const te = header(partial, 'transfer-encoding');
    const cl = header(partial, 'content-length');
    if (cl !== undefined && !/^\d+$/.test(cl)) return { answers, rest: buffer.subarray(offset), malformed: `bad content-length ${JSON.stringify(cl)}` };
    if (!noBody) {
      if (te !== undefined && te.toLowerCase() === 'chunked') {
        const chunks = [];
        for (;;) {
          const lineEnd = buffer.indexOf('\r\n', cursor, 'latin1');
          if (lineEnd < 0)
            return ended ? { answers, rest: buffer.subarray(offset), malformed: 'truncated chunked body' } : { answers, rest: buffer.subarray(offset) };
          const size = parseInt(buffer.subarray(cursor, lineEnd).toString('latin1'), 16);
          if (!Number.isFinite(size)) return { answers, rest: buffer.subarray(offset), malformed: 'bad chunk size' };
          if (lineEnd + 2 + size + 2 > buffer.length)
            return ended ? { answers, rest: buffer.subarray(offset), malformed: 'truncated chunk' } : { answers, rest: buffer.subarray(offset) };
          chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
          cursor = lineEnd + 2 + size + 2;
          if (size === 0) break;
        }
        partial.body = Buffer.concat(chunks);
      } else if (cl !== undefined) {
        const length = Number(cl);
        if (cursor + length > buffer.length) {
          return ended
            ? { answers, rest: buffer.subarray(offset), malformed: `body shorter than content-length ${length}` }
            : { answers, rest: buffer.subarray(offset) };
        }
        partial.body = buffer.subarray(cursor, cursor + length);
        cursor += length;
      } else {
        // Delimited by the close: complete only once the peer has ended.
        if (!ended) return { answers, rest: buffer.subarray(offset) };
        partial.body = buffer.subarray(cursor);
        cursor = buffer.length;
      }
    }
    partial.raw = buffer.subarray(offset, cursor);
    offset = cursor;
    if (!informational) answers.push(partial);
  }
}

/**
 * Sends `bytes` on a fresh connection and collects the answers.
 * @param {{ port: number, bytes: Buffer, methods: string[], expect: number, timeoutMs: number, graceMs?: number, whenSent?: () => Promise<void> }} o
 *   expect: answers to wait for; timeoutMs: the bound for them; whenSent: runs after the bytes are
 *   written (e.g. a health check), then `graceMs` later the socket is closed if answers are missing.
 * @returns {Promise<Exchange>}
 */
export function exchange(o) {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: o.port });
    socket.setNoDelay(true);
    /** @type {Buffer[]} */
    const received = [];
    let settled = false;
    let ended = false;
    let timer;
    const settle = (/** @type {Partial<Exchange>} */ extra = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const parsed = parseResponses(Buffer.concat(received), o.methods, ended);
      socket.destroy();
      resolve({ answers: parsed.answers, closed: ended, timedOut: false, malformed: parsed.malformed, ms: performance.now() - started, ...extra });
    };
    const check = () => {
      const parsed = parseResponses(Buffer.concat(received), o.methods, ended);
      if (parsed.malformed || parsed.answers.length >= o.expect) settle();
    };
    socket.on('data', (chunk) => {
      received.push(chunk);
      check();
    });
    socket.on('end', () => {
      ended = true;
      settle();
    });
    // A reset after the server answered and closed is allowed; the answers so far still count.
    socket.on('error', (error) => {
      ended = true;
      settle({ error: /** @type {NodeJS.ErrnoException} */ (error).code ?? error.message });
    });
    socket.on('close', () => {
      ended = true;
      settle();
    });
    timer = setTimeout(() => settle({ timedOut: true }), o.timeoutMs);
    socket.once('connect', () => {
      // A server that resets while we still write is answered by 'error' above.
      socket.write(o.bytes, () => {
        if (!o.whenSent) return;
        o.whenSent().then(
          () => setTimeout(() => settle(), o.graceMs ?? 20),
          (error) => settle({ error: `while waiting: ${String(error)}` }),
        );
      });
    });
  });
}

/** GET /__jobtwin/health on its own connection: the twin must answer 200 within the bound. */
export async function health(port, timeoutMs = 5000) {
  const result = await exchange({
    port,
    bytes: Buffer.from('GET /__jobtwin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 'latin1'),
    methods: ['GET'],
    expect: 1,
    timeoutMs,
  });
  const answer = result.answers[0];
  if (!answer) return `health: no answer (${result.timedOut ? 'timed out' : (result.malformed ?? result.error ?? 'closed')})`;
  if (answer.status !== 200) return `health: ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`;
  return null;
}
