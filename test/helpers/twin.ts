// Test harness: the real twin on 127.0.0.1 (port 0) on a frozen clock, and a client that checks
// every answer of a documented operation against the spec with ajv.
import { startMock, type RunningMock, type StartMockOptions } from '../../src/index.js';
import { Router, mountsFor } from '../../src/mock/router.js';
import { ResponseValidator } from '../../src/validation/response.js';
import { createAjv } from '../../src/validation/ajv.js';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export interface Harness extends RunningMock {
  /** requests as tenant `token` (default "tenant-a"); every answer is checked against the spec */
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; form?: FormData; headers?: Record<string, string>; unchecked?: boolean },
  ): Promise<Answer>;
  /** the control interface */
  control(method: string, path: string, body?: unknown): Promise<Answer>;
  /** how many answers were checked against the spec */
  checked: number;
}

export async function startTwin(options: StartMockOptions = {}): Promise<Harness> {
  const mock = await startMock({ seed: 7, start: T0, clock: 'frozen', ...options });
  const apis = mock.twin.apiList();
  const router = new Router(mountsFor(apis));
  // strict: the twin's answers in an assumed status must hold to the declared media type and schema
  const validator = new ResponseValidator(createAjv(), { strict: true });
  const harness: Harness = Object.assign(mock, {
    checked: 0,
    async call(method: string, path: string, o: Parameters<Harness['call']>[2] = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? 'tenant-a' : o.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: BodyInit | undefined;
      if (o.form) body = o.form;
      else if (o.body !== undefined) {
        body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${mock.url}${path}`, { method, headers, body });
      const answer = await toAnswer(res);
      const match = router.match(method, path.split('?')[0]);
      if (!o.unchecked && match.kind === 'operation') {
        const check = validator.check(match.op, answer.status, res.headers.get('content-type'), answer.body);
        if (!check.ok) throw new Error(`${method} ${path} → ${answer.status}: ${check.message}\n${answer.text}`);
        harness.checked++;
      }
      return answer;
    },
    async control(method: string, path: string, body?: unknown) {
      const res = await fetch(`${mock.url}/__jobtwin${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return toAnswer(res);
    },
  });
  return harness;
}

async function toAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body, text };
}
