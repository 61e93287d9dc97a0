// Start-up with a state file: read it (or find none), make sure saving there will work, then give
// the twin its saved clock, jobs, counters and tenants, and start the periodic saver.
import type { ApiModel } from '../spec/model.js';
import type { Twin } from '../core/twin.js';
import { StateFileError } from './errors.js';
import { stampApis, type ApiStamp } from './format.js';
import { applyState, loadState, type LoadedState } from './load.js';
import { checkWritable } from './save.js';
import { StateSaver } from './saver.js';
import type { TrackedClock } from './clock.js';

export interface OpenedState {
  file: string;
  stamps: ApiStamp[];
  /** undefined: no file yet, a fresh start */
  loaded?: LoadedState;
}

export async function openStateFile(file: string, apis: ApiModel[]): Promise<OpenedState> {
  const stamps = await stampApis(apis);
  const loaded = await loadState(file, apis, stamps);
  try {
    await checkWritable(file);
  } catch (error) {
    throw new StateFileError(file, `cannot save there: ${(error as Error).message}`);
  }
  return { file, stamps, loaded };
}

/** Restores the loaded state into a twin built with the saved clock, then saves on the period. */
export function attachState(
  app: { twin: Twin; clock: TrackedClock },
  opened: OpenedState,
  options: { intervalMs?: number; onError?: (error: Error) => void } = {},
): StateSaver {
  if (opened.loaded) applyState(app.twin, opened.loaded);
  const saver = new StateSaver({
    file: opened.file,
    twin: app.twin,
    clock: app.clock,
    apis: opened.stamps,
    intervalMs: options.intervalMs,
    upToDate: opened.loaded !== undefined,
    onError: options.onError,
  });
  saver.start();
  return saver;
}
