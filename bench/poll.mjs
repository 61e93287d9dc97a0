// Status-poll throughput on loopback: jobtwin mock against prism mock on the same spec, same run.
// autocannon, 50 connections, 10 s after a 2 s warm-up. Usage: node bench/poll.mjs [--duration 10] [--api alchemyst]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, api: { type: 'string', default: 'alchemyst' } } });
const duration = Number(values.duration);
const TOKEN = { authorization: 'Bearer bench' };

async function waitFor(url, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { headers: TOKEN });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} did not answer`);
}

function start(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  return child;
}

async function stop(child) {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function load(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration, headers: TOKEN }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function measure(name, url) {
  await new Promise((resolve, reject) => autocannon({ url, connections: 50, duration: 2, headers: TOKEN }, (e) => (e ? reject(e) : resolve())));
  const r = await load(url);
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const rows = [];
// jobtwin: one real job, polled
const startedAt = performance.now();
const twin = start(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'mock', '--api', values.api, '--port', '4111', '--seed', '1']);
await waitFor('http://127.0.0.1:4111/__jobtwin/health');
const startupMs = Math.round(performance.now() - startedAt);
const created = await fetch('http://127.0.0.1:4111/api/v1/context/add-async', {
  method: 'POST',
  headers: { ...TOKEN, 'content-type': 'application/json' },
  body: JSON.stringify({ documents: [{ content: 'x' }], source: 's', context_type: 'resource', scope: 'internal' }),
}).then((r) => r.json());
rows.push(await measure('jobtwin mock', `http://127.0.0.1:4111/api/v1/context/add-async/${created.jobId}/status`));
await stop(twin);

const prismStarted = performance.now();
const prism = start(process.execPath, [join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js'), 'mock', '-p', '4112', '-v', 'warn', join(ROOT, 'specs', `${values.api}.openapi.yaml`)]);
await waitFor(`http://127.0.0.1:4112/api/v1/context/add-async/${created.jobId}/status`, 60_000);
const prismStartupMs = Math.round(performance.now() - prismStarted);
rows.push(await measure('prism mock -v warn', `http://127.0.0.1:4112/api/v1/context/add-async/${created.jobId}/status`));
await stop(prism);

console.log(`status polls, ${values.api}: autocannon 50 connections, ${duration} s, loopback; ${os.cpus().length} cores, node ${process.version}`);
console.log('server                 req/s    p50 ms   p99 ms   errors   non-2xx');
for (const r of rows) console.log(`${r.name.padEnd(20)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.non2xx).padStart(9)}`);
console.log(`jobtwin / prism: ${(rows[0].rps / rows[1].rps).toFixed(2)}x`);
console.log(`start-up to a healthy answer: jobtwin ${startupMs} ms, prism ${prismStartupMs} ms`);
