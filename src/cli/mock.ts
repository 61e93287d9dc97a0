// `jobtwin mock`: serve the bundled APIs (or your own specs) until stopped.
import { parseArgs } from 'node:util';
import type { Server } from 'node:http';
import { parseDuration, parseTime } from '../core/clock/clock.js';
import { composeTwin } from '../compose.js';
import type { ApiModel } from '../spec/model.js';
import { DEFAULT_SAVE_INTERVAL_MS, type StateSaver } from '../persist/saver.js';
import { UsageError } from './usage.js';
import { parseOrigins, type CorsOptions } from '../mock/cors.js';
import { loadJwksFile, type TokenRules } from '../mock/auth.js';
import { checkAllowEntry } from '../mock/webhooks/policy.js';
import { checkSecret } from '../mock/webhooks/signing.js';

/** How long requests under way may take to finish once a stop signal came. */
const DRAIN_MS = 5000;

export const MOCK_USAGE = `Usage: jobtwin mock [--api NAME]... [--spec FILE]... [options]

  --api NAME           serve a bundled API: alchemyst, crosmos, contextual, jobs (repeatable)
  --spec FILE          serve your own OpenAPI 3.1 or 3.0 spec carrying x-jobtwin (repeatable)
                       none of either: all four bundled APIs, each under /<name>
  --overlay FILE       an OpenAPI Overlay 1.0 file applied at load, e.g. the x-jobtwin of a
                       vendor's spec kept apart from it (repeatable; with several specs, its
                       \`extends\` names the one)
  --port N             default 4010 (env JOBTWIN_PORT)
  --host ADDR          default 127.0.0.1 (env JOBTWIN_HOST)
  --seed N             seed of every random choice (env JOBTWIN_SEED); default: drawn and printed
  --speed X            every simulated duration X times shorter (env JOBTWIN_SPEED); default 1
  --clock MODE         system (default) or frozen: time moves only through the control interface
  --start TIME         the clock's start, ISO 8601 or epoch ms (default: now)
  --control-token T    require T on the control interface (env JOBTWIN_CONTROL_TOKEN)
  --state-file PATH    keep jobs, counters, clock and tenants in PATH: loaded at start, saved
                       when changed and at exit (env JOBTWIN_STATE_FILE)
  --save-interval D    how often to save the state file, ms or e.g. 10s (env JOBTWIN_SAVE_INTERVAL); default 5s
  --cors on|off        answer browsers on other origins: preflights, Access-Control-* headers (env
                       JOBTWIN_CORS); default on
  --cors-origin O      allow only this origin, e.g. http://localhost:5173 (repeatable or a comma
                       list; env JOBTWIN_CORS_ORIGIN); default: any origin on the APIs, pages on
                       this machine on the control interface
  --jwt-secret S       refuse bearer JWTs not signed HS256 with S (env JOBTWIN_JWT_SECRET)
  --jwks FILE          refuse bearer JWTs not signed RS256/ES256 by a public key in FILE, a JWKS
                       document (env JOBTWIN_JWKS); with either, every token must be such a JWT.
                       Always: a JWT whose exp has passed on the twin's clock, or whose header or
                       payload does not decode, is 401; another token names its tenant itself
  --webhooks MODE      send (default): POST each webhook a create asked for; record: keep them
                       for GET /__jobtwin/webhooks instead (env JOBTWIN_WEBHOOKS)
  --webhook-allow HOST let webhooks go to HOST (or HOST:PORT) besides loopback (repeatable)
  --webhook-secret S   the whsec_… secret signing webhooks declared signing: standard (env
                       JOBTWIN_WEBHOOK_SECRET); default a fixed one (DEFAULT_WEBHOOK_SECRET)
  -h, --help`;

function number(name: string, value: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !check(n)) throw new UsageError(`--${name}: ${what} (got "${value}")`);
  return n;
}

export async function runMock(argv: string[], env: NodeJS.ProcessEnv = process.env, earlyStop?: (signal: NodeJS.Signals) => void): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        api: { type: 'string', multiple: true },
        spec: { type: 'string', multiple: true },
        overlay: { type: 'string', multiple: true },
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        clock: { type: 'string' },
        start: { type: 'string' },
        'control-token': { type: 'string' },
        'state-file': { type: 'string' },
        'save-interval': { type: 'string' },
        cors: { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'jwt-secret': { type: 'string' },
        jwks: { type: 'string' },
        webhooks: { type: 'string' },
        'webhook-allow': { type: 'string', multiple: true },
        'webhook-secret': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const o = parsed.values;
  if (o.help) {
    console.log(MOCK_USAGE);
    return;
  }
  const port = number('port', o.port ?? env.JOBTWIN_PORT, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port from 0 to 65535') ?? 4010;
  const seed =
    number('seed', o.seed ?? env.JOBTWIN_SEED, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'a whole number from 0 to 4294967295') ??
    Math.floor(Math.random() * 0xffffffff);
  const speed = number('speed', o.speed ?? env.JOBTWIN_SPEED, (n) => n > 0 && n <= 10000, 'a number above 0, at most 10000') ?? 1;
  const host = o.host ?? env.JOBTWIN_HOST ?? '127.0.0.1';
  const mode = o.clock ?? 'system';
  if (mode !== 'system' && mode !== 'frozen') throw new UsageError(`--clock: system or frozen (got "${mode}")`);
  const start = o.start === undefined ? undefined : parseTime(o.start);
  if (Number.isNaN(start)) throw new UsageError(`--start: ISO 8601 or epoch ms (got "${o.start}")`);
  const cors = corsOption(o.cors ?? env.JOBTWIN_CORS, o['cors-origin'] ?? (env.JOBTWIN_CORS_ORIGIN ? [env.JOBTWIN_CORS_ORIGIN] : []));
  const webhookMode = o.webhooks ?? env.JOBTWIN_WEBHOOKS ?? 'send';
  if (webhookMode !== 'send' && webhookMode !== 'record') throw new UsageError(`--webhooks: send or record (got "${webhookMode}")`);
  const webhookAllow = (o['webhook-allow'] ?? []).map((entry) => {
    try {
      return checkAllowEntry(entry);
    } catch (error) {
      throw new UsageError(`--webhook-allow: ${(error as Error).message}`);
    }
  });
  const webhookSecret = o['webhook-secret'] ?? env.JOBTWIN_WEBHOOK_SECRET;
  if (webhookSecret !== undefined) {
    try {
      checkSecret(webhookSecret);
    } catch (error) {
      throw new UsageError(`--webhook-secret: ${(error as Error).message}`);
    }
  }

  // From here on a stop signal is handled, even while the specs load (PID 1 in a container would
  // ignore it otherwise). Before the server is up there is nothing to drain or save.
  let stop: (signal: NodeJS.Signals) => void = (signal) => {
    console.log(`jobtwin mock: ${signal} during start-up, stopping`);
    process.exit(0);
  };
  // the command line's own start-up handlers give way to these
  if (earlyStop) {
    process.off('SIGTERM', earlyStop);
    process.off('SIGINT', earlyStop);
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const stateFile = o['state-file'] ?? env.JOBTWIN_STATE_FILE;
  if (stateFile === '') throw new UsageError('--state-file: give a path');
  const intervalText = o['save-interval'] ?? env.JOBTWIN_SAVE_INTERVAL;
  const saveIntervalMs = intervalText === undefined ? DEFAULT_SAVE_INTERVAL_MS : parseDuration(intervalText);
  if (!(saveIntervalMs > 0 && saveIntervalMs <= 86_400_000))
    throw new UsageError(`--save-interval: a duration above 0, at most 1d, e.g. 5000 or 5s (got "${intervalText}")`);

  const jwtSecret = o['jwt-secret'] ?? env.JOBTWIN_JWT_SECRET;
  if (jwtSecret === '') throw new UsageError('--jwt-secret: give a secret');
  const jwksFile = o.jwks ?? env.JOBTWIN_JWKS;
  let auth: TokenRules | undefined;
  try {
    auth =
      jwtSecret === undefined && jwksFile === undefined ? undefined : { secret: jwtSecret, keys: jwksFile === undefined ? undefined : loadJwksFile(jwksFile) };
  } catch (error) {
    throw new UsageError(`--jwks: ${(error as Error).message}`);
  }

  const started = performance.now();
  const composed = await composeTwin({
    apis: o.api,
    specs: o.spec,
    overlays: o.overlay,
    seed,
    speed,
    frozen: mode === 'frozen',
    start,
    controlToken: o['control-token'] ?? env.JOBTWIN_CONTROL_TOKEN,
    cors,
    auth,
    webhooks: { mode: webhookMode, allow: webhookAllow, ...(webhookSecret === undefined ? {} : { secret: webhookSecret }) },
    stateFile,
    saveIntervalMs,
    onSaveError: (error, file) => console.error(`jobtwin mock: saving ${file} failed: ${error.message}`),
  });
  const { app, apis, clock, saver, state: opened } = composed;
  let base: string;
  try {
    base = await composed.listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EADDRINUSE' ? `port ${port} on ${host} is in use (try --port)` : `cannot listen on ${host}:${port}: ${(error as Error).message}`,
    );
  }
  const shownMode = clock.state().frozen ? 'frozen' : 'system';
  console.log(
    `jobtwin mock: ${apis.length} API${apis.length === 1 ? '' : 's'} on ${base} (seed ${app.twin.seed}, speed ${app.twin.speed}, clock ${shownMode}) in ${Math.round(performance.now() - started)} ms`,
  );
  for (const api of apis) console.log(`  ${api.name.padEnd(12)} ${base}${app.mounts[api.name]}   ${api.title}${originNote(api)}`);
  if (opened) {
    const every = `saved every ${saveIntervalMs / 1000} s when changed, and at exit`;
    const from = opened.loaded
      ? `resumed ${opened.loaded.jobs.length} job${opened.loaded.jobs.length === 1 ? '' : 's'} saved at ${opened.loaded.header.savedAt}`
      : 'no file yet: a new state';
    console.log(`  state        ${opened.file}: ${from}; ${every}`);
  }
  console.log(`  control      ${base}/__jobtwin/health`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host) && !(o['control-token'] ?? env.JOBTWIN_CONTROL_TOKEN)) {
    console.log('  note: the control interface answers loopback callers only; set --control-token to reach it from elsewhere');
  }

  // Handlers on both signals matter when the twin is PID 1 in a container: there, a signal without
  // a handler is ignored, and `docker stop` would wait for its SIGKILL.
  let stopping = false;
  stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`jobtwin mock: ${signal} again, closing open connections now`);
      app.server.closeAllConnections();
      return;
    }
    stopping = true;
    console.log(`jobtwin mock: ${signal}, stopping`);
    void shutdown(app.server, saver).then((code) => process.exit(code));
  };
}

/** Says where a served spec differs from the file as published: converted from 3.0, overlaid. */
function originNote(api: ApiModel): string {
  const notes: string[] = [];
  if (api.origin && !api.origin.openapi.startsWith('3.1')) notes.push(`converted from OpenAPI ${api.origin.openapi}`);
  if (api.origin?.overlays.length) notes.push(`overlays: ${api.origin.overlays.join(', ')}`);
  return notes.length ? ` (${notes.join('; ')})` : '';
}

function corsOption(mode: string | undefined, origins: string[]): CorsOptions {
  if (mode !== undefined && mode !== 'on' && mode !== 'off') throw new UsageError(`--cors: on or off (got "${mode}")`);
  try {
    return { enabled: mode !== 'off', origins: parseOrigins(origins) };
  } catch (error) {
    throw new UsageError(`--cors-origin: ${(error as Error).message}`);
  }
}

/** Drains the server, then saves the state (when kept); the exit code. */
async function shutdown(server: Server, saver: StateSaver | undefined): Promise<number> {
  await drain(server, DRAIN_MS);
  if (!saver) return 0;
  try {
    const report = await saver.stop();
    if (report) console.log(`jobtwin mock: saved ${report.jobs} job${report.jobs === 1 ? '' : 's'} to ${report.file} (${report.bytes} bytes, ${report.ms} ms)`);
    else console.log(`jobtwin mock: ${saver.file} is up to date`);
    return 0;
  } catch (error) {
    console.error(`jobtwin mock: saving ${saver.file} failed: ${(error as Error).message}`);
    return 1;
  }
}

/**
 * Stops accepting connections and lets requests under way finish; after `graceMs`, closes whatever is
 * still open. Kept-alive connections close as soon as they are idle, so they do not hold the exit.
 */
function drain(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    // Should a socket outlive closeAllConnections, the exit still comes.
    const last = setTimeout(done, graceMs + 1000);
    function done() {
      clearInterval(idle);
      clearTimeout(force);
      clearTimeout(last);
      resolve();
    }
    server.close(done);
    server.closeIdleConnections();
  });
}
