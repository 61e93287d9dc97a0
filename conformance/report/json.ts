// The run as JSON, for tools: the RunResult itself, tagged with a format version so readers can tell
// which shape they got. Files are replaced atomically so a reader (or a crash) never sees half a report.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RunResult } from '../runner/types.js';

export const REPORT_VERSION = 1;

export function toJsonReport(result: RunResult): string {
  // JSON.stringify escapes lone surrogates (\udXXX), so the text is always valid UTF-8
  return `${JSON.stringify({ version: REPORT_VERSION, tool: 'jobtwin conform', ...result }, null, 2)}\n`;
}

/** Writes to a temporary file beside `path` (same file system, so rename is atomic), then renames it. */
export async function writeReport(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      // on disk before the rename, or a crash could leave the new name with no content
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
