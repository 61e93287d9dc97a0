// No request can make the twin read or write a file or open a connection of its own: every file
// and network entry point of Node is watched while fuzzed requests (path traversal, odd hosts,
// file-looking bodies) and the bundled APIs' own requests run against all four APIs.
import fs from 'node:fs';
import net from 'node:net';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { Router, mountsFor } from '../../src/mock/router.js';
import { ResponseValidator } from '../../src/validation/response.js';
import { createAjv } from '../../src/validation/ajv.js';
// @ts-expect-error plain ESM shared with scripts/fuzz.mjs, typed by JSDoc
import { fuzz } from './fuzz/run.mjs';
// @ts-expect-error see above
import { caseArbitrary } from './fuzz/request.mjs';

interface Call {
  what: string;
  detail: string;
}

const calls: Call[] = [];
const restore: Array<() => void> = [];

/** Wraps every function of `target` so calls are recorded (module loading's own reads excepted). */
function watch(target: any, name: string, detail: (args: unknown[]) => string | null = (args) => String(args[0])): void {
  for (const key of Object.keys(target)) {
    const original = target[key];
    if (typeof original !== 'function' || /^[A-Z]/.test(key) || key === 'constants') continue;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const stack = new Error().stack ?? '';
      if (!stack.includes('node:internal/modules')) {
        const d = detail(args);
        if (d !== null) calls.push({ what: `${name}.${key}`, detail: d });
      }
      return original.apply(this, args);
    };
    target[key] = wrapped;
    restore.push(() => (target[key] = original));
  }
}

describe('no file or network access from requests', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed: 1, start: '2026-01-01T00:00:00.000Z' });
    // let the lazily loaded fallback finish loading before watching
    await new Promise((r) => setTimeout(r, 500));
    const toTwin = (args: unknown[]) => {
      const [a, b] = args as [any, any];
      const port = typeof a === 'object' && a !== null ? Number(a.port) : Number(a);
      const host = typeof a === 'object' && a !== null ? a.host : b;
      // the test's own connections to the twin are not the twin's
      return port === mock.port && (host === undefined || host === '127.0.0.1' || host === 'localhost') ? null : `${host}:${port}`;
    };
    watch(fs, 'fs');
    watch(fs.promises, 'fs.promises');
    watch(net, 'net', toTwin);
    watch(dns, 'dns');
    watch(dns.promises, 'dns.promises');
    watch(http, 'http', (args) => (typeof args[0] === 'string' && args[0].includes(`:${mock.port}`) ? null : 'request'));
    watch(https, 'https');
    syncBuiltinESMExports();
    // the watch itself works: a read through an ESM import and an outbound connect are both seen
    const { readFile } = await import('node:fs/promises');
    await readFile('/etc/hostname').catch(() => undefined);
    const socket = net.connect(9, '127.0.0.2').on('error', () => undefined);
    socket.destroy();
    expect(calls.map((c) => c.what)).toEqual(['fs.promises.readFile', 'net.connect']);
    calls.length = 0;
  });
  afterAll(async () => {
    for (const undo of restore.reverse()) undo();
    syncBuiltinESMExports();
    await mock.close();
  });

  it('answers traversal paths, file-like bodies and fuzzed requests without touching files or the network', { timeout: 40_000 }, async () => {
    const auth = { authorization: 'Bearer a' };
    for (const path of [
      '/alchemyst/../../../../etc/passwd',
      '/contextual/v1/parse/jobs/..%2f..%2fetc%2fpasswd/status',
      '/%2e%2e/%2e%2e/package.json',
      '/jobs/api/jobs/file:%2F%2F%2Fetc%2Fpasswd',
      '/crosmos/api/v1/jobs/http%3A%2F%2F169.254.169.254',
    ]) {
      const res = await fetch(`${mock.url}${path}`, { headers: auth });
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
    }
    const form = new FormData();
    form.append('raw_file', new Blob([Buffer.from('%PDF-1.7')], { type: 'application/pdf' }), '../../../etc/passwd');
    form.append('parse_mode', 'standard');
    expect((await fetch(`${mock.urls.contextual}/parse`, { method: 'POST', headers: auth, body: form })).status).toBeLessThan(500);
    const alchemyst = {
      documents: [{ content: 'x', fileName: '/etc/shadow' }],
      source: 'file:///etc/passwd',
      context_type: 'resource',
      scope: 'internal',
      metadata: { fileName: '../../.ssh/id_rsa', $ref: 'file:///etc/passwd' },
    };
    expect(
      (
        await fetch(`${mock.urls.alchemyst}/api/v1/context/add-async`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(alchemyst),
        })
      ).status,
    ).toBeLessThan(500);
    await fuzz({ mock, Router, mountsFor, ResponseValidator, createAjv }, { runs: 500, seed: 777, arbitrary: caseArbitrary });
    expect(calls).toEqual([]);
  });
});
