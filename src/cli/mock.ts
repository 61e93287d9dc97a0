// `jobtwin mock`: serve the bundled APIs (or your own specs) until stopped.
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { TwinClock, parseTime } from '../clock/clock.js';
import { createTwinApp } from '../mock/app.js';
import { loadApis } from '../spec/resolve.js';
import { UsageError } from './usage.js';

export const MOCK_USAGE = `Usage: jobtwin mock [--api NAME]... [--spec FILE]... [options]

  --api NAME           serve a bundled API: alchemyst, crosmos, contextual, jobs (repeatable)
  --spec FILE          serve your own OpenAPI 3.1 spec carrying x-jobtwin (repeatable)
                       none of either: all four bundled APIs, each under /<name>
  --port N             default 4010 (env JOBTWIN_PORT)
  --host ADDR          default 127.0.0.1 (env JOBTWIN_HOST)
  --seed N             seed of every random choice (env JOBTWIN_SEED); default: drawn and printed
  --speed X            every simulated duration X times shorter (env JOBTWIN_SPEED); default 1
  --clock MODE         system (default) or frozen: time moves only through the control interface
  --start TIME         the clock's start, ISO 8601 or epoch ms (default: now)
  --control-token T    require T on the control interface (env JOBTWIN_CONTROL_TOKEN)
  -h, --help`;

function number(name: string, value: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !check(n)) throw new UsageError(`--${name}: ${what} (got "${value}")`);
  return n;
}

export async function runMock(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        api: { type: 'string', multiple: true },
        spec: { type: 'string', multiple: true },
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        clock: { type: 'string' },
        start: { type: 'string' },
        'control-token': { type: 'string' },
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
  const seed = number('seed', o.seed ?? env.JOBTWIN_SEED, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'a whole number from 0 to 4294967295') ?? Math.floor(Math.random() * 0xffffffff);
  const speed = number('speed', o.speed ?? env.JOBTWIN_SPEED, (n) => n > 0 && n <= 10000, 'a number above 0, at most 10000') ?? 1;
  const host = o.host ?? env.JOBTWIN_HOST ?? '127.0.0.1';
  const mode = o.clock ?? 'system';
  if (mode !== 'system' && mode !== 'frozen') throw new UsageError(`--clock: system or frozen (got "${mode}")`);
  const start = o.start === undefined ? undefined : parseTime(o.start);
  if (Number.isNaN(start)) throw new UsageError(`--start: ISO 8601 or epoch ms (got "${o.start}")`);

  const started = performance.now();
  const apis = await loadApis({ apis: o.api, specs: o.spec });
  const clock = new TwinClock({ start, frozen: mode === 'frozen' });
  const app = createTwinApp({ apis, clock, seed, speed, controlToken: o['control-token'] ?? env.JOBTWIN_CONTROL_TOKEN });
  await new Promise<void>((resolve, reject) => {
    app.server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(error.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use (try --port)` : `cannot listen on ${host}:${port}: ${error.message}`)),
    );
    app.server.listen(port, host, () => resolve());
  });
  const address = app.server.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  console.log(`jobtwin mock: ${apis.length} API${apis.length === 1 ? '' : 's'} on ${base} (seed ${seed}, speed ${speed}, clock ${mode}) in ${Math.round(performance.now() - started)} ms`);
  for (const api of apis) console.log(`  ${api.name.padEnd(12)} ${base}${app.mounts[api.name]}   ${api.title}`);
  console.log(`  control      ${base}/__jobtwin/health`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host) && !(o['control-token'] ?? env.JOBTWIN_CONTROL_TOKEN)) {
    console.log('  warning: listening beyond loopback with an open control interface; set --control-token to protect it');
  }

  const stop = (signal: string) => {
    console.log(`jobtwin mock: ${signal}, stopping`);
    app.server.close(() => process.exit(0));
    app.server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
