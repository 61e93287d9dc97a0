// A small RESP2 client over node:net with the shape of Bun's built-in RedisClient (send, connected,
// connect, close, duplicate, onconnect/onclose), which BullMQ 6.7 drives through its own adapter
// (classes/bun-redis-client.js). It exists because the ioredis package is not installed here;
// BullMQ's scripts, commands and blocking waits all run unchanged against the real redis-server.
import { connect, type Socket } from 'node:net';

type Reply = string | number | null | Reply[];

interface Pending {
  resolve(value: Reply): void;
  reject(error: Error): void;
}

class ReplyParser {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
  }

  /** The next whole reply, or undefined until more bytes arrive. Errors come back as Error values. */
  next(): { value: Reply | Error } | undefined {
    const parsed = this.parse(0);
    if (!parsed) return undefined;
    this.buffer = this.buffer.subarray(parsed.end);
    return { value: parsed.value };
  }

  private parse(at: number): { value: Reply | Error; end: number } | undefined {
    const eol = this.buffer.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const type = String.fromCharCode(this.buffer[at]);
    const line = this.buffer.toString('utf8', at + 1, eol);
    const after = eol + 2;
    switch (type) {
      case '+':
        return { value: line, end: after };
      case '-':
        return { value: new Error(line), end: after };
      case ':':
        return { value: Number(line), end: after };
      case '$': {
        const length = Number(line);
        if (length < 0) return { value: null, end: after };
        if (this.buffer.length < after + length + 2) return undefined;
        return { value: this.buffer.toString('utf8', after, after + length), end: after + length + 2 };
      }
      case '*': {
        const count = Number(line);
        if (count < 0) return { value: null, end: after };
        const items: Reply[] = [];
        let end = after;
        for (let i = 0; i < count; i++) {
          const item = this.parse(end);
          if (!item) return undefined;
          // an error inside an array (EXEC): kept as the Error for the caller to see
          items.push(item.value as Reply);
          end = item.end;
        }
        return { value: items, end };
      }
      default:
        throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
    }
  }
}

function encode(command: string, args: unknown[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n$${Buffer.byteLength(command)}\r\n${command}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : arg instanceof Uint8Array ? Buffer.from(arg) : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export class RespClient {
  connected = false;
  onconnect: (() => void) | null = null;
  onclose: ((error?: Error) => void) | null = null;
  onerror: ((error: Error) => void) | null = null;
  private socket?: Socket;
  private pending: Pending[] = [];
  private parser = new ReplyParser();
  private connecting?: Promise<void>;

  constructor(readonly host: string, readonly port: number) {}

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      this.socket = socket;
      socket.once('connect', () => {
        this.connected = true;
        this.connecting = undefined;
        resolve();
        this.onconnect?.();
      });
      socket.on('data', (chunk) => this.receive(chunk));
      socket.on('error', (error) => {
        if (!this.connected) {
          this.connecting = undefined;
          reject(error);
        }
        this.onerror?.(error);
      });
      socket.once('close', () => {
        const wasConnected = this.connected;
        this.connected = false;
        this.failPending(new Error('Connection closed'));
        if (wasConnected) this.onclose?.();
      });
    });
    return this.connecting;
  }

  async send(command: string, args: unknown[] = []): Promise<Reply> {
    if (!this.connected) await this.connect();
    return new Promise<Reply>((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket!.write(encode(command, args));
    });
  }

  close(): void {
    this.connected = false;
    this.socket?.destroy();
    this.failPending(new Error('Connection closed'));
  }

  /** BullMQ recognises a client instance by connect, disconnect and duplicate */
  disconnect(): void {
    this.close();
  }

  async duplicate(): Promise<RespClient> {
    const copy = new RespClient(this.host, this.port);
    await copy.connect();
    return copy;
  }

  private receive(chunk: Buffer): void {
    this.parser.push(chunk);
    for (let reply = this.parser.next(); reply; reply = this.parser.next()) {
      const waiter = this.pending.shift();
      if (!waiter) continue;
      if (reply.value instanceof Error) waiter.reject(reply.value);
      else waiter.resolve(reply.value);
    }
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) p.reject(error);
  }
}
