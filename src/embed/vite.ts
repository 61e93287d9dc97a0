// jobtwin/vite: the twin inside Vite's dev server, so the app calls `/alchemyst/api/v1/...` on its own
// origin (no CORS, no second process). Only for `vite` / `vite dev`: a build never includes it.
import type { Plugin, ViteDevServer } from 'vite';
import { jobtwinMiddleware, type EmbeddedTwin, type JobtwinMiddlewareOptions } from './middleware.js';

export interface JobtwinViteOptions extends JobtwinMiddlewareOptions {
  /** serve the twin under this path of the dev server, e.g. '/mock'; default: at the root */
  path?: string;
}

export interface JobtwinVitePlugin extends Plugin {
  /** the twin once the dev server has started it (tests read its clock, faults, journal) */
  twin(): Promise<EmbeddedTwin>;
}

export function jobtwin(options: JobtwinViteOptions = {}): JobtwinVitePlugin {
  const { path, ...twinOptions } = options;
  let started: Promise<EmbeddedTwin> | undefined;
  let middleware: ReturnType<typeof jobtwinMiddleware> | undefined;
  return {
    name: 'jobtwin',
    apply: 'serve',
    async configureServer(server: ViteDevServer) {
      middleware = jobtwinMiddleware(twinOptions);
      started = middleware.ready;
      // Added directly (not from a returned hook): the twin answers before Vite's own middlewares, so
      // its 404s and JSON are not replaced by the SPA fallback's index.html.
      if (path && path !== '/') server.middlewares.use(path, middleware);
      else server.middlewares.use(middleware);
      const twin = await middleware.ready; // a bad spec stops the dev server's start-up
      const base = path && path !== '/' ? path : '';
      const apis = Object.entries(twin.mounts).map(([name, mount]) => `${name} ${base}${mount}`);
      server.config.logger.info(`  jobtwin: ${apis.join(', ')}; control ${base}${twin.controlPrefix}`, { timestamp: true });
    },
    // Vite calls it when the dev server closes (middleware mode included): the twin's timers stop and
    // its state file is saved.
    async closeBundle() {
      await middleware?.close();
    },
    twin: () => started ?? Promise.reject(new Error('jobtwin: the dev server has not started the twin (it runs with `vite`, not `vite build`)')),
  };
}

export default jobtwin;
