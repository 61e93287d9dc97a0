// jobtwin's benchmark: every figure measured in one run on loopback, against the peers named.
//   npm run bench [-- --duration 10 --json --skip scale]
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { ROOT, control, cpuMsOf, rssOf, start, startPrism, startTwin, stop, waitFor } from './lib/servers.mjs';
import { measure } from './lib/load.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    skip: { type: 'string', multiple: true, default: [] },
    'scale-jobs': { type: 'string', default: '1000000' },
  },
});
const duration = Number(values.duration);
const skip = new Set(values.skip);
const log = (...args) => process.stderr.write(`${args.join(' ')}\n`);
const version = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const out = {
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  versions: {
    jobtwin: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    prism: version('@stoplight/prism-cli'),
    express: version('express'),
    autocannon: version('autocannon'),
  },
  settings: { connections: 50, durationS: duration, warmupS: 2 },
};

const ALCHEMYST = { documents: [{ content: 'Customer asked about pricing.' }], source: 'bench', context_type: 'resource', scope: 'internal' };

async function seedMixed(base, api, tenant, total, states) {
  for (const state of states) await control(base, 'POST', '/jobs', { api, tenant, state, count: Math.floor(total / states.length), input: ALCHEMYST });
  const listed = await control(base, 'GET', `/jobs?api=${api}&tenant=${tenant}&limit=200`);
  return listed.jobs.map((j) => j.id);
}

// 1. Status polls on 10,000 jobs in mixed states, against prism and the two ceilings.
if (!skip.has('poll')) {
  log('poll: jobtwin');
  const twin = startTwin(4201, ['--api', 'alchemyst']);
  await waitFor('http://127.0.0.1:4201/__jobtwin/health');
  const ids = await seedMixed('http://127.0.0.1:4201', 'alchemyst', 'bench', 10_000, ['waiting', 'active', 'delayed', 'completed', 'failed']);
  const paths = ids.map((id) => `/api/v1/context/add-async/${id}/status`);
  const rows = [{ server: 'jobtwin mock', ...(await measure({ url: 'http://127.0.0.1:4201', paths, duration })) }];
  await stop(twin);
  log('poll: prism');
  const prism = startPrism(4202, join(ROOT, 'specs/alchemyst.openapi.yaml'));
  await waitFor(`http://127.0.0.1:4202${paths[0]}`);
  rows.push({ server: 'prism mock -v warn', ...(await measure({ url: 'http://127.0.0.1:4202', paths, duration })) });
  await stop(prism);
  for (const [name, file, port] of [
    ['bare express 5', 'express.mjs', 4203],
    ['bare node:http', 'node-http.mjs', 4204],
  ]) {
    log(`poll: ${name}`);
    const server = start([join(import.meta.dirname, 'ceilings', file)], { PORT: String(port) });
    await waitFor(`http://127.0.0.1:${port}/x`);
    rows.push({ server: name, ...(await measure({ url: `http://127.0.0.1:${port}`, paths, duration })) });
    await stop(server);
  }
  const twinRps = rows[0].rps;
  for (const row of rows) row.jobtwinRatio = Number((twinRps / row.rps).toFixed(2));
  out.poll = rows;
}

// 2. Create throughput per API.
if (!skip.has('create')) {
  const twin = startTwin(4205, ['--clock', 'frozen']);
  await waitFor('http://127.0.0.1:4205/__jobtwin/health');
  const boundary = '----jobtwinbench';
  const multipart =
    `--${boundary}\r\nContent-Disposition: form-data; name="raw_file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 bench\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="parse_mode"\r\n\r\nstandard\r\n--${boundary}--\r\n`;
  const cases = [
    ['alchemyst', 'JSON', '/alchemyst/api/v1/context/add-async', JSON.stringify(ALCHEMYST), 'application/json'],
    [
      'crosmos',
      'JSON',
      '/crosmos/api/v1/sources',
      JSON.stringify({ space_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', sources: [{ content: 'a' }, { content: 'b' }] }),
      'application/json',
    ],
    ['contextual', 'multipart', '/contextual/v1/parse', multipart, `multipart/form-data; boundary=${boundary}`],
    [
      'jobs',
      'JSON',
      '/jobs/api/admin/prompts/preview',
      JSON.stringify({ systemPrompt: 'Be brief.', userPromptTemplate: 'Summarise {{topic}}' }),
      'application/json',
    ],
  ];
  out.create = [];
  for (const [api, kind, path, body, type] of cases) {
    log(`create: ${api}`);
    out.create.push({
      api,
      kind,
      ...(await measure({ url: `http://127.0.0.1:4205${path}`, method: 'POST', body, headers: { 'content-type': type }, duration })),
    });
  }
  await stop(twin);
}

// 3. Scale: a store of a million jobs.
if (!skip.has('scale')) {
  const total = Number(values['scale-jobs']);
  const base = 'http://127.0.0.1:4206';
  const twin = startTwin(4206, ['--api', 'contextual', '--clock', 'frozen']);
  await waitFor(`${base}/__jobtwin/health`);
  const input = { raw_file: { filename: 'report.pdf', contentType: 'application/pdf', size: 1024 } };
  const poll = async () => {
    const listed = await control(base, 'GET', '/jobs?api=contextual&tenant=bench&limit=200');
    const paths = listed.jobs.map((j) => `/v1/parse/jobs/${j.id}/status`);
    return measure({ url: base, paths, duration });
  };
  const rssEmpty = rssOf(twin.pid);
  log('scale: 10,000 jobs');
  await control(base, 'POST', '/jobs', { api: 'contextual', tenant: 'bench', input, count: 10_000 });
  const at10k = await poll();
  log(`scale: ${total} jobs`);
  const chunk = 100_000;
  const started = performance.now();
  for (let made = 10_000; made < total; made += chunk) {
    await control(base, 'POST', '/jobs', { api: 'contextual', tenant: `bench-${made % 7}`, input, count: Math.min(chunk, total - made) });
  }
  const fillMs = performance.now() - started;
  const health = await control(base, 'GET', '/health');
  const rssFull = rssOf(twin.pid);
  const atFull = await poll();
  const cpuBefore = cpuMsOf(twin.pid);
  await new Promise((r) => setTimeout(r, 5000));
  const idleCpuMs = cpuMsOf(twin.pid) - cpuBefore;
  let t = performance.now();
  const none = await control(base, 'POST', '/clock/advance', { by: '1d' });
  const noExpiryMs = performance.now() - t;
  t = performance.now();
  const all = await control(base, 'POST', '/clock/advance', { by: '30d' });
  const expiryMs = performance.now() - t;
  out.scale = {
    jobs: health.jobs,
    fillSeconds: Number((fillMs / 1000).toFixed(1)),
    rssMiB: Math.round(rssFull / 2 ** 20),
    bytesPerJob: Math.round((rssFull - rssEmpty) / health.jobs),
    poll10k: at10k,
    pollFull: atFull,
    pollRatio: Number((atFull.rps / at10k.rps).toFixed(2)),
    idleCpuMsOver5s: Math.round(idleCpuMs),
    advance1dMs: Math.round(noExpiryMs),
    expiredBy1d: none.expired,
    advance31dMs: Math.round(expiryMs),
    expiredBy31d: all.expired,
  };
  await stop(twin);
}

// 4. Start-up to the first healthy answer (median of 5).
if (!skip.has('startup')) {
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = async (launch, url) => {
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const child = launch();
      await waitFor(url);
      runs.push(Math.round(performance.now() - t0));
      await stop(child);
    }
    return median(runs);
  };
  log('startup');
  out.startup = {
    jobtwinAllFourMs: await time(() => startTwin(4207), 'http://127.0.0.1:4207/__jobtwin/health'),
    prismOneSpecMs: await time(() => startPrism(4208, join(ROOT, 'specs/alchemyst.openapi.yaml')), 'http://127.0.0.1:4208/api/v1/context/add-async/x/status'),
    // a published 3 MB document as it is, with its overlay (fixtures/vendors/openai-batch)
    jobtwinOpenAiMs: await time(
      () =>
        startTwin(4210, [
          '--spec',
          join(ROOT, 'fixtures/vendors/openai-batch/openapi.yaml'),
          '--overlay',
          join(ROOT, 'fixtures/vendors/openai-batch/openai-batch.overlay.yaml'),
        ]),
      'http://127.0.0.1:4210/__jobtwin/health',
    ),
  };
}

// 5. The conformance suite: a default run per API against the twin (all four APIs, sped up).
if (!skip.has('conform')) {
  const { runConformance } = await import('../dist/conformance/index.js');
  log('conform');
  const twin = startTwin(4209, ['--speed', '1000', '--seed', '1']);
  await waitFor('http://127.0.0.1:4209/__jobtwin/health');
  out.conform = [];
  for (const api of ['alchemyst', 'crosmos', 'contextual', 'jobs']) {
    const target = `http://127.0.0.1:4209/${api}${api === 'contextual' ? '/v1' : ''}`;
    const r = await runConformance({ api, target, token: 'bench-a', otherToken: 'bench-b', seed: 1 });
    out.conform.push({
      api,
      wallMs: r.wallMs,
      exchanges: r.exchanges,
      exchangesPerSecond: Math.round((r.exchanges * 1000) / r.wallMs),
      failures: r.failures.length,
    });
    // a failure against the twin is a false alarm: say which, so it can be replayed
    for (const f of r.failures) console.error(`conform ${api}: [${f.check}] ${f.operation} ${f.message.split('\n')[0]} | ${f.replayCommand}`);
  }
  await stop(twin);
}

// 6. The suite at real speed (jobs take seconds), one worker against the default --workers, same
// seed: wall time and how many lifecycle observations the checks judged (coverage must not drop).
if (!skip.has('realspeed')) {
  const { runConformance } = await import('../dist/conformance/index.js');
  log('realspeed');
  const twin = startTwin(4210, ['--speed', '1', '--seed', '1']);
  await waitFor('http://127.0.0.1:4210/__jobtwin/health');
  const LIFECYCLE = [
    'lifecycle_states',
    'lifecycle_transitions',
    'lifecycle_timestamps',
    'attempts_bounds',
    'cancel_semantics',
    'list_consistency',
    'eventual_completion',
  ];
  out.realspeed = [];
  // one worker (the sequences one after another) beside the default, on the jobs API; then every API
  const runs = [
    ['jobs', 1],
    ['jobs', undefined],
    ['alchemyst', undefined],
    ['crosmos', undefined],
    ['contextual', undefined],
  ];
  for (const [api, workers] of runs) {
    const r = await runConformance({
      api,
      // the API's mount and its spec's server path (Contextual's is /v1)
      target: `http://127.0.0.1:4210/${api}${api === 'contextual' ? '/v1' : ''}`,
      token: `bench-${api}-${workers ?? 8}`,
      otherToken: 'bench-b',
      seed: 1,
      workers,
    });
    const judged = r.checks.filter((c) => LIFECYCLE.includes(c.name)).reduce((n, c) => n + (c.judged ?? 0), 0);
    out.realspeed.push({
      api,
      workers: workers ?? 'default (8)',
      wallMs: r.wallMs,
      exchanges: r.exchanges,
      lifecycleJudged: judged,
      failures: r.failures.length,
    });
    // a failure against the twin is a false alarm: say which, so it can be replayed
    for (const f of r.failures) console.error(`realspeed ${api}: [${f.check}] ${f.operation} ${f.message.split('\n')[0]} | ${f.replayCommand}`);
  }
  await stop(twin);
}

if (values.json) {
  console.log(JSON.stringify(out, null, 2));
} else {
  const m = out.machine;
  console.log(
    `jobtwin ${out.versions.jobtwin} benchmark: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, node ${m.node}; prism ${out.versions.prism}, express ${out.versions.express}, autocannon ${out.versions.autocannon}`,
  );
  console.log(`autocannon: 50 connections, ${duration} s after a 2 s warm-up, loopback, client on the same machine\n`);
  if (out.poll) {
    console.log('status polls, 10,000 jobs in mixed states (alchemyst spec)');
    console.log('| server | req/s | p50 ms | p99 ms | errors | non-2xx | jobtwin ÷ this |\n|---|---|---|---|---|---|---|');
    for (const r of out.poll) console.log(`| ${r.server} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.jobtwinRatio} |`);
    console.log();
  }
  if (out.create) {
    console.log('creates per API');
    console.log('| api | body | req/s | p50 ms | p99 ms | errors | non-2xx |\n|---|---|---|---|---|---|---|');
    for (const r of out.create) console.log(`| ${r.api} | ${r.kind} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
    console.log();
  }
  if (out.scale) {
    const s = out.scale;
    console.log(`scale: ${s.jobs} jobs (contextual) filled in ${s.fillSeconds} s; resident ${s.rssMiB} MiB, ${s.bytesPerJob} bytes per job`);
    console.log(
      `  polls at 10,000 jobs: ${s.poll10k.rps} req/s, p99 ${s.poll10k.p99} ms; at ${s.jobs}: ${s.pollFull.rps} req/s, p99 ${s.pollFull.p99} ms (ratio ${s.pollRatio})`,
    );
    console.log(`  idle CPU over 5 s with the full store: ${s.idleCpuMsOver5s} ms`);
    console.log(`  clock +1 day: ${s.advance1dMs} ms, ${s.expiredBy1d} expired; clock +30 more days: ${s.advance31dMs} ms, ${s.expiredBy31d} expired\n`);
  }
  if (out.conform) {
    console.log('jobtwin conform, a default run (20 cases per property) per API against the twin at --speed 1000');
    console.log('| api | wall s | exchanges | exchanges/s | failures |\n|---|---|---|---|---|');
    for (const r of out.conform) console.log(`| ${r.api} | ${(r.wallMs / 1000).toFixed(1)} | ${r.exchanges} | ${r.exchangesPerSecond} | ${r.failures} |`);
    console.log();
  }
  if (out.realspeed) {
    console.log('jobtwin conform at real speed: the twin at --speed 1 (jobs last what the specs declare), a default run, seed 1');
    console.log('| api | workers | wall s | exchanges | lifecycle observations judged | failures |\n|---|---|---|---|---|---|');
    for (const r of out.realspeed)
      console.log(`| ${r.api} | ${r.workers} | ${(r.wallMs / 1000).toFixed(1)} | ${r.exchanges} | ${r.lifecycleJudged} | ${r.failures} |`);
    console.log();
  }
  if (out.startup)
    console.log(
      `start-up to a healthy answer (median of 5): jobtwin, all four APIs ${out.startup.jobtwinAllFourMs} ms; prism mock, one spec ${out.startup.prismOneSpecMs} ms; jobtwin, OpenAI's 3 MB document with its overlay ${out.startup.jobtwinOpenAiMs} ms`,
    );
}
