// jobtwin/vitest: a globalSetup that starts the twin once for the whole run, hands its URLs to the
// tests through vitest's provide/inject, and stops it when the run ends.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startMock, type StartMockOptions } from '../index.js';

/** What the tests read with `inject('jobtwin')`. */
export interface JobtwinProvided {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** each API's URL, e.g. { alchemyst: 'http://127.0.0.1:41234/alchemyst' } */
  urls: Record<string, string>;
  /** the control interface, e.g. http://127.0.0.1:41234/__jobtwin */
  controlUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    jobtwin: JobtwinProvided;
  }
}

export interface JobtwinGlobalSetupOptions extends StartMockOptions {
  /** the inject() key; default 'jobtwin' (another key for a second twin, typed by your own ProvidedContext) */
  key?: string;
}

/**
 * In a globalSetup file: `export default jobtwinGlobalSetup({ apis: ['alchemyst'] })`. The twin runs in
 * vitest's main process, on a free port of 127.0.0.1; test files reach it over HTTP, wherever they run
 * (threads, forks, browser mode), and move its clock through the control interface.
 */
export function jobtwinGlobalSetup(options: JobtwinGlobalSetupOptions = {}): (project: TestProject) => Promise<() => Promise<void>> {
  const { key = 'jobtwin', ...mockOptions } = options;
  return async (project) => {
    const mock = await startMock(mockOptions);
    const provided: JobtwinProvided = { url: mock.url, urls: mock.urls, controlUrl: `${mock.url}/__jobtwin` };
    project.provide(key as 'jobtwin', provided);
    return () => mock.close();
  };
}

export default jobtwinGlobalSetup;
