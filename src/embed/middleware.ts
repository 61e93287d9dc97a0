// The twin as a connect/express middleware: its APIs, control interface and web view inside a server
// the developer already runs. Assembled by composeTwin like startMock; it answers through the same
// dispatcher as the twin's own server, and passes on every request that is not the twin's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { composeTwin, type ComposedTwin } from '../compose.js';
import { advancer, composeOptionsFor, type RunningMock, type StartMockOptions } from '../index.js';
import { CONTROL_PREFIX, type TwinDispatcher } from '../mock/app.js';
import { replayConsumedBody } from './replay-body.js';

/** startMock's options but where to listen: the host server listens. */
export type JobtwinMiddlewareOptions = Omit<StartMockOptions, 'port' | 'host' | 'timeouts'>;

/** The running twin behind a middleware (or MSW handlers). */
export interface EmbeddedTwin extends Pick<RunningMock, 'clock' | 'twin' | 'faults' | 'journal' | 'advance' | 'save'> {
  /** where each API is, relative to where the middleware is mounted, e.g. { alchemyst: '/alchemyst/api/v1' } */
  mounts: Record<string, string>;
  /** the control interface (and its web view), relative to the mount: '/__jobtwin' */
  controlPrefix: string;
  /** routes one request; with `next`, a request that is not the twin's goes on to it */
  dispatch: TwinDispatcher;
  /** stops the twin's timers and saves the state file when anything changed */
  close(): Promise<void>;
}

export interface JobtwinMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  /** the twin once its specs are loaded; rejects when they cannot be (a bad spec or state file) */
  ready: Promise<EmbeddedTwin>;
  /** stops the twin's timers and its saver, then saves the state file when anything changed */
  close(): Promise<void>;
}

/**
 * `app.use(jobtwinMiddleware({ apis: ['alchemyst'] }))`. The twin's requests are those under an API's
 * mount (`/alchemyst/api/v1/...` with several APIs, the API's own base path with one) and under
 * `/__jobtwin`; any other goes to `next()`. Under a sub-path (`app.use('/mock', mw)`) every path is
 * relative to it. Requests that arrive while the specs load wait for them.
 */
export function jobtwinMiddleware(options: JobtwinMiddlewareOptions = {}): JobtwinMiddleware {
  const composeOptions = composeOptionsFor(options); // a bad option throws here, not on a request
  let composed: ComposedTwin | undefined;
  const ready = composeTwin(composeOptions).then((twin) => embed((composed = twin)));
  // Awaited by requests and by whoever reads `ready`; not an unhandled rejection in the meantime.
  ready.catch(() => undefined);

  const middleware = ((req, res, next) => {
    if (composed) return run(composed, req, res, next);
    ready.then(() => run(composed!, req, res, next), next);
  }) as JobtwinMiddleware;
  middleware.ready = ready;
  middleware.close = async () => {
    const twin = await ready.catch(() => undefined);
    await twin?.close();
  };
  return middleware;
}

function run(composed: ComposedTwin, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  // The control interface takes a body the host already parsed as it is (its parser skips a read stream).
  const control = (req.url ?? '/').startsWith(CONTROL_PREFIX);
  composed.app.dispatch(control ? req : replayConsumedBody(req), res, next);
}

/** The handle on a composed twin that the embeddings share. */
export function embed(composed: ComposedTwin): EmbeddedTwin {
  const { app, clock } = composed;
  let closing: Promise<void> | undefined;
  return {
    mounts: { ...app.mounts },
    controlPrefix: CONTROL_PREFIX,
    clock,
    twin: app.twin,
    faults: app.faults,
    journal: app.journal,
    advance: advancer(composed),
    save: async () => composed.saver?.save(),
    dispatch: app.dispatch,
    close: () => (closing ??= composed.close()),
  };
}
