// Assembles the twin from a record of its dependencies (specs, clock, seed), so tests build it the
// same way the CLI does, on a frozen clock and a fixed seed.
import { createServer, type Server } from 'node:http';
import express from 'express';
import type { ApiModel, OperationModel } from '../spec/model.js';
import { TwinClock } from '../clock/clock.js';
import { Twin } from './twin.js';
import { Router, mountsFor } from './router.js';
import { Journal } from './journal.js';
import { Faults } from './faults.js';
import { PrismFallback } from './fallback.js';
import { createApiHandler, type Validator } from './serve.js';
import { createControlRouter } from './control/router.js';
import { createAjv } from '../validation/ajv.js';
import { compileRequestValidator } from '../validation/request.js';
import { VERSION } from '../version.js';

export interface TwinAppOptions {
  apis: ApiModel[];
  clock?: TwinClock;
  seed?: number;
  speed?: number;
  controlToken?: string;
  journalSize?: number;
}

export interface TwinApp {
  server: Server;
  twin: Twin;
  clock: TwinClock;
  faults: Faults;
  journal: Journal;
  /** where each API is mounted on the server */
  mounts: Record<string, string>;
}

export const CONTROL_PREFIX = '/__jobtwin';

export function createTwinApp(options: TwinAppOptions): TwinApp {
  const clock = options.clock ?? new TwinClock();
  const twin = new Twin(options.apis, clock, options.seed ?? 1, options.speed ?? 1);
  const journal = new Journal(options.journalSize ?? 1000);
  const faults = new Faults();
  const mountList = mountsFor(options.apis);
  const mounts = Object.fromEntries(mountList.map((m) => [m.api.name, m.prefix]));
  const ajv = createAjv();
  const validators = new Map<OperationModel, Validator>();
  for (const api of options.apis) for (const op of api.operations) validators.set(op, compileRequestValidator(op.operation, ajv));
  const fallback = new PrismFallback(options.apis);
  fallback.warm();

  const handleApi = createApiHandler({
    twin,
    router: new Router(mountList),
    journal,
    faults,
    validators,
    fallback,
    prefixes: new Map(Object.entries(mounts)),
  });
  const control = express();
  control.disable('x-powered-by');
  control.set('etag', false);
  control.use(
    CONTROL_PREFIX,
    createControlRouter({ twin, clock, faults, journal, mounts, token: options.controlToken, version: VERSION, startedAt: Date.now() }),
  );
  // The control interface runs on express; API traffic (status polls are the hot path) skips it.
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`) || url.startsWith(`${CONTROL_PREFIX}?`)) control(req, res);
    else handleApi(req, res);
  });
  // Slow clients must not pin the server.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  // One timer for the whole store (never one per job): frees the memory of jobs retention removed.
  const sweeper = setInterval(() => twin.sweep(), 60_000);
  sweeper.unref();
  server.on('close', () => clearInterval(sweeper));
  return { server, twin, clock, faults, journal, mounts };
}
