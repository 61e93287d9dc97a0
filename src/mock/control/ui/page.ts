// The web view's HTML: the frame the script fills in. No inline script or style (the CSP forbids them).
export const PAGE: string = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jobtwin</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='5' cy='8' r='4' fill='%232563eb'/%3E%3Ccircle cx='11' cy='8' r='4' fill='%2316a34a'/%3E%3C/svg%3E">
<link rel="stylesheet" href="app.css">
<script type="module" src="app.js"></script>
</head>
<body>
<header class="bar">
  <div class="brand"><span class="logo" aria-hidden="true"></span><strong>jobtwin</strong> <span id="version" class="muted"></span></div>
  <div class="clock" aria-label="the twin's clock">
    <div class="clock-now"><time id="clock-now">–</time> <span id="clock-mode" class="chip">–</span> <span id="clock-speed" class="muted"></span></div>
    <div class="clock-controls" role="group" aria-label="move the clock">
      <span class="muted small">advance</span>
      <button type="button" data-advance="1s">+1s</button>
      <button type="button" data-advance="10s">+10s</button>
      <button type="button" data-advance="1m">+1m</button>
      <button type="button" data-advance="1h">+1h</button>
      <button type="button" data-advance="1d">+1d</button>
      <button type="button" data-advance="31d">+31d</button>
      <form id="advance-form" class="inline"><input id="advance-by" aria-label="advance by (e.g. 90s, 1h30m)" placeholder="90s, 1h30m" size="8"><button type="submit">Advance</button></form>
      <button type="button" id="freeze" title="Freeze or resume the clock (f)">Freeze</button>
      <details class="menu" id="clock-more"><summary>More</summary>
        <div class="menu-body">
          <form id="set-form"><label>Set to <input id="set-to" placeholder="2027-01-01T00:00:00Z" size="22"></label><button type="submit">Set</button></form>
          <form id="speed-form"><label>Speed <input id="speed" type="number" min="0.001" step="any" size="6"></label><button type="submit">Apply</button><p class="muted small">durations of new jobs divided by it</p></form>
        </div>
      </details>
    </div>
  </div>
  <nav class="links">
    <details class="menu" id="specs-menu"><summary>Specs</summary><div class="menu-body" id="specs-list"></div></details>
    <span id="live" class="live" title="polling the control interface">connecting</span>
  </nav>
</header>
<nav class="tabs" role="tablist">
  <button type="button" role="tab" data-tab="jobs" aria-selected="true">Jobs <span id="jobs-count" class="count"></span></button>
  <button type="button" role="tab" data-tab="journal" aria-selected="false">Journal</button>
  <button type="button" role="tab" data-tab="sims" aria-selected="false">Tenants &amp; faults</button>
  <form class="filters" id="filters">
    <label>API <select id="f-api"><option value="">all</option></select></label>
    <label>Tenant <select id="f-tenant"><option value="">all</option></select></label>
    <label id="f-state-label">State <select id="f-state"><option value="">all</option></select></label>
    <input id="f-text" type="search" placeholder="Find id  ( / )" aria-label="find a job by id">
  </form>
</nav>
<main>
  <section id="tab-jobs" class="tab" role="tabpanel">
    <div class="split">
      <div class="list">
        <table class="grid jobs" id="jobs-table">
          <thead><tr><th>State</th><th>Job</th><th>API</th><th>Tenant</th><th class="c-type">Type</th><th class="num">Attempts</th><th class="c-created">Created</th><th class="c-updated">Changed</th></tr></thead>
          <tbody id="jobs-body"></tbody>
        </table>
        <p id="jobs-empty" class="empty" hidden></p>
        <form id="create-form" class="create">
          <strong>New job</strong>
          <label>API <select id="c-api"></select></label>
          <label>tenant <input id="c-tenant" value="alice" size="10"></label>
          <label>outcome <select id="c-outcome"><option value="">drawn</option><option>succeed</option><option>fail</option><option>partial</option><option>never</option></select></label>
          <label>failures <input id="c-failures" type="number" min="0" value="" size="3"></label>
          <button type="submit">Create</button>
          <span class="muted small">keys: j/k move, Enter open, Esc close, c complete, x fail, f freeze, . +1s</span>
        </form>
      </div>
      <aside id="detail" class="detail" hidden aria-label="job details"></aside>
    </div>
  </section>
  <section id="tab-journal" class="tab" role="tabpanel" hidden>
    <div class="toolbar"><span class="muted">the latest 100 requests to the APIs, newest first; click one for its bodies</span><button type="button" id="journal-clear">Clear</button></div>
    <table class="grid journal"><thead><tr><th>Time</th><th>Method</th><th>Path</th><th class="num">Status</th><th class="num">ms</th><th>Tenant</th><th>Job</th><th></th></tr></thead><tbody id="journal-body"></tbody></table>
    <p id="journal-empty" class="empty" hidden>No requests yet: call an API of the twin.</p>
  </section>
  <section id="tab-sims" class="tab" role="tabpanel" hidden>
    <div class="cols">
      <div class="card">
        <h2>Tenants</h2>
        <p class="muted small">402 (out of credit) and 403 (missing scope) on every operation that documents them.</p>
        <table class="grid"><thead><tr><th>Tenant</th><th>Simulation</th></tr></thead><tbody id="tenants-body"></tbody></table>
        <form id="tenant-form" class="inline"><input id="tenant-name" placeholder="tenant" size="12" aria-label="tenant"><button type="submit">Add</button></form>
      </div>
      <div class="card">
        <h2>Faults</h2>
        <p class="muted small">Each applies to the next matching requests (the first matching rule wins).</p>
        <table class="grid"><thead><tr><th>Fault</th><th>Matches</th><th class="num">Left</th><th class="num">Hits</th><th></th></tr></thead><tbody id="faults-body"></tbody></table>
        <p id="faults-empty" class="empty small">No faults.</p>
        <form id="fault-form" class="fault-form">
          <label>Fault <select id="fault-kind">
            <option value="status503">503 Service Unavailable</option>
            <option value="status500">500 Internal Server Error</option>
            <option value="rateLimit">429 with Retry-After: 2</option>
            <option value="latency">1.5 s latency</option>
            <option value="drop">connection dropped</option>
          </select></label>
          <label>API <select id="fault-api"><option value="">any</option></select></label>
          <label>method <select id="fault-method"><option value="">any</option><option>GET</option><option>POST</option><option>PUT</option><option>DELETE</option></select></label>
          <label>path <input id="fault-path" placeholder="*/status" size="12"></label>
          <label>times <input id="fault-times" type="number" min="1" value="1" size="3" aria-describedby="times-hint"></label>
          <span id="times-hint" class="muted small">empty: until removed</span>
          <button type="submit">Add fault</button>
          <button type="button" id="faults-clear">Remove all</button>
        </form>
      </div>
    </div>
  </section>
</main>
<div id="toast" class="toast" role="status" aria-live="polite"></div>
<dialog id="token-dialog">
  <form method="dialog" id="token-form">
    <h2>Control token</h2>
    <p>This twin was started with <code>--control-token</code>. Enter it to use the web view; it is kept in this tab only and sent as <code>X-Jobtwin-Token</code>.</p>
    <p id="token-error" class="error" hidden></p>
    <input id="token-input" type="password" autocomplete="off" aria-label="control token" required>
    <div class="actions"><button type="submit" class="primary">Use token</button></div>
  </form>
</dialog>
</body>
</html>
`;
