// Reads a state file whole before anything of it is used: a file that is truncated, corrupt, of
// another format or version, or saved for other specs is refused with the reason, never half-loaded.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ApiModel } from '../spec/model.js';
import type { Job } from '../core/store/job.js';
import type { Twin } from '../core/twin.js';
import { STATE_FORMAT, STATE_VERSION, decodeJob, type ApiStamp, type SavedClock, type SavedTwin, type StateHeader } from './format.js';
import { StateFileError } from './errors.js';

export interface LoadedState {
  header: StateHeader;
  /** in creation order */
  jobs: Job[];
}

/** The file's state, or undefined when there is no file yet (a fresh start). */
export async function loadState(file: string, apis: ApiModel[], stamps: ApiStamp[]): Promise<LoadedState | undefined> {
  const fail: (reason: string) => never = (reason) => {
    throw new StateFileError(file, reason);
  };
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail(`cannot read it: ${(error as Error).message}`);
  }
  if (!info.isFile()) fail('not a regular file');
  if (info.size === 0) fail('truncated: the file is empty');

  const served = new Map(apis.map((api) => [api.name, api]));
  const hash = createHash('sha256');
  const jobs: Job[] = [];
  const ids = new Map<string, Set<string>>();
  let header: StateHeader | undefined;
  let end: { jobs: number; sha256: string } | undefined;
  let unreadable: string | undefined;
  let lineNo = 0;
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNo++;
      // A line that does not parse is a cut-off write when it is the last one, corruption otherwise.
      if (unreadable !== undefined) fail(`corrupt: ${unreadable}`);
      if (end) fail(`corrupt: line ${lineNo} follows the end line`);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        if (lineNo === 1) fail(`not a jobtwin state file (its first line is not a ${STATE_FORMAT} header)`);
        unreadable = `line ${lineNo} is not JSON`;
        continue;
      }
      if (lineNo === 1) {
        header = checkHeader(value, stamps, fail);
        hash.update(`${line}\n`);
        continue;
      }
      if (isEnd(value)) {
        end = value;
        continue;
      }
      hash.update(`${line}\n`);
      const job = decodeJob(value, served);
      if (typeof job === 'string') fail(`corrupt: line ${lineNo}: ${job}`);
      let seen = ids.get(job.api);
      if (!seen) ids.set(job.api, (seen = new Set()));
      if (seen.has(job.id)) fail(`corrupt: line ${lineNo}: job ${job.id} of ${job.api} appears twice`);
      seen.add(job.id);
      jobs.push(job);
    }
  } catch (error) {
    if (error instanceof StateFileError) throw error;
    fail(`cannot read it: ${(error as Error).message}`);
  } finally {
    lines.close();
    input.destroy();
  }
  if (!header) return fail('truncated: no header');
  if (unreadable !== undefined || !end) return fail(`truncated: ${jobs.length} of ${header.jobs} jobs, then the file stops (no end line)`);
  if (end.jobs !== header.jobs || jobs.length !== header.jobs) fail(`corrupt: ${jobs.length} job lines where the header says ${header.jobs}`);
  if (hash.digest('hex') !== end.sha256) fail('corrupt: its contents do not match their checksum');
  return { header, jobs };
}

function isEnd(value: unknown): value is { end: string; jobs: number; sha256: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { end?: unknown }).end === STATE_FORMAT;
}

function checkHeader(value: unknown, stamps: ApiStamp[], fail: (reason: string) => never): StateHeader {
  const h = value as Partial<StateHeader> | null;
  if (typeof h !== 'object' || h === null || h.format !== STATE_FORMAT) return fail(`not a jobtwin state file (no "format": "${STATE_FORMAT}" header)`);
  if (h.version !== STATE_VERSION) return fail(`format version ${String(h.version)}; this jobtwin reads version ${STATE_VERSION}`);
  if (!Array.isArray(h.apis) || !h.twin || typeof h.twin !== 'object' || !Number.isSafeInteger(h.jobs)) return fail('corrupt: incomplete header');
  const saved = new Map(h.apis.map((a) => [a?.name, a?.sha256]));
  const names = (list: Iterable<string>) => [...list].sort().join(', ');
  if (saved.size !== stamps.length || stamps.some((s) => !saved.has(s.name))) {
    fail(`saved by a twin serving ${names(saved.keys() as Iterable<string>)}; this one serves ${names(stamps.map((s) => s.name))}`);
  }
  const changed = stamps.filter((s) => saved.get(s.name) !== s.sha256).map((s) => s.name);
  if (changed.length) fail(`saved with another version of the spec of ${changed.join(', ')}; its jobs would not fit this one`);
  checkTwin(h.twin, fail);
  return h as StateHeader;
}

function checkTwin(t: SavedTwin, fail: (reason: string) => never): void {
  const c = t.clock as Partial<{ frozen: boolean; now: number; offsetMs: number }> | undefined;
  const clockOk = c && (c.frozen === true ? Number.isFinite(c.now) : c.frozen === false && Number.isFinite(c.offsetMs));
  const tenantsOk = Array.isArray(t.tenants) && t.tenants.every((e) => Array.isArray(e) && typeof e[0] === 'string' && (e[1] === 402 || e[1] === 403));
  if (!Number.isSafeInteger(t.seed) || !Number.isSafeInteger(t.sequence) || t.sequence < 0 || !(t.speed > 0) || !clockOk || !tenantsOk) {
    fail("corrupt: the header's twin settings (seed, sequence, speed, clock, tenants) are incomplete");
  }
  if (t.parts !== undefined && (typeof t.parts !== 'object' || t.parts === null || Array.isArray(t.parts)))
    fail("corrupt: the header's twin parts are not an object");
}

/** Puts a loaded state into a twin freshly made with the saved seed and speed (its clock from `savedClock`). */
export function applyState(twin: Twin, state: LoadedState): void {
  const saved = state.header.twin;
  for (const job of state.jobs) twin.adopt(job);
  twin.restoreSettings({ seed: saved.seed, speed: saved.speed, sequence: saved.sequence, tenants: saved.tenants, parts: saved.parts });
}

export function savedClock(state: LoadedState): SavedClock {
  return state.header.twin.clock;
}
