// Writes the state file atomically (temp file in the same directory, fsync, rename, fsync the
// directory), so a crash mid-save leaves the previous file whole. The jobs are taken in one
// synchronous pass (references only), then encoded and written in slices that yield to the event
// loop, so a large store is saved while the twin keeps answering.
import { createHash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Twin } from '../core/twin.js';
import type { TwinClock } from '../core/clock/clock.js';
import type { Job } from '../core/store/job.js';
import type { Step } from '../core/lifecycle/plan.js';
import { STATE_FORMAT, STATE_VERSION, JobEncoder, type ApiStamp, type StateEnd, type StateHeader } from './format.js';
import { saveClock } from './clock.js';

export interface SaveReport {
  file: string;
  jobs: number;
  bytes: number;
  ms: number;
}

export interface StateSource {
  twin: Twin;
  clock: TwinClock;
  apis: ApiStamp[];
}

// A slice ends at about 1 MB of text or 8 ms of encoding, whichever comes first.
const SLICE_CHARS = 1 << 20;
const SLICE_MS = 8;

export function tempPathOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

export async function saveState(file: string, source: StateSource): Promise<SaveReport> {
  const started = performance.now();
  // Everything below up to the first await is one consistent snapshot. A job's steps array is
  // replaced, never changed in place, when its timeline changes, so keeping the reference suffices.
  const { twin, clock } = source;
  const jobs: Job[] = [];
  const steps: Step[][] = [];
  for (const job of twin.jobs()) {
    jobs.push(job);
    steps.push(job.steps);
  }
  const header: StateHeader = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    savedAt: new Date().toISOString(),
    apis: source.apis,
    twin: {
      ...twin.settings(),
      clock: saveClock(clock),
    },
    jobs: jobs.length,
  };

  const temp = tempPathOf(file);
  const handle = await open(temp, 'w');
  let bytes = 0;
  try {
    const hash = createHash('sha256');
    const put = async (text: string, hashed = true) => {
      const buffer = Buffer.from(text, 'utf8');
      if (hashed) hash.update(buffer);
      await writeAll(handle, buffer);
      bytes += buffer.length;
    };
    await put(`${JSON.stringify(header)}\n`);
    const encoder = new JobEncoder();
    let lines: string[] = [];
    let chars = 0;
    let sliceStart = performance.now();
    for (let i = 0; i < jobs.length; i++) {
      const line = encoder.encode(jobs[i], steps[i]);
      lines.push(line);
      chars += line.length + 1;
      if (chars >= SLICE_CHARS || ((i & 127) === 127 && performance.now() - sliceStart >= SLICE_MS)) {
        lines.push('');
        await put(lines.join('\n'));
        lines = [];
        chars = 0;
        sliceStart = performance.now();
      }
    }
    if (lines.length) {
      lines.push('');
      await put(lines.join('\n'));
    }
    const end: StateEnd = { end: STATE_FORMAT, jobs: jobs.length, sha256: hash.digest('hex') };
    await put(`${JSON.stringify(end)}\n`, false);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  await syncDirectory(dirname(file));
  return { file, jobs: jobs.length, bytes, ms: Math.round(performance.now() - started) };
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

/** Makes the rename itself durable. Some platforms cannot open a directory for this: nothing to do there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Fails now, not at the first save, when the file's directory cannot take the temp file and the rename. */
export async function checkWritable(file: string): Promise<void> {
  const temp = tempPathOf(file);
  const handle = await open(temp, 'w');
  await handle.close();
  await unlink(temp);
}
