#!/usr/bin/env node
// The long fuzz run against the built twin (npm run build first):
//   node scripts/fuzz.mjs --runs 100000 --seed 7          collect every finding, print a summary
//   node scripts/fuzz.mjs --seed 7 --replay 4242          one case again, shrunk on failure
// Exit code 1 when a finding was recorded. The generators and the oracle live in test/hardening/fuzz.
import { parseArgs } from 'node:util';
import { startMock } from '../dist/src/index.js';
import { Router, mountsFor } from '../dist/src/mock/router.js';
import { ResponseValidator } from '../dist/src/validation/response.js';
import { createAjv } from '../dist/src/validation/ajv.js';
import { fuzz } from '../test/hardening/fuzz/run.mjs';
import { caseArbitrary } from '../test/hardening/fuzz/request.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    replay: { type: 'string' },
    timeout: { type: 'string', default: '5000' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('node scripts/fuzz.mjs [--runs N] [--seed N] [--replay PATH] [--timeout MS]');
  process.exit(0);
}
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const runs = Number(values.runs);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) {
  console.error('fuzz: --seed and --runs take whole numbers');
  process.exit(2);
}

const mock = await startMock({ port: 0, seed: 1, start: '2026-01-01T00:00:00.000Z' });
const twin = { mock, Router, mountsFor, ResponseValidator, createAjv };
console.log(`fuzz: seed ${seed}, ${values.replay === undefined ? `${runs} cases` : `replaying path ${values.replay}`}, twin on ${mock.url}`);

let exitCode = 0;
try {
  if (values.replay !== undefined) {
    await fuzz(twin, { runs: 1, seed, path: values.replay, arbitrary: caseArbitrary, timeoutMs: Number(values.timeout) });
    console.log('fuzz: the case passes');
  } else {
    let last = performance.now();
    const progress = (i) => {
      if ((i + 1) % 5000 !== 0) return;
      const now = performance.now();
      console.log(`  ${i + 1} cases, ${Math.round(5000 / ((now - last) / 1000))} cases/s`);
      last = now;
    };
    const result = await fuzz(twin, { runs, seed, collect: true, arbitrary: caseArbitrary, timeoutMs: Number(values.timeout), onCase: progress });
    const seconds = result.ms / 1000;
    console.log(`fuzz: ${result.cases} cases in ${seconds.toFixed(1)} s (${Math.round(result.cases / seconds)} cases/s)`);
    console.log(`fuzz: answers by status ${JSON.stringify(result.statuses)}`);
    // One line per distinct problem (numbers and ids blurred), with the first case that showed it.
    const distinct = new Map();
    for (const f of result.findings) {
      for (const problem of f.problems) {
        const key = problem.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|job_\w+|\d+/gi, '#').slice(0, 160);
        const entry = distinct.get(key) ?? { count: 0, first: f, problem };
        entry.count++;
        distinct.set(key, entry);
      }
    }
    console.log(`fuzz: ${result.findings.length} failing cases, ${distinct.size} distinct problems`);
    for (const { count, first, problem } of distinct.values()) {
      console.log(`\n- ${count}× ${problem.slice(0, 400)}\n  first: --seed ${seed} --replay ${first.index}\n  request: ${first.request.slice(0, 600)}`);
    }
    if (result.findings.length) exitCode = 1;
  }
} catch (error) {
  console.error(String(error?.message ?? error));
  exitCode = 1;
} finally {
  // A twin that cannot close (a socket it no longer tracks) is a finding too.
  const closed = await Promise.race([mock.close().then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5000).unref())]);
  if (!closed) {
    console.log('fuzz: the twin did not close within 5 s');
    exitCode = 1;
  }
}
process.exit(exitCode);
