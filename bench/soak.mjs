// A soak: mixed create, poll, list and cancel at 50 connections against `jobtwin mock` (all four
// APIs), with resident memory sampled throughout. Passes with zero errors and flat memory.
//   npm run build && node bench/soak.mjs [--duration 60] [--connections 50] [--warmup 10]
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { rssOf, startTwin, stop, waitFor } from './lib/servers.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '10' },
    port: { type: 'string', default: '4231' },
  },
});
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const base = `http://127.0.0.1:${values.port}`;
const json = { 'content-type': 'application/json', authorization: 'Bearer soak' };
const ALCHEMYST = JSON.stringify({ documents: [{ content: 'Customer asked about pricing.' }], source: 'soak', context_type: 'resource', scope: 'internal' });

/**
 * Each connection loops: create an Alchemyst job, poll it, list, cancel it (a waiting job is removed,
 * so the store stays the same size and any growth is a leak), then poll and list the other APIs'
 * jobs seeded before the run.
 */
const seeded = {};
const requests = [
  {
    method: 'POST',
    path: '/alchemyst/api/v1/context/add-async',
    headers: json,
    body: ALCHEMYST,
    onResponse: (status, body, c) => {
      c.id = status < 300 ? JSON.parse(body).jobId : 'none';
    },
  },
  { method: 'GET', setupRequest: (req, c) => ({ ...req, path: `/alchemyst/api/v1/context/add-async/${c.id}/status`, headers: json }) },
  { method: 'GET', path: '/alchemyst/api/v1/context/add-async/status?type=all&limit=20', headers: json },
  { method: 'DELETE', setupRequest: (req, c) => ({ ...req, path: `/alchemyst/api/v1/context/add-async/${c.id}/cancel`, headers: json }) },
  { method: 'GET', setupRequest: (req) => ({ ...req, path: `/crosmos/api/v1/jobs/${seeded.crosmos}`, headers: json }) },
  { method: 'GET', setupRequest: (req) => ({ ...req, path: `/jobs/api/jobs/${seeded.jobs}`, headers: json }) },
  { method: 'GET', setupRequest: (req) => ({ ...req, path: `/contextual/v1/parse/jobs/${seeded.contextual}/status`, headers: json }) },
  { method: 'GET', path: '/contextual/v1/parse/jobs?limit=20', headers: json },
];

const twin = startTwin(Number(values.port));
await waitFor(`${base}/__jobtwin/health`);
for (const api of ['crosmos', 'jobs', 'contextual']) {
  const res = await fetch(`${base}/__jobtwin/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api, tenant: 'soak', count: 10_000 }),
  });
  seeded[api] = (await res.json()).first;
}
const samples = [];
const sampler = setInterval(() => samples.push({ t: Date.now(), rss: rssOf(twin.pid) }), 1000);
const started = Date.now();
const statuses = {};
const result = await new Promise((resolve, reject) => {
  const instance = autocannon({ url: base, connections: Number(values.connections), duration, requests }, (error, r) => (error ? reject(error) : resolve(r)));
  instance.on('response', (_client, status) => (statuses[status] = (statuses[status] ?? 0) + 1));
});
clearInterval(sampler);
const health = await (await fetch(`${base}/__jobtwin/health`)).json();
await stop(twin);

const after = samples.filter((s) => s.t - started >= warmup * 1000);
const first = after[0]?.rss ?? 0;
const last = after.at(-1)?.rss ?? 0;
const peak = Math.max(...after.map((s) => s.rss));
const growth = first ? ((last - first) / first) * 100 : 0;
const fivexx = Object.entries(statuses)
  .filter(([s]) => Number(s) >= 500)
  .reduce((n, [, c]) => n + c, 0);
const mib = (b) => (b / 2 ** 20).toFixed(1);
console.log(
  `soak: ${duration} s, ${values.connections} connections; per connection: Alchemyst create, poll, list, cancel, then polls and a list on the other three APIs (10,000 jobs each)`,
);
console.log(`requests: ${result.requests.total} (${Math.round(result.requests.average)} req/s), p99 ${result.latency.p99} ms`);
console.log(
  `statuses: ${Object.entries(statuses)
    .map(([s, c]) => `${s}×${c}`)
    .join(' ')}`,
);
console.log(`errors: ${result.errors} transport, ${result.timeouts} timeouts, ${fivexx} 5xx`);
console.log(`jobs in the store at the end: ${health.jobs}`);
console.log(
  `resident memory after ${warmup} s warm-up: ${mib(first)} MiB → ${mib(last)} MiB at the end (peak ${mib(peak)} MiB): ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%`,
);
// 409 is a cancel that found its job already running: the answer the contract asks for.
const unexpected = Object.entries(statuses)
  .filter(([st]) => !['200', '201', '202', '409'].includes(st))
  .reduce((n, [, c]) => n + c, 0);
console.log(`answers other than 200/201/202/409: ${unexpected}`);
const ok = result.errors === 0 && result.timeouts === 0 && fivexx === 0 && unexpected === 0 && growth <= 10;
console.log(ok ? 'PASSED' : 'FAILED');
process.exitCode = ok ? 0 : 1;
