// autocannon runs: a warm-up, then the measured run; figures in one shape.
import autocannon from 'autocannon';
import { TOKEN } from './servers.mjs';

function run(options) {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

/** Requests cycle through `paths` (one per request), or hit `url` alone. */
export async function measure({ url, paths, method = 'GET', body, headers = {}, duration, connections = 50, warmup = 2 }) {
  const requests = paths ? [{ setupRequest: (req) => ({ ...req, path: paths[(measure.i = ((measure.i ?? 0) + 1) % paths.length)] }) }] : undefined;
  const options = { url, method, body, headers: { ...TOKEN, ...headers }, connections, requests };
  if (warmup) await run({ ...options, duration: warmup });
  const r = await run({ ...options, duration });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}
