// The programmatic API: start the twin inside another project's tests.
import type { AddressInfo } from 'node:net';
import { TwinClock, parseDuration, parseTime } from './clock/clock.js';
import { createTwinApp, type TwinApp } from './mock/app.js';
import { jwksKeys, loadJwksFile, type TokenRules } from './mock/auth.js';
import { loadApis } from './spec/resolve.js';
import { TrackedClock, restoreClock } from './persist/clock.js';
import { attachState, openStateFile } from './persist/open.js';
import type { SaveReport } from './persist/save.js';
import type { StateSaver } from './persist/saver.js';

export interface StartMockOptions {
  /** bundled API names (alchemyst, crosmos, contextual, jobs); none and no specs: all four */
  apis?: string[];
  /** paths of your own specs carrying x-jobtwin */
  specs?: string[];
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
  /**
   * check bearer JWTs' signatures: HS256 with `secret`, RS256/ES256 with the public keys of `jwks`
   * (a JWKS file's path, or the document itself). Without it, signatures are not checked; an expired
   * or undecodable JWT is refused either way.
   */
  jwt?: { secret?: string; jwks?: string | { keys: unknown[] } };
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
  /** moves the clock forward (ms or '31d') and drops the jobs that expired */
  advance(by: number | string): number;
  /** writes stateFile now; undefined without one */
  save(): Promise<SaveReport | undefined>;
  /** stops the server, then saves to stateFile when anything changed since the last save */
  close(): Promise<void>;
}

export async function startMock(options: StartMockOptions = {}): Promise<RunningMock> {
  const apis = await loadApis({ apis: options.apis, specs: options.specs });
  const start = options.start === undefined ? undefined : parseTime(options.start);
  if (start !== undefined && Number.isNaN(start)) throw new Error(`start: not a time: ${String(options.start)}`);
  const intervalMs = options.saveInterval === undefined ? undefined : typeof options.saveInterval === 'number' ? options.saveInterval : parseDurationOrThrow(options.saveInterval);
  if (intervalMs !== undefined && !(intervalMs > 0)) throw new Error(`saveInterval: a duration above 0 (got ${String(options.saveInterval)})`);
  const auth = tokenRules(options.jwt);
  const opened = options.stateFile === undefined ? undefined : await openStateFile(options.stateFile, apis);
  const saved = opened?.loaded?.header.twin;
  const clock = saved ? restoreClock(saved.clock) : new TrackedClock({ start, frozen: (options.clock ?? 'frozen') === 'frozen' });
  const app = createTwinApp({ apis, clock, seed: saved?.seed ?? options.seed ?? 1, speed: saved?.speed ?? options.speed ?? 1, controlToken: options.controlToken, timeouts: options.timeouts, auth });
  const saver: StateSaver | undefined = opened ? attachState({ twin: app.twin, clock }, opened, { intervalMs, onError: (error) => console.error(`jobtwin: saving ${opened.file} failed: ${error.message}`) }) : undefined;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    app.server.once('error', (error) => {
      saver?.halt();
      reject(error);
    });
    app.server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    urls: Object.fromEntries(Object.entries(app.mounts).map(([name, prefix]) => [name, `${url}${prefix}`])),
    clock,
    twin: app.twin,
    faults: app.faults,
    journal: app.journal,
    advance(by) {
      const ms = typeof by === 'number' ? by : parseDurationOrThrow(by);
      clock.advance(ms);
      app.twin.sweep();
      return clock.now();
    },
    save: async () => saver?.save(),
    close: async () => {
      await new Promise<void>((resolve) => {
        app.server.close(() => resolve());
        app.server.closeAllConnections();
      });
      await saver?.stop();
    },
  };
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
export { TwinClock, parseDuration } from './clock/clock.js';
export { StateFileError } from './persist/errors.js';
export type { SaveReport } from './persist/save.js';
export { createTwinApp } from './mock/app.js';
export type { ApiModel, OperationModel } from './spec/model.js';
