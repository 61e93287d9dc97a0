// A state file the twin cannot use stops start-up: exit 2 and one line naming the file and why.
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { AS_UNPRIVILEGED, ROOT, runCli } from '../helpers/cli.js';

let dir: string;
let good: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jobtwin-bad-state-'));
  good = join(dir, 'good.state');
  const twin = await startMock({ apis: ['alchemyst'], stateFile: good });
  await fetch(`${twin.url}/__jobtwin/jobs`, { method: 'POST', body: JSON.stringify({ api: 'alchemyst', tenant: 'alice', count: 4 }) });
  await twin.close();
});

function variant(name: string, edit: (text: string) => string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, edit(readFileSync(good, 'utf8')));
  return file;
}

async function refuses(args: string[], file: string, reason: RegExp, options = {}) {
  const result = await runCli(['mock', '--port', '0', ...args, '--state-file', file], options);
  expect(result.status, result.stdout + result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`jobtwin: state file ${file}: `);
  expect(lines[0]).toMatch(reason);
}

describe('jobtwin mock --state-file refuses an unusable file at start-up', () => {
  it('a corrupt file: a changed byte, or a line that is not JSON', async () => {
    const flipped = variant('flipped.state', (t) => t.replace('"alice"', '"alicf"'));
    const garbled = variant('garbled.state', (t) =>
      t
        .split('\n')
        .map((l, i) => (i === 2 ? 'x{' + l : l))
        .join('\n'),
    );
    await Promise.all([
      refuses(['--api', 'alchemyst'], flipped, /corrupt: its contents do not match their checksum/),
      refuses(['--api', 'alchemyst'], garbled, /corrupt: line 3 is not JSON/),
    ]);
  });

  it('a truncated file, cut mid-line or empty', async () => {
    const cut = variant('cut.state', (t) => t.slice(0, Math.floor(t.length * 0.6)));
    const empty = variant('empty.state', () => '');
    await Promise.all([
      refuses(['--api', 'alchemyst'], cut, /truncated: \d of 4 jobs, then the file stops \(no end line\)/),
      refuses(['--api', 'alchemyst'], empty, /truncated: the file is empty/),
    ]);
  });

  it('a foreign file', async () => {
    const png = variant('image.state', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await Promise.all([
      refuses(['--api', 'alchemyst'], join(ROOT, 'package.json'), /not a jobtwin state file/),
      refuses(['--api', 'alchemyst'], png, /not a jobtwin state file/),
    ]);
  });

  it('a file saved for another set of specs, or another version of one', async () => {
    const others = Promise.all([
      refuses(['--api', 'crosmos'], good, /saved by a twin serving alchemyst; this one serves crosmos/),
      refuses([], good, /saved by a twin serving alchemyst; this one serves alchemyst, contextual, crosmos, jobs/),
    ]);
    const spec = join(dir, 'tiny.openapi.yaml');
    copyFileSync(join(ROOT, 'fixtures/specs/tiny.openapi.yaml'), spec);
    const file = join(dir, 'tiny.state');
    await (await startMock({ specs: [spec], stateFile: file })).close();
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('title: Tiny jobs API', 'title: Tiny jobs API, revised'));
    await refuses(['--spec', spec], file, /saved with another version of the spec of tiny/);
    await others;
  });

  it('a directory it cannot write: checked at start-up, not at the first save', async () => {
    const locked = mkdtempSync(join(tmpdir(), 'jobtwin-locked-'));
    copyFileSync(good, join(locked, 'twin.state'));
    chmodSync(locked, 0o555);
    // Both a fresh start and a resume need to write there.
    await Promise.all([
      refuses(['--api', 'alchemyst'], join(locked, 'new.state'), /cannot save there: EACCES/, AS_UNPRIVILEGED),
      refuses(['--api', 'alchemyst'], join(locked, 'twin.state'), /cannot save there: EACCES/, AS_UNPRIVILEGED),
      refuses(['--api', 'alchemyst'], join(dir, 'missing-dir', 'twin.state'), /cannot save there: ENOENT/),
    ]);
  });

  it('a bad --save-interval', async () => {
    const result = await runCli(['mock', '--save-interval', 'soon']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('jobtwin: --save-interval: a duration above 0, at most 1d, e.g. 5000 or 5s (got "soon")');
  });
});
