// The web view's script, one ES module served as /__jobtwin/ui/app.js. Plain browser JavaScript kept
// as a string so it ships in dist with no build step and no bundler; it never uses template literals.
export const SCRIPT: string = String.raw`
// jobtwin's web view: polls the control interface (this page's parent path) once a second and
// renders the jobs, a job's timeline, the journal, tenants and faults; every action is a control call.
const BASE = new URL('..', location.href).pathname.replace(/\/$/, '');
const POLL_MS = 1000;
const JOB_LIMIT = 200;
const JOURNAL_LIMIT = 100;

const S = {
  clock: null, clockAt: 0, specs: [], byApi: {}, jobs: [], total: 0, tenants: [], faults: [], journal: [],
  selected: null, detail: null, detailKey: '', tab: 'jobs',
  filters: { api: '', tenant: '', state: '', text: '' },
  knownTenants: new Set(), expanded: new Set(),
  token: sessionStorage.getItem('jobtwin-token') || '', needToken: false,
};

const $ = (sel) => document.querySelector(sel);
const enc = encodeURIComponent;

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const k of Object.keys(attrs)) {
      const v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
  return el;
}

class ControlFailure extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** One call to the control interface: JSON in and out, the token when one was given. */
async function control(method, path, body) {
  const headers = {};
  if (S.token) headers['x-jobtwin-token'] = S.token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ControlFailure(0, 'the twin does not answer (stopped?)');
  }
  if (res.status === 401) {
    askToken(S.token ? 'The twin refused that token.' : '');
    throw new ControlFailure(401, 'the control interface needs its token');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ControlFailure(res.status, (data && data.error && data.error.message) || 'HTTP ' + res.status);
  return data;
}

// ---- time on the twin's clock

function twinNow() {
  if (!S.clock) return Date.now();
  return S.clock.frozen ? S.clock.now : S.clock.now + (performance.now() - S.clockAt);
}

function span(ms) {
  const a = Math.abs(ms);
  if (a < 1000) return Math.round(a) + 'ms';
  const s = Math.floor(a / 1000);
  if (s < 60) return (a < 10000 && a % 1000 ? (a / 1000).toFixed(1) : s) + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm' + (s % 60 ? ' ' + (s % 60) + 's' : '');
  const hr = Math.floor(m / 60);
  if (hr < 24) return hr + 'h' + (m % 60 ? ' ' + (m % 60) + 'm' : '');
  const d = Math.floor(hr / 24);
  return d + 'd' + (hr % 24 ? ' ' + (hr % 24) + 'h' : '');
}

function rel(iso) {
  if (!iso) return '–';
  const d = Date.parse(iso) - twinNow();
  if (Math.abs(d) < 1000) return 'now';
  // Whole seconds: a list that reads 4.9s, 1s, 5s is harder to scan.
  const whole = Math.trunc(d / 1000) * 1000;
  return d < 0 ? span(whole) + ' ago' : 'in ' + span(whole);
}

const clockText = (ms) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
const timeOfDay = (iso) => iso.slice(11, 23);

// ---- states and their colours

function kind(apiName, state) {
  const spec = S.byApi[apiName];
  if (!spec) return 'other';
  const lc = spec.lifecycle;
  if (state === lc.outcomes.succeeded) return 'ok';
  if (state === lc.outcomes.failed) return 'failed';
  if (state === lc.outcomes.partial) return 'partial';
  if (state === lc.running) return 'running';
  if (state === lc.initial) return 'queued';
  if (lc.controlStates.includes(state) || /cancel/i.test(state)) return 'cancelled';
  if (lc.terminal.includes(state)) return 'ended';
  return 'retry';
}

const pill = (apiName, state) => h('span', { class: 'pill k-' + kind(apiName, state) }, state);

// ---- feedback

let toastTimer = 0;
function toast(message, bad) {
  const el = $('#toast');
  el.textContent = message;
  el.className = 'toast show' + (bad ? ' bad' : '');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, bad ? 8000 : 3000);
}

function setLive(state, title) {
  const el = $('#live');
  el.className = 'live ' + state;
  el.textContent = state === 'live' ? 'live' : state === 'paused' ? 'paused' : state === 'token' ? 'token needed' : 'not answering';
  el.title = title || (state === 'live' ? 'polling the control interface every second' : '');
}

/** Runs an action, says how it went, and polls at once so the page shows its effect. */
async function act(label, fn) {
  try {
    const message = await fn();
    if (message) toast(message);
  } catch (e) {
    if (e.status !== 401) toast(label + ': ' + e.message, true);
  }
  await poll();
}

// ---- the token

function askToken(message) {
  S.needToken = true;
  setLive('token');
  const err = $('#token-error');
  err.textContent = message || '';
  err.hidden = !message;
  const dialog = $('#token-dialog');
  if (!dialog.open) dialog.showModal();
  $('#token-input').focus();
}

$('#token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  S.token = $('#token-input').value.trim();
  sessionStorage.setItem('jobtwin-token', S.token);
  S.needToken = false;
  $('#token-dialog').close();
  start();
});

// ---- polling

let timer = 0;
let lastPollMs = 0;
let lastError = '';
let inflight = null;
let again = false;

function jobsQuery() {
  const q = new URLSearchParams({ limit: String(JOB_LIMIT) });
  for (const k of ['api', 'tenant', 'state']) if (S.filters[k]) q.set(k, S.filters[k]);
  return q.toString();
}

function journalQuery() {
  const q = new URLSearchParams({ limit: String(JOURNAL_LIMIT) });
  for (const k of ['api', 'tenant']) if (S.filters[k]) q.set(k, S.filters[k]);
  return q.toString();
}

async function pollOnce() {
  const tasks = [
    control('GET', '/clock').then((c) => { S.clock = c; S.clockAt = performance.now(); }),
    control('GET', '/jobs?' + jobsQuery()).then((r) => {
      S.jobs = r.jobs;
      S.total = r.total;
      for (const j of r.jobs) S.knownTenants.add(j.tenant);
    }),
  ];
  if (S.selected) {
    const key = S.selected.api + '/' + S.selected.id;
    tasks.push(control('GET', '/jobs/' + enc(S.selected.api) + '/' + enc(S.selected.id)).then(
      (d) => { if (S.selected && key === S.selected.api + '/' + S.selected.id) S.detail = d; },
      (e) => { if (e.status === 404) S.detail = null; else throw e; },
    ));
  }
  if (S.tab === 'journal') tasks.push(control('GET', '/journal?' + journalQuery()).then((r) => { S.journal = r.entries; }));
  if (S.tab === 'sims') {
    tasks.push(control('GET', '/tenants').then((r) => { S.tenants = r.tenants; for (const t of r.tenants) S.knownTenants.add(t.tenant); }));
    tasks.push(control('GET', '/faults').then((r) => { S.faults = r.faults; }));
  }
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === 'rejected');
  if (!failed) { setLive('live'); lastError = ''; }
  else if (failed.reason.status !== 401) {
    setLive('error', failed.reason.message);
    // Said once, not every second: e.g. a 403 from a twin reached from another machine without a token.
    if (failed.reason.message !== lastError) toast(failed.reason.message, true);
    lastError = failed.reason.message;
  }
}

/** Polls now (or right after the poll under way), renders, and schedules the next one. */
function poll() {
  if (inflight) { again = true; return inflight; }
  clearTimeout(timer);
  const began = performance.now();
  inflight = pollOnce()
    .catch(() => {})
    .finally(() => {
      inflight = null;
      lastPollMs = performance.now() - began;
      render();
      if (again) { again = false; poll(); } else schedule();
    });
  return inflight;
}

function schedule() {
  clearTimeout(timer);
  if (S.needToken) return;
  if (document.hidden) { setLive('paused'); return; }
  // A twin holding very many jobs takes longer to list them: the page then asks less often, so it
  // never keeps the twin busy more than a tenth of the time.
  timer = setTimeout(poll, Math.max(POLL_MS, Math.min(30000, lastPollMs * 10)));
}

document.addEventListener('visibilitychange', () => { if (!document.hidden && !S.needToken) poll(); else schedule(); });

// ---- rendering

function render() {
  renderClock();
  renderFilters();
  if (S.tab === 'jobs') renderJobs();
  renderDetail();
  if (S.tab === 'journal') renderJournal();
  if (S.tab === 'sims') renderSims();
}

function renderClock() {
  if (!S.clock) return;
  const now = twinNow();
  const t = $('#clock-now');
  t.textContent = clockText(now);
  t.dateTime = new Date(now).toISOString();
  const mode = $('#clock-mode');
  mode.textContent = S.clock.frozen ? 'frozen' : 'running';
  mode.className = 'chip ' + (S.clock.frozen ? 'frozen' : 'running');
  $('#clock-speed').textContent = S.clock.speed === 1 ? '' : '× ' + S.clock.speed + ' speed';
  $('#freeze').textContent = S.clock.frozen ? 'Resume' : 'Freeze';
  const speed = $('#speed');
  if (document.activeElement !== speed) speed.value = String(S.clock.speed);
}

function fillSelect(select, values, current, allLabel) {
  const sig = values.join('\n');
  if (select.dataset.sig !== sig) {
    select.dataset.sig = sig;
    select.replaceChildren(h('option', { value: '' }, allLabel), ...values.map((v) => h('option', { value: v }, v)));
  }
  select.value = current;
}

function statesFor(apiName) {
  const specs = apiName ? S.specs.filter((s) => s.name === apiName) : S.specs;
  return [...new Set(specs.flatMap((s) => s.lifecycle.states))];
}

function renderFilters() {
  fillSelect($('#f-api'), S.specs.map((s) => s.name), S.filters.api, 'all');
  fillSelect($('#f-tenant'), [...S.knownTenants].sort(), S.filters.tenant, 'all');
  fillSelect($('#f-state'), statesFor(S.filters.api), S.filters.state, 'all');
}

const rows = new Map();

function visibleJobs() {
  const text = S.filters.text.trim().toLowerCase();
  return text ? S.jobs.filter((j) => j.id.toLowerCase().includes(text)) : S.jobs;
}

function renderJobs() {
  const body = $('#jobs-body');
  const list = visibleJobs();
  const keep = new Set();
  const selectedKey = S.selected ? S.selected.api + '/' + S.selected.id : '';
  list.forEach((job, i) => {
    const key = job.api + '/' + job.id;
    keep.add(key);
    let row = rows.get(key);
    if (!row) {
      const tr = h('tr', { tabindex: '0', 'data-key': key, 'data-state': job.status });
      tr.addEventListener('click', () => select(job.api, job.id));
      row = { tr, sig: '', created: null, updated: null };
      rows.set(key, row);
    }
    const sig = [job.status, job.attempts, job.updatedAt, job.tenant, job.type].join('|');
    if (sig !== row.sig) {
      row.sig = sig;
      row.tr.dataset.state = job.status;
      row.created = h('td', { class: 'c-created', title: job.createdAt });
      row.updated = h('td', { class: 'c-updated', title: job.updatedAt });
      row.tr.replaceChildren(
        h('td', null, pill(job.api, job.status)),
        h('td', { class: 'mono id', title: job.id }, job.id),
        h('td', null, job.api),
        h('td', null, job.tenant),
        h('td', { class: 'c-type muted' }, job.type || '–'),
        h('td', { class: 'num' }, String(job.attempts)),
        row.created,
        row.updated,
      );
    }
    row.created.textContent = rel(job.createdAt);
    row.updated.textContent = rel(job.updatedAt);
    row.tr.classList.toggle('selected', key === selectedKey);
    row.tr.setAttribute('aria-selected', key === selectedKey ? 'true' : 'false');
    const at = body.children[i];
    if (at !== row.tr) body.insertBefore(row.tr, at || null);
  });
  for (const [key, row] of rows) if (!keep.has(key)) { row.tr.remove(); rows.delete(key); }
  const filtered = S.filters.api || S.filters.tenant || S.filters.state || S.filters.text;
  $('#jobs-count').textContent = S.total > S.jobs.length ? list.length + ' of ' + S.total.toLocaleString('en') : String(list.length);
  const empty = $('#jobs-empty');
  empty.hidden = list.length > 0;
  empty.textContent = filtered ? 'No job matches these filters.' : 'No jobs yet: create one through an API, or with New job below.';
  $('#jobs-table').hidden = list.length === 0;
}

// ---- a job's details

function select(api, id) {
  S.selected = { api, id };
  S.detail = null;
  writeHash();
  if (S.tab !== 'jobs') showTab('jobs');
  renderJobs();
  poll();
}

function closeDetail() {
  const key = S.selected ? S.selected.api + '/' + S.selected.id : '';
  S.selected = null;
  S.detail = null;
  writeHash();
  render();
  const row = rows.get(key);
  if (row) row.tr.focus();
}

function jobPath(d) { return '/jobs/' + enc(d.api) + '/' + enc(d.id); }

function buildDetailFrame(d) {
  const spec = S.byApi[d.api];
  const lc = spec ? spec.lifecycle : { states: [], outcomes: {} };
  const move = h('select', { id: 'move-to', 'aria-label': 'state to move to' }, lc.states.map((s) => h('option', { value: s }, s)));
  const force = h('input', { type: 'checkbox', id: 'move-force' });
  const frame = h('div', { class: 'detail-in' },
    h('div', { class: 'detail-head' },
      h('div', { id: 'd-pill' }),
      h('h2', { class: 'mono', title: d.id }, d.id),
      h('button', { type: 'button', class: 'icon', title: 'Close (Esc)', 'aria-label': 'close', onclick: closeDetail }, '×'),
    ),
    h('p', { class: 'muted' }, d.api + ' · tenant ', h('strong', null, d.tenant), d.type ? ' · ' + d.type : ''),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'act on the job' },
      h('button', { type: 'button', id: 'act-complete', class: 'good', title: 'Move to ' + lc.outcomes.succeeded + ' now (c)', onclick: () => moveJob(d, lc.outcomes.succeeded, true) }, 'Complete now'),
      h('button', { type: 'button', id: 'act-fail', class: 'bad', title: 'Move to ' + lc.outcomes.failed + ' now (x)', onclick: () => moveJob(d, lc.outcomes.failed, true) }, 'Fail now'),
      h('button', { type: 'button', id: 'act-cancel', onclick: () => cancelJob(d) }, 'Cancel'),
      h('button', { type: 'button', id: 'act-delete', onclick: () => deleteJob(d) }, 'Delete'),
    ),
    h('form', { class: 'actions move', onsubmit: (e) => { e.preventDefault(); moveJob(d, move.value, force.checked); } },
      h('label', null, 'Move to ', move),
      h('label', { class: 'small', title: 'also a move the lifecycle does not declare' }, force, ' force'),
      h('button', { type: 'submit' }, 'Move'),
    ),
    h('dl', { id: 'd-fields', class: 'fields' }),
    h('h3', null, 'Timeline'),
    h('ol', { id: 'd-timeline', class: 'timeline' }),
    h('div', { id: 'd-data' }),
  );
  return frame;
}

function renderDetail() {
  const aside = $('#detail');
  document.body.classList.toggle('has-detail', !!S.selected);
  if (!S.selected) { aside.hidden = true; aside.replaceChildren(); S.detailKey = ''; return; }
  aside.hidden = false;
  const d = S.detail;
  const key = S.selected.api + '/' + S.selected.id;
  if (!d) {
    if (S.detailKey !== key + ':missing') {
      S.detailKey = key + ':missing';
      aside.replaceChildren(h('div', { class: 'detail-in' },
        h('div', { class: 'detail-head' }, h('h2', { class: 'mono' }, S.selected.id), h('button', { type: 'button', class: 'icon', 'aria-label': 'close', onclick: closeDetail }, '×')),
        h('p', { class: 'muted' }, 'Loading… (or gone: deleted, or removed by retention)')));
    }
    return;
  }
  if (S.detailKey !== key) { S.detailKey = key; aside.replaceChildren(buildDetailFrame(d)); }
  $('#d-pill').replaceChildren(pill(d.api, d.status));
  const lc = (S.byApi[d.api] || {}).lifecycle;
  if (lc) $('#act-complete').disabled = d.status === lc.outcomes.succeeded;
  if (lc) $('#act-fail').disabled = d.status === lc.outcomes.failed;
  const field = (name, value, title) => [h('dt', null, name), h('dd', title ? { title } : null, value)];
  const when = (iso) => (iso ? rel(iso) : '–');
  $('#d-fields').replaceChildren(
    ...field('attempts', d.attempts + ' of ' + d.maxAttempts),
    ...field('created', when(d.createdAt), d.createdAt),
    ...field('started', when(d.startedAt), d.startedAt),
    ...field('finished', when(d.finishedAt), d.finishedAt),
    ...field('changed', when(d.updatedAt), d.updatedAt),
    ...field('expires', d.expiresAt ? rel(d.expiresAt) : 'kept', d.expiresAt),
    ...(d.failedReason || d.error ? field('failure', h('span', { class: 'error' }, d.failedReason || d.error)) : []),
  );
  renderTimeline(d);
  const data = $('#d-data');
  const sig = JSON.stringify([d.input, d.result]);
  if (data.dataset.sig !== sig) {
    data.dataset.sig = sig;
    data.replaceChildren(
      h('h3', null, 'Result'), h('pre', { class: 'code' }, d.result === null ? '–' : JSON.stringify(d.result, null, 2)),
      h('h3', null, 'Input'), h('pre', { class: 'code' }, d.input === null ? '–' : JSON.stringify(d.input, null, 2)),
    );
  }
}

function renderTimeline(d) {
  const now = twinNow();
  const items = [];
  let nowPlaced = false;
  d.timeline.forEach((step, i) => {
    const at = Date.parse(step.at);
    const next = d.timeline[i + 1];
    const reached = at <= now;
    if (!reached && !nowPlaced) { items.push(nowMarker(now)); nowPlaced = true; }
    const current = reached && (!next || Date.parse(next.at) > now);
    const stay = next ? Date.parse(next.at) - at : null;
    items.push(h('li', { class: 'step k-' + kind(d.api, step.state) + (reached ? ' past' : ' future') + (current ? ' current' : '') },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('div', { class: 'step-main' },
        h('div', null, h('strong', null, step.state), step.attempt ? h('span', { class: 'muted' }, ' · attempt ' + step.attempt) : '', reached ? '' : h('span', { class: 'muted' }, ' · planned')),
        h('div', { class: 'muted small', title: step.at }, timeOfDay(step.at) + ' · ' + rel(step.at) + (stay !== null ? ' · for ' + span(stay) : '')),
        step.failure ? h('div', { class: 'error small' }, step.failure) : '',
      )));
  });
  if (!nowPlaced) items.push(nowMarker(now));
  $('#d-timeline').replaceChildren(...items);
}

function nowMarker(now) {
  return h('li', { class: 'now' }, h('span', null, 'now · ' + timeOfDay(new Date(now).toISOString())));
}

function moveJob(d, to, force) {
  return act('Move', async () => {
    await control('POST', jobPath(d) + '/transition', force ? { to, force: true } : { to });
    return d.id + ' → ' + to;
  });
}

function cancelJob(d) {
  return act('Cancel', async () => {
    const r = await control('POST', jobPath(d) + '/cancel');
    return d.id + (r.removed ? ' cancelled and removed, as the API does' : ' cancelled');
  });
}

function deleteJob(d) {
  return act('Delete', async () => {
    await control('DELETE', jobPath(d));
    S.selected = null;
    S.detail = null;
    writeHash();
    return d.id + ' deleted';
  });
}

// ---- journal

function excerptText(x) {
  if (!x) return '–';
  let text = x.text;
  if (!x.truncated) { try { text = JSON.stringify(JSON.parse(x.text), null, 2); } catch (e) { /* shown as sent */ } }
  return text + (x.truncated ? '\n… (' + x.length.toLocaleString('en') + ' characters; the first ' + x.text.length + ' kept)' : '');
}

function renderJournal() {
  const body = $('#journal-body');
  const sig = S.journal.map((e) => e.seq).join(',') + '|' + [...S.expanded].join(',');
  $('#journal-empty').hidden = S.journal.length > 0;
  if (body.dataset.sig === sig) {
    for (const cell of body.querySelectorAll('td[data-at]')) cell.title = rel(cell.dataset.at);
    return;
  }
  body.dataset.sig = sig;
  const out = [];
  for (const e of S.journal) {
    const open = S.expanded.has(e.seq);
    const cls = e.status === 0 ? 's-0' : 's-' + String(e.status)[0];
    const toggle = () => { if (open) S.expanded.delete(e.seq); else S.expanded.add(e.seq); renderJournal(); };
    out.push(h('tr', { class: 'entry' + (open ? ' open' : ''), tabindex: '0', 'aria-expanded': open ? 'true' : 'false', 'data-seq': e.seq, onclick: toggle, onkeydown: (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(); } } },
      h('td', { class: 'mono small', 'data-at': e.at, title: rel(e.at) }, timeOfDay(e.at)),
      h('td', { class: 'mono' }, e.method),
      h('td', { class: 'mono path', title: e.path }, e.path),
      h('td', { class: 'num' }, h('span', { class: 'status ' + cls }, e.status === 0 ? 'none' : String(e.status))),
      h('td', { class: 'num muted' }, String(e.durationMs)),
      h('td', null, e.tenant || ''),
      h('td', null, e.jobId && e.api ? h('button', { type: 'button', class: 'link mono', onclick: (ev) => { ev.stopPropagation(); select(e.api, e.jobId); } }, e.jobId) : ''),
      h('td', null,
        e.preflight ? h('span', { class: 'chip' }, 'preflight') : '',
        e.fault ? h('span', { class: 'chip bad' }, 'fault: ' + e.fault) : '',
        e.operationId ? h('span', { class: 'muted small' }, ' ' + e.operationId) : ''),
    ));
    if (open) {
      out.push(h('tr', { class: 'bodies' }, h('td', { colspan: '8' },
        h('div', { class: 'cols' },
          h('div', null, h('h3', null, 'Request', e.request ? h('span', { class: 'muted small' }, ' ' + e.request.contentType) : ''), h('pre', { class: 'code' }, e.request ? excerptText(e.request) : 'no body')),
          h('div', null, h('h3', null, 'Response', e.response ? h('span', { class: 'muted small' }, ' ' + e.response.contentType) : ''), h('pre', { class: 'code' }, e.response ? excerptText(e.response) : 'no body')),
        ))));
    }
  }
  body.replaceChildren(...out);
}

// ---- tenants and faults

function renderSims() {
  const sims = new Map(S.tenants.map((t) => [t.tenant, t.simulate]));
  const names = [...new Set([...S.knownTenants, ...sims.keys()])].sort();
  const tb = $('#tenants-body');
  const tsig = names.map((n) => n + '=' + (sims.get(n) || '')).join(',');
  if (tb.dataset.sig !== tsig) {
    tb.dataset.sig = tsig;
    tb.replaceChildren(...names.map((name) => {
      const current = sims.get(name) || null;
      const choice = (value, label) => h('button', { type: 'button', 'aria-pressed': current === value ? 'true' : 'false', onclick: () => simulate(name, value) }, label);
      return h('tr', null, h('td', null, name), h('td', null, h('div', { class: 'seg', role: 'group', 'aria-label': 'simulation for ' + name }, choice(null, 'normal'), choice(402, '402 out of credit'), choice(403, '403 missing scope'))));
    }));
  }
  const fb = $('#faults-body');
  const fsig = JSON.stringify(S.faults);
  $('#faults-empty').hidden = S.faults.length > 0;
  fb.parentElement.hidden = S.faults.length === 0;
  if (fb.dataset.sig !== fsig) {
    fb.dataset.sig = fsig;
    fb.replaceChildren(...S.faults.map((f) => {
      const what = f.kind === 'status' ? 'status ' + (f.status || 500) : f.kind === 'rateLimit' ? '429, Retry-After ' + (f.retryAfterSeconds || 1) + 's' : f.kind === 'latency' ? 'latency ' + f.latencyMs + 'ms' : 'drop the connection';
      const where = [f.api || 'any API', f.method || 'any method', f.path || '*'].join(' · ');
      return h('tr', null, h('td', null, h('strong', null, what), h('div', { class: 'muted small mono' }, f.id)), h('td', { class: 'small' }, where), h('td', { class: 'num' }, f.remaining === null ? '∞' : String(f.remaining)), h('td', { class: 'num' }, String(f.hits)),
        h('td', null, h('button', { type: 'button', onclick: () => act('Remove fault', async () => { await control('DELETE', '/faults/' + enc(f.id)); return 'fault ' + f.id + ' removed'; }) }, 'Remove')));
    }));
  }
}

function simulate(tenant, value) {
  return act('Tenant', async () => {
    await control('PUT', '/tenants/' + enc(tenant), { simulate: value });
    return value ? tenant + ' now answered ' + value + ' where documented' : tenant + ' back to normal';
  });
}

const FAULTS = {
  status503: { kind: 'status', status: 503 },
  status500: { kind: 'status', status: 500 },
  rateLimit: { kind: 'rateLimit', retryAfterSeconds: 2 },
  latency: { kind: 'latency', latencyMs: 1500 },
  drop: { kind: 'drop' },
};

$('#fault-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const spec = Object.assign({}, FAULTS[$('#fault-kind').value]);
  if ($('#fault-api').value) spec.api = $('#fault-api').value;
  if ($('#fault-method').value) spec.method = $('#fault-method').value;
  if ($('#fault-path').value.trim()) spec.path = $('#fault-path').value.trim();
  spec.times = $('#fault-times').value ? Number($('#fault-times').value) : null;
  act('Add fault', async () => { const f = await control('POST', '/faults', spec); return 'fault ' + f.id + ' added'; });
});
$('#faults-clear').addEventListener('click', () => act('Remove faults', async () => { await control('DELETE', '/faults'); return 'every fault removed'; }));
$('#tenant-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('#tenant-name').value.trim();
  if (name) { S.knownTenants.add(name); $('#tenant-name').value = ''; renderSims(); }
});

// ---- clock

function advance(by) {
  return act('Advance', async () => {
    const r = await control('POST', '/clock/advance', { by });
    return 'clock +' + by + (r.expired ? ' · ' + r.expired + ' expired by retention' : '');
  });
}

function toggleFreeze() {
  const frozen = S.clock && S.clock.frozen;
  return act(frozen ? 'Resume' : 'Freeze', async () => { await control('POST', frozen ? '/clock/resume' : '/clock/freeze'); return frozen ? 'clock running' : 'clock frozen'; });
}

for (const b of document.querySelectorAll('[data-advance]')) b.addEventListener('click', () => advance(b.dataset.advance));
$('#advance-form').addEventListener('submit', (e) => { e.preventDefault(); const by = $('#advance-by').value.trim(); if (by) advance(/^\d+$/.test(by) ? Number(by) : by); });
$('#freeze').addEventListener('click', toggleFreeze);
$('#set-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const to = $('#set-to').value.trim();
  if (to) act('Set clock', async () => { const r = await control('POST', '/clock/set', { to }); return 'clock set to ' + r.iso; });
});
// Opening the clock's menu offers the twin's time now, to edit rather than type.
$('#clock-more').addEventListener('toggle', () => {
  const input = $('#set-to');
  if ($('#clock-more').open && !input.value) input.value = new Date(twinNow()).toISOString().replace(/\.\d+Z$/, 'Z');
});
$('#speed-form').addEventListener('submit', (e) => {
  e.preventDefault();
  act('Speed', async () => { await control('PUT', '/clock/speed', { speed: Number($('#speed').value) }); return 'speed ' + $('#speed').value + ' for new jobs'; });
});

// ---- create

$('#create-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const body = { api: $('#c-api').value, tenant: $('#c-tenant').value.trim() || 'alice' };
  if ($('#c-outcome').value) body.outcome = $('#c-outcome').value;
  if ($('#c-failures').value) body.failures = Number($('#c-failures').value);
  act('Create', async () => {
    const job = await control('POST', '/jobs', body);
    S.selected = { api: job.api, id: job.id };
    S.detail = job;
    writeHash();
    return job.api + ' job ' + job.id + ' created';
  });
});

// ---- tabs, filters, keys, the address

function showTab(tab) {
  S.tab = tab;
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', b.dataset.tab === tab ? 'true' : 'false');
  for (const name of ['jobs', 'journal', 'sims']) $('#tab-' + name).hidden = name !== tab;
  $('#f-state-label').hidden = tab !== 'jobs';
  $('#f-text').hidden = tab !== 'jobs';
  writeHash();
  poll();
}

for (const b of document.querySelectorAll('[data-tab]')) b.addEventListener('click', () => showTab(b.dataset.tab));

for (const [id, key] of [['#f-api', 'api'], ['#f-tenant', 'tenant'], ['#f-state', 'state']]) {
  $(id).addEventListener('change', () => {
    S.filters[key] = $(id).value;
    if (key === 'api' && S.filters.state && !statesFor(S.filters.api).includes(S.filters.state)) S.filters.state = '';
    writeHash();
    poll();
  });
}
$('#f-text').addEventListener('input', () => { S.filters.text = $('#f-text').value; renderJobs(); });
$('#filters').addEventListener('submit', (e) => e.preventDefault());
$('#journal-clear').addEventListener('click', () => act('Clear', async () => { await control('DELETE', '/journal'); S.expanded.clear(); return 'journal cleared'; }));

function moveSelection(step) {
  const list = visibleJobs();
  if (!list.length) return;
  const key = S.selected ? S.selected.api + '/' + S.selected.id : '';
  const at = list.findIndex((j) => j.api + '/' + j.id === key);
  const next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step))];
  select(next.api, next.id);
  const row = rows.get(next.api + '/' + next.id);
  if (row) { row.tr.focus(); row.tr.scrollIntoView({ block: 'nearest' }); }
}

document.addEventListener('keydown', (e) => {
  const t = e.target;
  if (t.closest && t.closest('input, select, textarea, dialog')) { if (e.key === 'Escape' && !t.closest('dialog')) t.blur(); return; }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const d = S.detail;
  const lc = d && S.byApi[d.api] ? S.byApi[d.api].lifecycle : null;
  if (e.key === '/') { e.preventDefault(); showTab('jobs'); $('#f-text').focus(); }
  else if (e.key === 'j' || e.key === 'ArrowDown' && t.tagName === 'TR') { e.preventDefault(); moveSelection(1); }
  else if (e.key === 'k' || e.key === 'ArrowUp' && t.tagName === 'TR') { e.preventDefault(); moveSelection(-1); }
  else if (e.key === 'Enter' && t.tagName === 'TR' && t.dataset.key) { const i = t.dataset.key.indexOf('/'); select(t.dataset.key.slice(0, i), t.dataset.key.slice(i + 1)); }
  else if (e.key === 'Escape' && S.selected) closeDetail();
  else if (e.key === 'f') toggleFreeze();
  else if (e.key === '.') advance('1s');
  else if (e.key === 'c' && d && lc) moveJob(d, lc.outcomes.succeeded, true);
  else if (e.key === 'x' && d && lc) moveJob(d, lc.outcomes.failed, true);
});

function writeHash() {
  const q = new URLSearchParams();
  if (S.tab !== 'jobs') q.set('tab', S.tab);
  for (const k of ['api', 'tenant', 'state']) if (S.filters[k]) q.set(k, S.filters[k]);
  if (S.selected) q.set('job', S.selected.api + '/' + S.selected.id);
  const hash = q.toString();
  history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
}

function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  for (const k of ['api', 'tenant', 'state']) S.filters[k] = q.get(k) || '';
  if (S.filters.tenant) S.knownTenants.add(S.filters.tenant);
  const job = q.get('job');
  S.selected = job && job.includes('/') ? { api: job.slice(0, job.indexOf('/')), id: job.slice(job.indexOf('/') + 1) } : null;
  S.detail = null;
  const tab = q.get('tab');
  S.tab = tab === 'journal' || tab === 'sims' ? tab : 'jobs';
}

// A link to a job or a filter pasted into this tab's address bar.
window.addEventListener('hashchange', () => { readHash(); if (S.specs.length) showTab(S.tab); });

// ---- start

// A link into the control interface. A plain link cannot send the control token, so when the twin wants
// one the click fetches with it and opens what came back in the new tab.
function controlLink(href, text) {
  return h('a', { href, target: '_blank', rel: 'noopener', onclick: (e) => {
    if (!S.token) return;
    e.preventDefault();
    // opened within the click, so no popup blocker stands in the way; filled once the answer is in
    const tab = window.open('about:blank', '_blank');
    fetch(href, { headers: { 'x-jobtwin-token': S.token }, cache: 'no-store' })
      .then((r) => r.blob())
      .then((b) => { if (tab) tab.location.href = URL.createObjectURL(b); })
      .catch(() => { if (tab) tab.close(); toast('the twin does not answer (stopped?)', true); });
  } }, text);
}

function renderSpecs() {
  $('#specs-list').replaceChildren(...S.specs.map((s) => h('div', { class: 'spec' },
    h('div', null, h('strong', null, s.name), ' ', h('span', { class: 'muted small' }, s.title + (s.version ? ' ' + s.version : ''))),
    h('div', { class: 'small' }, 'at ', h('code', null, (s.mount || '/') + ''), ' · ', controlLink(s.json, 'JSON'), ' · ', controlLink(s.yaml, 'YAML')))),
    h('p', { class: 'small' }, controlLink(BASE + '/specs', 'all, with their lifecycles (JSON)')));
  const names = S.specs.map((s) => s.name);
  const capi = $('#c-api');
  if (capi.dataset.sig !== names.join()) { capi.dataset.sig = names.join(); capi.replaceChildren(...names.map((n) => h('option', { value: n }, n))); }
  fillSelect($('#fault-api'), names, '', 'any');
}

async function start() {
  try {
    const health = await fetch(BASE + '/health', { cache: 'no-store' }).then((r) => r.json());
    $('#version').textContent = 'v' + health.version;
  } catch (e) { /* the poll says the twin does not answer */ }
  try {
    const r = await control('GET', '/specs');
    S.specs = r.specs;
    S.byApi = Object.fromEntries(r.specs.map((s) => [s.name, s]));
    renderSpecs();
  } catch (e) {
    if (e.status !== 401) { setLive('error', e.message); setTimeout(start, 2000); }
    return;
  }
  showTab(S.tab);
}

readHash();
start();
`;
