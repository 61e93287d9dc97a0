// False positives: the suite against the twin (a correct implementation) over many seeds, per API.
//   npm run build && node scripts/conform-seeds.mjs [--seeds 10] [--runs 20] [--speed 1000]
import { parseArgs } from 'node:util';
import { startMock } from '../dist/src/index.js';
import { runConformance } from '../dist/conformance/index.js';
import { formatFailure } from '../dist/conformance/report/console.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    runs: { type: 'string', default: '20' },
    speed: { type: 'string', default: '1000' },
    api: { type: 'string', multiple: true },
  },
});
const apis = values.api ?? ['alchemyst', 'crosmos', 'contextual', 'jobs'];
const seeds = Number(values.seeds);
console.log(`| api | seeds | runs | failures | wall s (mean) | exchanges (mean) | exchanges/s |\n|---|---|---|---|---|---|---|`);
let total = 0;
for (const api of apis) {
  const twin = await startMock({ apis: [api], clock: 'system', speed: Number(values.speed), seed: 1 });
  let failures = 0;
  let wall = 0;
  let exchanges = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = await runConformance({ api, target: twin.urls[api], token: 'tenant-a', otherToken: 'tenant-b', seed, runs: Number(values.runs) });
    failures += r.failures.length;
    wall += r.wallMs;
    exchanges += r.exchanges;
    for (const f of r.failures) console.error(`${api} seed ${seed}:\n${formatFailure(f, 1)}\n`);
  }
  total += failures;
  console.log(
    `| ${api} | ${seeds} | ${values.runs} | ${failures} | ${(wall / seeds / 1000).toFixed(1)} | ${Math.round(exchanges / seeds)} | ${Math.round((exchanges * 1000) / wall)} |`,
  );
  await twin.close();
}
process.exitCode = total === 0 ? 0 : 1;
