// Reads a request body within a byte limit: JSON parsed, multipart streamed through busboy (files are
// counted, never kept), anything else counted and dropped. Never throws, never waits on a dead client.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { isJsonMedia } from './media.js';
import type { FileInfo, ParsedBody } from './request.js';

export type BodyReadResult =
  | { ok: true; body: ParsedBody | undefined }
  | { ok: false; reason: 'too_large' | 'malformed_json' | 'malformed_multipart' | 'bad_encoding' | 'aborted'; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Deeper JSON is refused as malformed: JSON.parse takes any depth, but the answers that echo a job's
 * input (JSON.stringify) overflow the stack near 5,000 levels, and no real payload nests this far.
 */
export const MAX_JSON_DEPTH = 512;

/** Whether brackets outside strings nest deeper than `limit`; stops at the first level past it. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  // Each level takes an opening bracket: shorter text cannot nest that deep.
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function readBody(req: IncomingMessage, opts: { limitBytes: number; maxFileBytes?: number }): Promise<BodyReadResult> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.limitBytes) {
    return Promise.resolve({ ok: false, reason: 'too_large', message: `Request body is larger than ${opts.limitBytes} bytes` });
  }
  if (type === 'multipart/form-data') return readMultipart(req, opts);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyReadResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.limitBytes) {
        // Stop reading: the caller answers 413 and closes the connection.
        req.pause();
        finish({ ok: false, reason: 'too_large', message: `Request body is larger than ${opts.limitBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (size === 0) return finish({ ok: true, body: undefined });
      const buffer = Buffer.concat(chunks, size);
      if (!isJsonMedia(type)) return finish({ ok: true, body: { kind: 'other', contentType: type, size } });
      let text: string;
      try {
        text = decoder.decode(buffer);
      } catch {
        return finish({ ok: false, reason: 'bad_encoding', message: 'Body is not valid UTF-8' });
      }
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        return finish({ ok: false, reason: 'malformed_json', message: `JSON decode error: nested deeper than ${MAX_JSON_DEPTH} levels` });
      }
      try {
        finish({ ok: true, body: { kind: 'json', value: JSON.parse(text) } });
      } catch (error) {
        finish({ ok: false, reason: 'malformed_json', message: `JSON decode error: ${(error as Error).message}` });
      }
    });
    req.once('aborted', () => finish({ ok: false, reason: 'aborted', message: 'The client went away' }));
    req.once('error', () => finish({ ok: false, reason: 'aborted', message: 'The client went away' }));
    req.once('close', () => finish({ ok: false, reason: 'aborted', message: 'The client went away' }));
  });
}

function readMultipart(req: IncomingMessage, opts: { limitBytes: number; maxFileBytes?: number }): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    let done = false;
    let size = 0;
    const fields: Record<string, string | string[]> = Object.create(null);
    const files: Record<string, FileInfo | FileInfo[]> = Object.create(null);
    const add = <T>(map: Record<string, T | T[]>, name: string, value: T) => {
      const had = map[name];
      map[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    };
    let parser: busboy.Busboy;
    const finish = (result: BodyReadResult) => {
      if (done) return;
      done = true;
      req.off('data', count);
      if (!result.ok) {
        req.unpipe(parser);
        // Too large: the caller answers 413 and closes. Otherwise the answer keeps the connection,
        // so the rest of the body is read and dropped, or the client's next request would never be read.
        if (result.reason === 'too_large') req.pause();
        else req.resume();
      }
      resolve(result);
    };
    const count = (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.limitBytes) finish({ ok: false, reason: 'too_large', message: `Request body is larger than ${opts.limitBytes} bytes` });
    };
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: opts.maxFileBytes ?? opts.limitBytes, fields: 200, fieldSize: 1_048_576, files: 20, parts: 250 },
      });
    } catch (error) {
      resolve({ ok: false, reason: 'malformed_multipart', message: `Malformed multipart body: ${(error as Error).message}` });
      req.resume();
      return;
    }
    parser.on('field', (name, value) => add(fields, name, value));
    parser.on('file', (name, stream, info) => {
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on('error', (error: Error) => finish({ ok: false, reason: 'malformed_multipart', message: `Malformed multipart body: ${error.message}` }));
      stream.on('limit', () => finish({ ok: false, reason: 'too_large', message: `File "${info.filename}" is too large` }));
      stream.on('end', () => add(files, name, { filename: info.filename ?? '', contentType: info.mimeType, size: bytes }));
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit']) {
      parser.on(limit, () => finish({ ok: false, reason: 'malformed_multipart', message: `Malformed multipart body: too many parts (${limit})` }));
    }
    parser.on('error', (error: Error) => finish({ ok: false, reason: 'malformed_multipart', message: `Malformed multipart body: ${error.message}` }));
    parser.on('close', () => finish({ ok: true, body: { kind: 'multipart', fields: { ...fields }, files: { ...files } } }));
    req.on('data', count);
    req.once('aborted', () => finish({ ok: false, reason: 'aborted', message: 'The client went away' }));
    req.once('close', () => {
      if (!req.complete) finish({ ok: false, reason: 'aborted', message: 'The client went away' });
    });
    req.pipe(parser);
  });
}
