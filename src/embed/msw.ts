// jobtwin/msw: MSW request handlers backed by the twin, for setupServer (msw/node) in vitest or jest.
// Each intercepted request runs through the twin's own server over an in-memory connection (the same
// dispatcher and pipeline as over TCP), so component tests get the stateful lifecycle without a port.
import { http, type HttpHandler } from 'msw';
import { composeTwin } from '../compose.js';
import { composeOptionsFor } from '../index.js';
import { embed, type EmbeddedTwin, type JobtwinMiddlewareOptions } from './middleware.js';
import { exchange } from './memory-http.js';

export interface JobtwinHandlersOptions extends JobtwinMiddlewareOptions {
  /**
   * the origin (and optional path) the app under test calls, e.g. 'https://api.contextual.ai' or
   * 'http://localhost/mock'; default 'http://jobtwin.local'
   */
  baseUrl?: string;
}

export interface JobtwinMswTwin extends EmbeddedTwin {
  /** the URL of each API as the app should call it, e.g. { alchemyst: 'http://jobtwin.local/alchemyst' } */
  urls: Record<string, string>;
  /** the control interface, e.g. 'http://jobtwin.local/__jobtwin' (fetch it as any API) */
  controlUrl: string;
}

export type JobtwinHandlers = HttpHandler[] & { twin: JobtwinMswTwin };

/**
 * `setupServer(...(await jobtwinHandlers({ apis: ['contextual'] })))`. Requests under `baseUrl` that are
 * the twin's (an API's mount, the control interface) are answered by it; any other falls through to
 * the next handler, or to MSW's onUnhandledRequest.
 *
 * The twin keeps its own clock (frozen by default, as startMock's): it moves with
 * `handlers.twin.advance('5s')` or the control interface, never with the test's fake timers.
 */
export async function jobtwinHandlers(options: JobtwinHandlersOptions = {}): Promise<JobtwinHandlers> {
  const { baseUrl = 'http://jobtwin.local', ...twinOptions } = options;
  const base = new URL(baseUrl);
  const origin = base.origin;
  const basePath = base.pathname.replace(/\/+$/, '');
  const composed = await composeTwin(composeOptionsFor(twinOptions));
  const { app } = composed;
  const handler = http.all(`${origin}${basePath}/*`, async ({ request }) => {
    const url = new URL(request.url);
    if (url.origin !== origin || (basePath && !url.pathname.startsWith(`${basePath}/`))) return undefined;
    const path = `${url.pathname.slice(basePath.length)}${url.search}`;
    if (!app.owns(path)) return undefined; // not the twin's: the next handler, or onUnhandledRequest
    return exchange(app.server, request, path);
  });
  const prefix = `${origin}${basePath}`;
  const handlers = [handler] as JobtwinHandlers;
  handlers.twin = {
    ...embed(composed),
    urls: Object.fromEntries(Object.entries(app.mounts).map(([name, mount]) => [name, `${prefix}${mount}`])),
    controlUrl: `${prefix}/__jobtwin`,
  };
  return handlers;
}
