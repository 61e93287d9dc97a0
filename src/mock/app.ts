// Assembles the twin from a record of its dependencies (specs, clock, seed), so tests build it the
// same way the CLI does, on a frozen clock and a fixed seed.
import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import express from 'express';
import type { ApiModel, OperationModel } from '../spec/model.js';
import { TwinClock } from '../core/clock/clock.js';
import { Twin } from '../core/twin.js';
import { Router, mountsFor } from './router.js';
import { Journal } from './journal.js';
import { Faults } from './faults.js';
import { PrismFallback } from './fallback.js';
import { createApiHandler } from './pipeline/run.js';
import type { Validator } from './pipeline/types.js';
import { CorsPolicy, type CorsOptions } from './cors.js';
import type { TokenRules } from './auth.js';
import { createControlRouter } from './control/router.js';
import { createAjv } from '../validation/ajv.js';
import { compileRequestValidator } from '../validation/request.js';
import { checkRendering } from './render-check.js';
import { VERSION } from '../version.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import type { WebhookOptions } from './webhooks/policy.js';
import { SpecError, pointerPart } from '../spec/spec-error.js';

export interface TwinAppOptions {
  apis: ApiModel[];
  clock?: TwinClock;
  seed?: number;
  speed?: number;
  controlToken?: string;
  journalSize?: number;
  /** how long a client may take over its headers, and over its whole request (default 15 s, 60 s) */
  timeouts?: { headersMs?: number; requestMs?: number };
  /** CORS for browser apps on another origin; on by default */
  cors?: CorsOptions;
  /** bearer-token signature checks (an HS256 secret, JWKS public keys); none by default */
  auth?: TokenRules;
  /** webhooks: sent (default) or recorded, and the hosts allowed besides loopback */
  webhooks?: WebhookOptions;
}

/**
 * Routes one request to the control interface or the APIs. With `next` (a connect/express
 * middleware's), a request that is not the twin's (outside the control prefix and every API mount)
 * goes on to the host server's own routes; without it, the twin answers everything (404 in the
 * API's envelope), as its own server does.
 */
export type TwinDispatcher = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

export interface TwinApp {
  server: Server;
  /** what the server runs for every request; the middleware and the in-memory MSW bridge run it too */
  dispatch: TwinDispatcher;
  /** whether a request URL (path and query) is the twin's: the control interface's or an API's */
  owns(url: string): boolean;
  twin: Twin;
  clock: TwinClock;
  faults: Faults;
  journal: Journal;
  /** where each API is mounted on the server */
  mounts: Record<string, string>;
  webhooks: WebhookDispatcher;
}

export const CONTROL_PREFIX = '/__jobtwin';

/**
 * A request schema ajv cannot compile stops start-up at its operation. A schema that refers to itself
 * overflows ajv once dereferenced (OpenAI's document holds several): without an overlay, every
 * operation of a vendor's document is compiled, with one only the job operations are.
 */
function compileAtStartup(api: ApiModel, op: OperationModel, compile: () => unknown): void {
  try {
    compile();
  } catch (error) {
    const why = error instanceof RangeError ? 'a schema that refers to itself, which jobtwin cannot compile yet' : (error as Error).message;
    throw new SpecError(
      `${api.source}#/paths/${pointerPart(op.path)}/${op.method}: a request schema of ${op.operationId} does not compile (${why}); serve the document with an overlay holding x-jobtwin, which keeps only the job operations, or remove this one with an overlay action`,
    );
  }
}

/** Request validators by operation, compiled on first use. */
class LazyValidators extends Map<OperationModel, Validator> {
  constructor(
    private readonly ajv: ReturnType<typeof createAjv>,
    private readonly apis: ApiModel[] = [],
  ) {
    super();
  }

  override get(op: OperationModel): Validator {
    let validator = super.get(op);
    const style = this.apis.find((api) => api.name === op.apiName)?.ext.errors.validationStyle;
    if (!validator) this.set(op, (validator = compileRequestValidator(op, this.ajv, { style })));
    return validator;
  }
}

export function createTwinApp(options: TwinAppOptions): TwinApp {
  const clock = options.clock ?? new TwinClock();
  const twin = new Twin(options.apis, clock, options.seed ?? 1, options.speed ?? 1);
  const journal = new Journal(options.journalSize ?? 1000);
  const faults = new Faults();
  const mountList = mountsFor(options.apis);
  const mounts = Object.fromEntries(mountList.map((m) => [m.api.name, m.prefix]));
  const ajv = createAjv();
  const validators = new LazyValidators(ajv, options.apis);
  // A user's spec compiles now, so a schema ajv cannot take stops start-up; the bundled ones (tested)
  // compile on first use, which keeps start-up short.
  for (const api of options.apis) if (!api.trusted) for (const op of api.operations) compileAtStartup(api, op, () => validators.get(op));
  // Likewise a user's templates are rendered against their response schemas now; the bundled specs
  // pass this in the tests (test/mock/render-check.test.ts).
  for (const api of options.apis) if (!api.trusted) checkRendering(api, ajv, mounts[api.name]);
  const fallback = new PrismFallback(options.apis);
  fallback.warm();
  const cors = new CorsPolicy(options.cors, documentedResponseHeaders(options.apis));

  const router = new Router(mountList);
  // the twin's own origin for webhook templates' req.origin (read once the server listens)
  const webhooks = new WebhookDispatcher(twin, options.webhooks, () => {
    const address = server.address();
    return address && typeof address === 'object'
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : 'http://127.0.0.1';
  });
  const handleApi = createApiHandler({
    twin,
    router,
    journal,
    faults,
    cors,
    validators,
    fallback,
    prefixes: new Map(Object.entries(mounts)),
    auth: options.auth,
    webhooks,
  });
  const control = express();
  control.disable('x-powered-by');
  control.set('etag', false);
  control.use(
    CONTROL_PREFIX,
    createControlRouter({ twin, clock, faults, journal, mounts, webhooks, token: options.controlToken, version: VERSION, startedAt: Date.now() }),
  );
  // The control interface runs on express; API traffic (status polls are the hot path) skips it.
  const prefixes = mountList.map((m) => m.prefix);
  const owns = (url: string) => isControlPath(url) || isApiPath(url, prefixes, router);
  const dispatch: TwinDispatcher = (req, res, next) => {
    const url = req.url ?? '/';
    const toControl = isControlPath(url);
    if (next && !toControl && !isApiPath(url, prefixes, router)) return next();
    // After a request with `Connection: Upgrade` node reads nothing more from the connection: a
    // keep-alive answer would leave the client's next request unanswered.
    if (req.headers.upgrade !== undefined) res.setHeader('connection', 'close');
    if (toControl) {
      if (!controlCors(cors, req, res)) control(req, res);
    } else handleApi(req, res);
  };
  const headersMs = options.timeouts?.headersMs ?? 15_000;
  const requestMs = options.timeouts?.requestMs ?? 60_000;
  // Node checks those deadlines every connectionsCheckingInterval (30 s by default): check often
  // enough that a deadline means roughly what it says.
  const server = createServer({ connectionsCheckingInterval: Math.max(100, Math.min(1000, headersMs / 4)) }, dispatch);
  // Without a 'connect' listener node drops a CONNECT request unanswered. The twin tunnels nothing:
  // it answers CONNECT as any other method (404, or 405 with Allow), then closes.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once('finish', () => {
      res.detachSocket(socket);
      // Node no longer tracks this socket (closeAllConnections skips it): drop whatever the client
      // sends after the head, and destroy it once the answer is flushed, or server.close() would wait.
      socket.resume();
      socket.end(() => socket.destroy());
    });
    socket.once('error', () => socket.destroy());
    dispatch(req, res);
  });
  // Slow clients must not pin the server.
  server.headersTimeout = headersMs;
  server.requestTimeout = requestMs;
  server.keepAliveTimeout = 5_000;
  // One timer for the whole store (never one per job): frees the memory of jobs retention removed.
  const sweeper = setInterval(() => twin.sweep(), 60_000);
  sweeper.unref();
  server.on('close', () => clearInterval(sweeper));
  return { server, dispatch, owns, twin, clock, faults, journal, mounts, webhooks };
}

function isControlPath(url: string): boolean {
  return url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`) || url.startsWith(`${CONTROL_PREFIX}?`);
}

/**
 * Whether a path is an API's: under its mount (`/alchemyst/...`, `/v1/...`), or, for an API mounted at
 * the root (alone, and its spec's server URL has no path), a path its spec documents (any method).
 */
function isApiPath(url: string, prefixes: string[], router: Router): boolean {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return prefixes.some((prefix) => prefix !== '' && (path === prefix || path.startsWith(`${prefix}/`))) || router.methodsAt(path) !== undefined;
}

/** The control interface's CORS: answers its preflights, marks its answers; true when answered. */
function controlCors(cors: CorsPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  const method = (req.method ?? 'GET').toUpperCase();
  if (cors.isPreflight(method, req.headers)) {
    res.writeHead(204, cors.preflight(req.headers, 'control', CONTROL_METHODS));
    res.end();
    return true;
  }
  const headers = req.headers.origin === undefined ? undefined : cors.headersFor(req.headers, 'control');
  if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  return false;
}

const CONTROL_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** Response headers the specs document: a browser app may read them only once exposed. */
function documentedResponseHeaders(apis: ApiModel[]): string[] {
  const names = new Set<string>();
  for (const api of apis) {
    for (const op of api.operations) {
      for (const response of Object.values(op.responses)) {
        for (const name of Object.keys(response.headers)) names.add(name);
      }
    }
  }
  return [...names];
}
