// The programmatic API: start the twin inside another project's tests.
import { TwinClock, parseDuration, parseTime } from './core/clock/clock.js';
import type { TwinApp } from './mock/app.js';
import { jwksKeys, loadJwksFile, type TokenRules } from './mock/auth.js';
import type { SaveReport } from './persist/save.js';
import { composeTwin, type ComposeOptions, type ComposedTwin } from './compose.js';
import { parseOrigins, type CorsOptions } from './mock/cors.js';
import { checkAllowEntry, type WebhookMode } from './mock/webhooks/policy.js';
import { checkSecret } from './mock/webhooks/signing.js';
export { DEFAULT_WEBHOOK_SECRET } from './mock/webhooks/signing.js';

export interface StartMockOptions {
  /** bundled API names (alchemyst, crosmos, contextual, jobs); none and no specs: all four */
  apis?: string[];
  /** paths of your own specs carrying x-jobtwin (or given it by an overlay) */
  specs?: string[];
  /** OpenAPI Overlay 1.0 files applied at load: to the only spec served, or to the one each `extends` */
  overlays?: string[];
  /** default 0: any free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default 1 */
  seed?: number;
  /** divides every drawn duration; default 1 */
  speed?: number;
  /** 'frozen': time moves only when told (the default here, for tests); 'system': real time */
  clock?: 'frozen' | 'system';
  /** the clock's starting time (ISO or epoch ms); default now */
  start?: string | number;
  /** how long a client may take over its headers and its whole request (default 15 s, 60 s) */
  timeouts?: { headersMs?: number; requestMs?: number };
  /** require this token on the control interface */
  controlToken?: string;
  /**
   * keep the twin's state (jobs, counters, clock, speed, seed, tenant simulations) in this file:
   * loaded at start when it exists (then seed, speed, clock and start above are the saved ones),
   * saved on a period when something changed, and by close()
   */
  stateFile?: string;
  /** how often to save to stateFile, ms or '5s'; default 5000 */
  saveInterval?: number | string;
  /** CORS for browser apps on other origins: default on (any origin); false turns it off */
  cors?: boolean | { origins: string[] };
  /**
   * check bearer JWTs' signatures: HS256 with `secret`, RS256/ES256 with the public keys of `jwks`
   * (a JWKS file's path, or the document itself). Without it, signatures are not checked; an expired
   * or undecodable JWT is refused either way.
   */
  jwt?: { secret?: string; jwks?: string | { keys: unknown[] } };
  /** 'send' (default): webhooks are POSTed; 'record': kept for GET /__jobtwin/webhooks instead */
  webhooks?: WebhookMode;
  /** hosts webhooks may go to besides loopback (name or address, optionally with :port) */
  webhookAllow?: string[];
  /** the Standard Webhooks secret (whsec_…) that signs webhooks declared `signing: standard`; default DEFAULT_WEBHOOK_SECRET */
  webhookSecret?: string;
}

export interface RunningMock {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** the URL of each API, e.g. { contextual: 'http://127.0.0.1:41234/contextual/v1' } */
  urls: Record<string, string>;
  clock: TwinClock;
  twin: TwinApp['twin'];
  faults: TwinApp['faults'];
  journal: TwinApp['journal'];
  /** webhook deliveries: entries(), pending(), settled() */
  webhooks: TwinApp['webhooks'];
  /** moves the clock forward (ms or '31d') and drops the jobs that expired */
  advance(by: number | string): number;
  /** writes stateFile now; undefined without one */
  save(): Promise<SaveReport | undefined>;
  /** stops the server, then saves to stateFile when anything changed since the last save */
  close(): Promise<void>;
}

export async function startMock(options: StartMockOptions = {}): Promise<RunningMock> {
  const twin = await composeTwin(composeOptionsFor(options));
  const { app, clock } = twin;
  const url = await twin.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url,
    port: Number(new URL(url).port),
    urls: Object.fromEntries(Object.entries(app.mounts).map(([name, prefix]) => [name, `${url}${prefix}`])),
    clock,
    twin: app.twin,
    faults: app.faults,
    journal: app.journal,
    webhooks: app.webhooks,
    advance: advancer(twin),
    save: async () => twin.saver?.save(),
    close: () => twin.close(),
  };
}

/** startMock's options as composeTwin takes them (its defaults: seed 1, speed 1, a frozen clock); throws on a bad one. */
export function composeOptionsFor(options: Omit<StartMockOptions, 'port' | 'host'>): ComposeOptions {
  const start = options.start === undefined ? undefined : parseTime(options.start);
  if (start !== undefined && Number.isNaN(start)) throw new Error(`start: not a time: ${String(options.start)}`);
  const intervalMs =
    options.saveInterval === undefined
      ? undefined
      : typeof options.saveInterval === 'number'
        ? options.saveInterval
        : parseDurationOrThrow(options.saveInterval);
  if (intervalMs !== undefined && !(intervalMs > 0)) throw new Error(`saveInterval: a duration above 0 (got ${String(options.saveInterval)})`);
  return {
    apis: options.apis,
    specs: options.specs,
    overlays: options.overlays,
    seed: options.seed ?? 1,
    speed: options.speed ?? 1,
    frozen: (options.clock ?? 'frozen') === 'frozen',
    start,
    controlToken: options.controlToken,
    timeouts: options.timeouts,
    cors: corsOptions(options.cors),
    auth: tokenRules(options.jwt),
    stateFile: options.stateFile,
    saveIntervalMs: intervalMs,
    webhooks: webhookOptions(options),
    onSaveError: (error, file) => console.error(`jobtwin: saving ${file} failed: ${error.message}`),
  };
}

/** RunningMock.advance for a composed twin: the clock forward (ms or '31d'), expired jobs dropped. */
export function advancer({ app, clock }: Pick<ComposedTwin, 'app' | 'clock'>): (by: number | string) => number {
  return (by) => {
    const ms = typeof by === 'number' ? by : parseDurationOrThrow(by);
    clock.advance(ms);
    app.twin.sweep();
    return clock.now();
  };
}

function webhookOptions(options: Pick<StartMockOptions, 'webhooks' | 'webhookAllow' | 'webhookSecret'>): ComposeOptions['webhooks'] {
  const mode = options.webhooks ?? 'send';
  if (mode !== 'send' && mode !== 'record') throw new Error(`webhooks: 'send' or 'record' (got ${String(mode)})`);
  const secret = options.webhookSecret === undefined ? undefined : checkSecret(options.webhookSecret);
  return { mode, allow: (options.webhookAllow ?? []).map((entry) => checkAllowEntry(entry)), ...(secret ? { secret } : {}) };
}

function corsOptions(cors: StartMockOptions['cors']): CorsOptions {
  if (cors === undefined || typeof cors === 'boolean') return { enabled: cors ?? true };
  return { enabled: true, origins: parseOrigins(cors.origins) };
}

function tokenRules(jwt: StartMockOptions['jwt']): TokenRules | undefined {
  if (!jwt) return undefined;
  if (jwt.secret !== undefined && jwt.secret === '') throw new Error('jwt.secret: an empty secret checks nothing');
  const keys = jwt.jwks === undefined ? undefined : typeof jwt.jwks === 'string' ? loadJwksFile(jwt.jwks) : jwksKeys(jwt.jwks, 'jwt.jwks');
  return { secret: jwt.secret, keys };
}

function parseDurationOrThrow(by: string): number {
  const ms = parseDuration(by);
  if (Number.isNaN(ms)) throw new Error(`not a duration: ${by} (e.g. 1500, "2s", "31d")`);
  return ms;
}

export { loadApi, SpecError } from './spec/load.js';
export { loadApis } from './spec/resolve.js';
export { BUNDLED_APIS, bundledSpecPath } from './spec/bundled.js';
export { TwinClock, parseDuration } from './core/clock/clock.js';
export { StateFileError } from './persist/errors.js';
export { JobtwinError, type ErrorCode } from './errors.js';
export type { SaveReport } from './persist/save.js';
export { createTwinApp } from './mock/app.js';
export { composeTwin, type ComposeOptions, type ComposedTwin } from './compose.js';
export { jobtwinMiddleware, type JobtwinMiddleware, type JobtwinMiddlewareOptions, type EmbeddedTwin } from './embed/middleware.js';
export type { ApiModel, OperationModel } from './spec/model.js';
