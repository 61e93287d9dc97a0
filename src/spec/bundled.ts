// Where the bundled specs live, found from this file whether it runs from src/ or dist/src/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLED_APIS = ['alchemyst', 'crosmos', 'contextual', 'jobs'] as const;
export type BundledApi = (typeof BUNDLED_APIS)[number];

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'specs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('jobtwin: cannot find the bundled specs folder');
    dir = up;
  }
  return dir;
}

export function bundledSpecPath(name: string): string | undefined {
  if (!(BUNDLED_APIS as readonly string[]).includes(name)) return undefined;
  return join(packageRoot(), 'specs', `${name}.openapi.yaml`);
}
