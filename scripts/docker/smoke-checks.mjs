// The HTTP side of scripts/docker/smoke.sh, against a running container. Node ≥ 20, no dependencies.
//   node smoke-checks.mjs health    BASE [timeoutMs]   wait until /__jobtwin/health answers 200
//   node smoke-checks.mjs lifecycle BASE               an Alchemyst job from create to completed
//   node smoke-checks.mjs advance   BASE               a job with the API's real durations, finished by moving the clock
//   node smoke-checks.mjs status    BASE JOB_ID        print the job's status (persistence check)
// Prints one line per result; exit code 0 when the check passed, 1 when not.
const [command, base, arg] = process.argv.slice(2);
const TOKEN = 'Bearer smoke';
const ALCHEMYST = `${base}/alchemyst/api/v1/context/add-async`;
const BODY = JSON.stringify({ documents: [{ content: 'hello from the smoke test' }], source: 'smoke', context_type: 'resource', scope: 'internal' });

async function call(method, url, { body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { authorization: TOKEN, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body,
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fail = (message) => {
  console.log(message);
  process.exit(1);
};

async function create(headers) {
  const res = await call('POST', ALCHEMYST, { body: BODY, headers });
  if (res.status !== 200 && res.status !== 201 && res.status !== 202) fail(`create answered ${res.status}: ${res.text.slice(0, 200)}`);
  const id = res.json?.jobId;
  if (typeof id !== 'string') fail(`create answered without a jobId: ${res.text.slice(0, 200)}`);
  return id;
}

async function status(id) {
  const res = await call('GET', `${ALCHEMYST}/${encodeURIComponent(id)}/status`);
  if (res.status !== 200) fail(`status of ${id} answered ${res.status}: ${res.text.slice(0, 200)}`);
  return res.json?.status;
}

const commands = {
  async health() {
    const until = Date.now() + Number(arg ?? 30000);
    let last = 'no answer';
    while (Date.now() < until) {
      try {
        const res = await call('GET', `${base}/__jobtwin/health`);
        if (res.status === 200 && res.json?.status === 'ok') {
          const apis = (res.json.apis ?? []).map((api) => `${api.name} ${api.mount}`).join(', ');
          return console.log(`health ok: jobtwin ${res.json.version}, ${apis}`);
        }
        last = `${res.status} ${res.text.slice(0, 120)}`;
      } catch (error) {
        last = error.cause?.code ?? error.message;
      }
      await sleep(200);
    }
    fail(`health did not answer 200 in ${arg ?? 30000} ms (last: ${last})`);
  },

  async lifecycle() {
    const started = Date.now();
    const id = await create({ 'x-jobtwin-job': 'queue=200ms; run=300ms' });
    const seen = [];
    while (Date.now() - started < 10000) {
      const state = await status(id);
      if (seen.at(-1) !== state) seen.push(state);
      if (state === 'completed') return console.log(`alchemyst job ${id}: ${seen.join(' -> ')} in ${Date.now() - started} ms`);
      if (state === 'failed') fail(`alchemyst job ${id} failed: ${seen.join(' -> ')}`);
      await sleep(50);
    }
    fail(`alchemyst job ${id} not completed after 10 s: ${seen.join(' -> ')}`);
  },

  async advance() {
    const id = await create({});
    const before = await status(id);
    const res = await call('POST', `${base}/__jobtwin/clock/advance`, { body: JSON.stringify({ by: '1h' }) });
    if (res.status !== 200) fail(`clock advance answered ${res.status}: ${res.text.slice(0, 200)}`);
    const after = await status(id);
    if (after !== 'completed' && after !== 'failed') fail(`alchemyst job ${id}: ${before}, then ${after} one hour later (expected a terminal state)`);
    console.log(`alchemyst job ${id} (drawn durations): ${before}, clock +1h, ${after}`);
  },

  async status() {
    console.log(await status(arg));
  },
};

if (!commands[command] || !base) fail('usage: node smoke-checks.mjs health|lifecycle|advance|status BASE [ARG]');
commands[command]().catch((error) => fail(`${command}: ${error.cause?.code ?? error.message}`));
