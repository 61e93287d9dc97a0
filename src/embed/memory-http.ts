// One fetch Request through the twin's own node:http server without a port: a connected pair of
// in-memory sockets, node's HTTP client on one end and the server's 'connection' on the other. So
// node parses the request, the twin's dispatcher and pipeline answer it, and node frames the answer,
// exactly as over TCP; nothing on the way uses a timer.
import { Duplex } from 'node:stream';
import { request as httpRequest, type Server } from 'node:http';

/** One end of an in-memory connection; what it writes, the other end reads. */
class MemorySocket extends Duplex {
  peer!: MemorySocket;
  // The caller is this process: the control interface, which answers only loopback callers without a
  // token, sees a loopback peer.
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 0;
  readonly remoteFamily = 'IPv4';
  readonly localAddress = '127.0.0.1';
  readonly localPort = 0;
  readonly encrypted = false;

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.push(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A closed connection closes on both ends (the drop fault destroys the server's end).
    if (!this.peer.destroyed) this.peer.destroy();
    callback(error);
  }

  // What node's HTTP server and client call on a net.Socket; an in-memory one has no timers to set.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address() {
    return { address: this.localAddress, family: this.remoteFamily, port: this.localPort };
  }
}

function socketPair(): [client: MemorySocket, server: MemorySocket] {
  const client = new MemorySocket();
  const server = new MemorySocket();
  client.peer = server;
  server.peer = client;
  return [client, server];
}

// Hop-by-hop headers of the in-memory connection, meaningless in a fetch Response.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/** Sends `request` to `server` over an in-memory connection; the server's answer, or a network error when it closed the connection unanswered. */
export async function exchange(server: Server, request: Request, path: string): Promise<Response> {
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers.host ??= new URL(request.url).host;
  if (body !== undefined) headers['content-length'] = String(body.length);
  const [client, serverEnd] = socketPair();
  server.emit('connection', serverEnd);
  return new Promise<Response>((resolve) => {
    const req = httpRequest({ method: request.method, path, headers, createConnection: () => client as never });
    req.once('error', () => resolve(Response.error()));
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', () => resolve(Response.error()));
      res.once('end', () => {
        const out = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i].toLowerCase();
          if (!HOP_BY_HOP.has(name)) out.append(name, res.rawHeaders[i + 1]);
        }
        const status = res.statusCode ?? 500;
        const nullBody = status === 204 || status === 304 || request.method === 'HEAD';
        resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: out }));
        client.destroy();
      });
    });
    req.end(body);
  });
}
