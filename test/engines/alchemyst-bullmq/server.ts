// A reference implementation of the Alchemyst add-async API on the real engine: node:http in front of
// BullMQ (a Queue and a Worker per tenant, 3 attempts, a fixed back-off). Status and list answers are
// BullMQ's Job fields as they stand (getState, attemptsMade, failedReason, processedOn, finishedOn,
// returnvalue); cancel is job.remove(), which BullMQ refuses while the job is locked by its worker.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Queue, Worker, type Job, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { bodyProblem } from './validate.js';
import { defaultPlanFor, planFrom, type WorkPlan } from './plan.js';

export const BODY_LIMIT = 10_485_760;
const BASE = '/api/v1/context/add-async';
const ID = /^[A-Za-z0-9_-]{1,128}$/;
const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;
const CONFLICT = 'Context add is running, it cannot be cancelled. You can delete it after it has finished uploading, to preserve the integrity of data.';
const REASONS = [
  'Embedding request timed out after 30000ms',
  'Vector store upsert failed: connect ECONNRESET',
  'Rate limit exceeded by embedding provider (429 Too Many Requests)',
];
const LIST_TYPES: Record<string, JobType[]> = {
  all: ['active', 'waiting', 'delayed', 'completed', 'failed'],
  active: ['active'],
  failed: ['failed'],
  completed: ['completed'],
};
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
};
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

interface JobData {
  input: Record<string, any>;
  /** failures: null when every attempt fails */
  plan: { failures: number | null; runMs: number };
}

type Op = 'create' | 'list' | 'status' | 'cancel';

export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
}

export interface ReferenceOptions {
  redis: { host: string; port: number };
  /** worker concurrency: every job has a free worker unless told otherwise */
  concurrency?: number;
}

// seed 000's ErrorResponse (status, and the API's other errors); seed 001's shape (cancel, list, create 400/413)
const errorResponse = (status: number, message: string) => ({ success: false, message, status, error: { code: CODES[status] ?? `HTTP_${status}`, message } });
const plainError = (status: number, message: string) => ({ success: false, message, status });

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function tenantOf(header: string | undefined): string | null {
  const match = header ? BEARER.exec(header) : null;
  if (!match) return null;
  const parts = match[1].split('.');
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (claims && typeof claims.sub === 'string' && claims.sub !== '') return claims.sub;
    } catch {
      // not a JWT: the token names the tenant
    }
  }
  return match[1];
}

function newJobId(): string {
  return `job_${[...randomBytes(26)].map((b) => CROCKFORD[b & 31]).join('')}`;
}

function route(path: string): { op: Op; allow: string; rawId?: string } | null {
  if (path === BASE) return { op: 'create', allow: 'POST' };
  if (path === `${BASE}/status`) return { op: 'list', allow: 'GET' };
  const m = /^\/api\/v1\/context\/add-async\/([^/]+)\/(status|cancel)$/.exec(path);
  if (!m) return null;
  return m[2] === 'status' ? { op: 'status', allow: 'GET', rawId: m[1] } : { op: 'cancel', allow: 'DELETE', rawId: m[1] };
}

async function readBody(req: IncomingMessage): Promise<{ ok: true; text: string } | { ok: false; tooLarge: boolean }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > BODY_LIMIT) return { ok: false, tooLarge: true };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return { ok: false, tooLarge: true };
    chunks.push(chunk as Buffer);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

/** What the status and list answers show of a job: its BullMQ fields, the optional ones only when set. */
export function describeJob(job: Job<JobData>, state: string): Record<string, unknown> {
  const out: Record<string, unknown> = { jobId: job.id, status: state, attemptsMade: job.attemptsMade };
  if (state === 'completed' && job.returnvalue !== null && job.returnvalue !== undefined) out.result = job.returnvalue;
  if (job.failedReason) out.failedReason = job.failedReason;
  if (job.processedOn) out.processedOn = job.processedOn;
  if (job.finishedOn) out.finishedOn = job.finishedOn;
  return out;
}

const fingerprint = (job: Job) => [job.attemptsMade, job.attemptsStarted, job.processedOn, job.finishedOn, job.failedReason].join('|');

/**
 * A job and its state read together. BullMQ reads the hash and the state in separate calls, and the
 * worker may move the job in between (an `active` state beside a hash already counting the attempt's
 * end): read the hash again and accept the pair only when nothing moved.
 */
async function readJob(queue: Queue, id: string): Promise<{ job: Job<JobData>; state: string } | null> {
  let last: { job: Job<JobData>; state: string } | null = null;
  for (let i = 0; i < 8; i++) {
    const job = (await queue.getJob(id)) as Job<JobData> | undefined;
    if (!job) return null;
    const state = await job.getState();
    if (state === 'unknown') return null;
    const again = (await queue.getJob(id)) as Job<JobData> | undefined;
    if (!again) return null;
    last = { job: again, state };
    if (fingerprint(job) === fingerprint(again)) return last;
  }
  return last;
}

export async function startReferenceServer(options: ReferenceOptions): Promise<ReferenceServer> {
  // A client per queue and per worker (BullMQ duplicates the worker's for its blocking waits), with
  // ioredis as BullMQ's documentation sets it up: no retry limit per request, so a worker's blocking
  // wait is never cut short.
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis({ host: options.redis.host, port: options.redis.port, maxRetriesPerRequest: null, lazyConnect: false });
    clients.push(c);
    return c;
  };
  const queues = new Map<string, Queue>();
  const workers = new Map<string, Worker>();
  const queueName = (tenant: string) => `alchemyst-${createHash('sha256').update(tenant).digest('hex').slice(0, 24)}`;
  // One queue per tenant: a tenant's list is its queue, and another tenant's id is simply not in it.
  const queueOf = (tenant: string) => {
    const name = queueName(tenant);
    let queue = queues.get(name);
    if (!queue) queues.set(name, (queue = new Queue(name, { connection: client() })));
    return queue;
  };
  const ensureWorker = (tenant: string) => {
    const name = queueName(tenant);
    if (workers.has(name)) return;
    const worker = new Worker<JobData>(
      name,
      async (job) => {
        const { plan, input } = job.data;
        // the work itself: an attempt that takes runMs
        await new Promise((resolve) => setTimeout(resolve, plan.runMs));
        // attemptsMade counts the attempts that ended before this one
        if (plan.failures === null || job.attemptsMade < plan.failures) throw new Error(REASONS[job.attemptsMade % REASONS.length]);
        return { documentsProcessed: input.documents.length, source: input.source, contextType: input.context_type };
      },
      { connection: client(), concurrency: options.concurrency ?? 64 },
    );
    worker.on('error', () => {
      // connection errors while closing; the jobs' own failures are their failedReason
    });
    workers.set(name, worker);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const found = route(url.pathname);
    if (!found) return send(res, 404, errorResponse(404, 'Not Found'));
    if (method !== found.allow) return send(res, 405, errorResponse(405, 'Method Not Allowed'), { allow: found.allow });
    const { op } = found;
    const errorBody = op === 'status' || op === 'create' ? errorResponse : plainError;
    const tenant = tenantOf(req.headers.authorization);
    if (tenant === null) return send(res, 401, errorBody(401, 'Unauthorized'));
    const queue = queueOf(tenant);

    if (op === 'create') {
      const read = await readBody(req);
      if (!read.ok) return send(res, 413, plainError(413, `Request body is larger than ${BODY_LIMIT} bytes`), { connection: 'close' });
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (type !== 'application/json') return send(res, 400, plainError(400, 'Content-Type must be application/json'));
      let body: unknown;
      try {
        body = JSON.parse(read.text);
      } catch (error) {
        return send(res, 400, plainError(400, `Malformed JSON: ${(error as Error).message}`));
      }
      const problem = bodyProblem(body);
      if (problem) return send(res, 400, plainError(400, problem));
      const pinned = planFrom(req.headers['x-jobtwin-job']);
      if (typeof pinned === 'string') return send(res, 400, plainError(400, pinned));
      ensureWorker(tenant);
      const id = newJobId();
      const plan: WorkPlan = pinned ?? defaultPlanFor(id);
      const data: JobData = {
        input: body as Record<string, any>,
        plan: { failures: Number.isFinite(plan.failures) ? plan.failures : null, runMs: plan.runMs },
      };
      await queue.add('add-context', data, { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: plan.backoffMs } });
      return send(res, 201, { queued: true, jobId: id });
    }

    if (op === 'list') {
      const type = url.searchParams.get('type') ?? 'all';
      const types = LIST_TYPES[type];
      if (!types) return send(res, 400, plainError(400, 'Invalid type. Expected one of: all, active, failed, completed'));
      const int = (name: string, fallback: number) => {
        const raw = url.searchParams.get(name);
        return raw !== null && /^\s*\d+\s*$/.test(raw) ? Number(raw) : fallback;
      };
      const limit = int('limit', 100) || 100;
      const offset = int('offset', 0);
      // getJobs applies start..end to each type's range: the first offset+limit of each type hold the
      // page of their concatenation (BullMQ's order: by type as asked, newest first within a type).
      const jobs = (await queue.getJobs(types, 0, offset + limit - 1)).slice(offset, offset + limit);
      const items = [];
      for (const listed of jobs) {
        const read = await readJob(queue, listed.id!);
        if (!read) continue; // removed since it was listed
        // the contract's list item: no result
        const { result: _result, ...item } = describeJob(read.job, read.state);
        items.push({ ...item, data: read.job.data.input });
      }
      return send(res, 200, { success: true, jobs: items });
    }

    let id: string;
    try {
      id = decodeURIComponent(found.rawId!);
    } catch {
      id = '';
    }
    if (!ID.test(id)) return send(res, 400, errorBody(400, 'Invalid job id'));

    if (op === 'status') {
      const read = await readJob(queue, id);
      if (!read) return send(res, 404, errorResponse(404, 'Job not found'));
      return send(res, 200, { success: true, ...describeJob(read.job, read.state) });
    }

    // cancel
    const read = await readJob(queue, id);
    if (!read) return send(res, 404, plainError(404, 'Job not found'));
    if (read.state === 'active') return send(res, 409, { error: CONFLICT });
    if (read.state === 'completed' || read.state === 'failed') return send(res, 404, plainError(404, 'Job not found'));
    try {
      await read.job.remove();
    } catch {
      // BullMQ refuses a job its worker holds the lock of: it became active meanwhile
      const now = await readJob(queue, id);
      if (now?.state === 'active') return send(res, 409, { error: CONFLICT });
      return send(res, 404, plainError(404, 'Job not found'));
    }
    return send(res, 200, { success: true, jobId: id, status: 'cancelled', message: 'Job cancelled successfully' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (res.headersSent) return res.destroy();
      // each operation's documented 500: seed 000's ErrorResponse for status, {success, message, error} elsewhere
      const op = route(new URL(req.url ?? '/', 'http://localhost').pathname)?.op;
      const detail = String((error as Error)?.message ?? error);
      send(
        res,
        500,
        op === 'status'
          ? errorResponse(500, 'Internal server error')
          : op === 'create'
            ? { response: 'Internal server error' }
            : { success: false, message: 'Internal server error', error: detail },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...workers.values()].map((w) => w.close(true)));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
