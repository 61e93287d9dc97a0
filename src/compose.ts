// The one place the twin is assembled: specs loaded, the state file opened, the clock restored, the
// app built, the saver attached. startMock, the command line (and anything that mounts the twin in
// another server) go through here and differ only in their defaults and in how they listen.
import type { AddressInfo } from 'node:net';
import { createTwinApp, type TwinApp } from './mock/app.js';
import type { CorsOptions } from './mock/cors.js';
import type { TokenRules } from './mock/auth.js';
import { loadApis } from './spec/resolve.js';
import type { ApiModel } from './spec/model.js';
import { TrackedClock, restoreClock } from './persist/clock.js';
import { attachState, openStateFile, type OpenedState } from './persist/open.js';
import type { StateSaver } from './persist/saver.js';
import type { WebhookOptions } from './mock/webhooks/policy.js';

export interface ComposeOptions {
  /** bundled API names; none and no specs: all four */
  apis?: string[];
  /** paths of specs carrying x-jobtwin (or given it by an overlay) */
  specs?: string[];
  /** OpenAPI Overlay 1.0 files applied at load (to the only spec, or to the one each `extends`) */
  overlays?: string[];
  seed: number;
  speed: number;
  frozen: boolean;
  /** the clock's start, epoch ms (default now) */
  start?: number;
  controlToken?: string;
  timeouts?: { headersMs?: number; requestMs?: number };
  cors?: CorsOptions;
  /** bearer-token signature checks (an HS256 secret, JWKS public keys) */
  auth?: TokenRules;
  /** webhooks sent or recorded, and the hosts allowed besides loopback */
  webhooks?: WebhookOptions;
  /** keep the state in this file; its saved seed, speed and clock win over the ones above */
  stateFile?: string;
  saveIntervalMs?: number;
  onSaveError?: (error: Error, file: string) => void;
}

export interface ComposedTwin {
  apis: ApiModel[];
  app: TwinApp;
  clock: TrackedClock;
  /** the state file as opened (undefined without one) */
  state?: OpenedState;
  saver?: StateSaver;
  /** listens on host:port (0: any free port); the base URL */
  listen(port: number, host: string): Promise<string>;
  /** stops accepting, closes every connection, then saves when anything changed */
  close(): Promise<void>;
}

export async function composeTwin(options: ComposeOptions): Promise<ComposedTwin> {
  const apis = await loadApis({ apis: options.apis, specs: options.specs, overlays: options.overlays });
  const state = options.stateFile === undefined ? undefined : await openStateFile(options.stateFile, apis);
  const saved = state?.loaded?.header.twin;
  const clock = saved ? restoreClock(saved.clock) : new TrackedClock({ start: options.start, frozen: options.frozen });
  const app = createTwinApp({
    apis,
    clock,
    seed: saved?.seed ?? options.seed,
    speed: saved?.speed ?? options.speed,
    controlToken: options.controlToken,
    timeouts: options.timeouts,
    cors: options.cors,
    auth: options.auth,
    webhooks: options.webhooks,
  });
  const saver = state
    ? attachState({ twin: app.twin, clock }, state, { intervalMs: options.saveIntervalMs, onError: (error) => options.onSaveError?.(error, state.file) })
    : undefined;
  return {
    apis,
    app,
    clock,
    state,
    saver,
    listen: (port, host) =>
      new Promise<string>((resolve, reject) => {
        app.server.once('error', (error) => {
          saver?.halt();
          reject(error);
        });
        app.server.listen(port, host, () => {
          const address = app.server.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        app.server.close(() => resolve());
        app.server.closeAllConnections();
      });
      await saver?.stop();
    },
  };
}
