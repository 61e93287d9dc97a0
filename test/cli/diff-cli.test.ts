// `jobtwin diff` as a real process against real servers on loopback: a twin of the same spec shows no
// difference (exit 0); a target that answers otherwise is named, with its scenario and curl line (exit 1).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroken, type RunningBroken } from '../../fixtures/broken/index.js';
import { startMock, type RunningMock } from '../../src/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

const VENDOR = join(ROOT, 'fixtures/specs/vendor30');
const dir = mkdtempSync(join(tmpdir(), 'jobtwin-diff-'));
const FAST = ['--seed', '1', '--poll-ms', '5', '--max-wait-ms', '5000', '--token', 'tenant-a', '--other-token', 'tenant-b'];

/** The vendor's spec and overlay copied, finished_at turned into unix seconds in both: a target that answers so. */
function secondsOverlay(): string {
  const spec = readFileSync(join(VENDOR, 'batch.openapi.yaml'), 'utf8');
  const declared = 'finished_at:\n          type: string\n          format: date-time\n';
  expect(spec).toContain(declared);
  writeFileSync(join(dir, 'batch.openapi.yaml'), spec.replace(declared, 'finished_at:\n          type: integer\n'));
  const overlay = readFileSync(join(VENDOR, 'batch.overlay.yaml'), 'utf8');
  expect(overlay).toContain(`finished_at: '{{job.finishedAt|iso}}'`);
  const file = join(dir, 'batch.overlay.yaml');
  writeFileSync(file, overlay.replace(`finished_at: '{{job.finishedAt|iso}}'`, `finished_at: '{{job.finishedAt|unix}}'`));
  return file;
}

describe('jobtwin diff (the command)', () => {
  let jobs: RunningMock;
  let batch: RunningMock;
  let batchSeconds: RunningMock;
  const vendor = ['--spec', join(VENDOR, 'batch.openapi.yaml'), '--overlay', join(VENDOR, 'batch.overlay.yaml')];
  beforeAll(async () => {
    jobs = await startMock({ apis: ['jobs'], clock: 'system', speed: 500, seed: 3 });
    batch = await startMock({
      specs: [join(VENDOR, 'batch.openapi.yaml')],
      overlays: [join(VENDOR, 'batch.overlay.yaml')],
      clock: 'system',
      speed: 500,
      seed: 3,
    });
    batchSeconds = await startMock({ specs: [join(dir, 'batch.openapi.yaml')], overlays: [secondsOverlay()], clock: 'system', speed: 500, seed: 3 });
  });
  afterAll(async () => {
    await Promise.all([jobs?.close(), batch?.close(), batchSeconds?.close()]);
  });

  it('exit 0 and "no differences" against a twin of the same bundled spec', async () => {
    const r = await runCli(['diff', '--api', 'jobs', '--target', jobs.url, ...FAST]);
    expect(r.stderr).toBe('');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('# jobtwin diff: jobs');
    expect(r.stdout).toContain('**no differences**');
    expect(r.stdout).toMatch(/Scenarios: job 1 \(COMPLETED[^;]*\); job 2/);
    expect(r.stdout).toContain('malformed id on JobsController_getJob');
  });

  it('exit 0 against a twin of a vendor spec with its overlay', async () => {
    const r = await runCli(['diff', ...vendor, '--target', batch.urls.batch, ...FAST, '--format', 'json']);
    expect(r.status, r.stdout).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ format: 'jobtwin-diff/1', verdict: 'SAME', api: 'batch', differences: [] });
    expect(report.scenarios).toEqual(expect.arrayContaining([expect.stringMatching(/^job 1 /), 'unknown id on getBatch', 'no token on getBatch']));
  });

  it('exit 1 naming a time in seconds where the twin gives ISO 8601 (a twin of a changed spec and overlay)', async () => {
    const out = join(dir, 'seconds.json');
    const r = await runCli(['diff', ...vendor, '--target', batchSeconds.urls.batch, ...FAST, '--format', 'json', '--out', out]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/seed 1; \d+ difference\(s\); report written to/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const times = report.differences.filter((d: { aspect: string }) => d.aspect === 'timestamps');
    expect(times.length, JSON.stringify(report.differences, null, 2)).toBeGreaterThan(0);
    expect(times[0]).toMatchObject({ target: expect.stringMatching(/\/finished_at: unix-seconds/), twin: expect.stringMatching(/\/finished_at: date-time/) });
    expect(times[0].curl).toMatch(/^curl -sS -i http:\/\/127\.0\.0\.1:\d+\/v2\/batches\/batch_\w+ -H "authorization: Bearer \$JOBTWIN_TOKEN"$/);
  });

  describe('against broken targets', () => {
    let broken: RunningBroken[] = [];
    beforeAll(async () => {
      broken = await Promise.all(['jobs-malformed-id-500', 'jobs-status-drops-type'].map((name) => startBroken(name, { speed: 500 })));
    });
    afterAll(async () => {
      await Promise.all(broken.map((b) => b.close()));
    });

    it('exit 1 naming the malformed-id request that answers 500 where the twin answers 400', async () => {
      const r = await runCli(['diff', '--api', 'jobs', '--target', broken[0].target, ...FAST]);
      expect(r.status, r.stdout).toBe(1);
      expect(r.stdout).toContain('**1 difference**');
      expect(r.stdout).toContain('### 1. malformed id on JobsController_getJob: status');
      expect(r.stdout).toMatch(/curl -sS -i http:\/\/127\.0\.0\.1:\d+\/api\/jobs\/abc -H "authorization: Bearer \$JOBTWIN_TOKEN"/);
      expect(r.stdout).toMatch(/\| target \| `500 object[^`]*` \|\n\| twin \| `400 object[^`]*` \|/);
    });

    it('exit 1 naming the field a state leaves out', async () => {
      const r = await runCli(['diff', '--api', 'jobs', '--target', broken[1].target, ...FAST, '--format', 'json']);
      expect(r.status, r.stdout).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.differences).toContainEqual(
        expect.objectContaining({ scenario: expect.stringMatching(/^job 1/), aspect: 'fields', target: expect.stringMatching(/^COMPLETED: .*\/type: absent/) }),
      );
    });
  });

  it('--help prints the options and the exit codes; jobtwin --help lists the command', async () => {
    const [help, top] = await Promise.all([runCli(['diff', '--help']), runCli(['--help'])]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--poll-ms N[\s\S]*--max-wait-ms N[\s\S]*Exit: 0 no differences, 1 differences, 2 /);
    expect(top.stdout).toContain('jobtwin diff [options]');
  });

  it('exit 2 for a bad invocation or spec, in one line', async () => {
    // a port nothing listens on any more: the connection is refused
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    const cases = [
      { args: ['diff', '--api', 'jobs'], message: /--target URL is required/ },
      { args: ['diff', '--api', 'jobs', '--target', jobs.url, '--format', 'xml'], message: /--format: markdown or json/ },
      { args: ['diff', '--target', jobs.url], message: /give either --api NAME or --spec FILE/ },
      { args: ['diff', '--spec', join(dir, 'missing.yaml'), '--target', jobs.url], message: /missing\.yaml/ },
      { args: ['diff', '--api', 'jobs', '--target', 'ftp://x'], message: /only http and https/ },
      { args: ['diff', '--api', 'jobs', '--target', jobs.url], message: /wants a bearer token/ },
      {
        args: ['diff', '--api', 'jobs', '--target', closed, '--token', 'a', '--jobs', '1'],
        message: /--target: http:\/\/127\.0\.0\.1:\d+ answered no request \(refused/,
      },
    ];
    const results = await Promise.all(cases.map((c) => runCli(c.args)));
    results.forEach((r, i) => {
      expect(r.status, `${cases[i].args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(cases[i].message);
      expect(r.stdout).toBe('');
    });
  });
});
