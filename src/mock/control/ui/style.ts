// The web view's stylesheet, served as /__jobtwin/ui/app.css: light and dark, one colour per kind of
// state (queued, running, retrying, succeeded, failed, partial, cancelled), wide and narrow layouts.
export const STYLE: string = String.raw`
:root {
  --bg: #f7f8fa; --panel: #fff; --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --hover: #f1f5f9;
  --accent: #2563eb; --accent-bg: #eff6ff; --sel: #e0ecff;
  --k-queued: #475569; --k-queued-bg: #f1f5f9;
  --k-running: #1d4ed8; --k-running-bg: #dbeafe;
  --k-retry: #a16207; --k-retry-bg: #fef3c7;
  --k-ok: #15803d; --k-ok-bg: #dcfce7;
  --k-failed: #b91c1c; --k-failed-bg: #fee2e2;
  --k-partial: #0f766e; --k-partial-bg: #ccfbf1;
  --k-cancelled: #7e22ce; --k-cancelled-bg: #f3e8ff;
  --k-ended: #374151; --k-ended-bg: #e5e7eb;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115; --panel: #171a21; --fg: #e5e7eb; --muted: #9ca3af; --line: #2a2f3a; --hover: #1e232d;
    --accent: #60a5fa; --accent-bg: #172036; --sel: #1c2a44;
    --k-queued: #cbd5e1; --k-queued-bg: #283040;
    --k-running: #93c5fd; --k-running-bg: #1e3a8a;
    --k-retry: #fcd34d; --k-retry-bg: #4a3a0a;
    --k-ok: #86efac; --k-ok-bg: #14532d;
    --k-failed: #fca5a5; --k-failed-bg: #5f1d1d;
    --k-partial: #5eead4; --k-partial-bg: #134e4a;
    --k-cancelled: #d8b4fe; --k-cancelled-bg: #3b1f5c;
    --k-ended: #d1d5db; --k-ended-bg: #374151;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
[hidden] { display: none !important; }
button, input, select { font: inherit; color: inherit; }
button { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 3px 10px; cursor: pointer; }
button:hover { background: var(--hover); }
button:disabled { opacity: .45; cursor: default; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.good { color: var(--k-ok); border-color: color-mix(in srgb, var(--k-ok) 40%, var(--line)); }
button.bad { color: var(--k-failed); border-color: color-mix(in srgb, var(--k-failed) 40%, var(--line)); }
button.icon { border: none; font-size: 20px; line-height: 1; padding: 2px 8px; }
button.link { border: none; background: none; padding: 0; color: var(--accent); text-decoration: underline; }
input[type=number] { width: 5.5em; }
input, select { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 3px 6px; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
a { color: var(--accent); }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.error { color: var(--k-failed); }
.inline { display: inline-flex; gap: 4px; align-items: center; margin: 0; }
h2 { font-size: 16px; margin: 0 0 6px; }
h3 .muted { text-transform: none; letter-spacing: 0; font-weight: 400; }
h3 { font-size: 13px; margin: 16px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }

.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 24px; padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--line); }
.brand { display: flex; align-items: center; gap: 8px; font-size: 16px; }
.logo { width: 18px; height: 18px; border-radius: 50%; background: linear-gradient(90deg, var(--accent) 50%, var(--k-ok) 50%); }
.clock { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; flex: 1; }
.clock-now { display: flex; align-items: center; gap: 8px; }
#clock-now { white-space: nowrap; font-family: var(--mono); font-size: 15px; font-weight: 600; font-variant-numeric: tabular-nums; }
.clock-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
.clock-controls > button { padding: 3px 8px; font-variant-numeric: tabular-nums; }
.chip { display: inline-block; border-radius: 999px; padding: 0 8px; font-size: 12px; background: var(--hover); border: 1px solid var(--line); margin-right: 4px; }
.chip.frozen { background: var(--k-running-bg); color: var(--k-running); border-color: transparent; }
.chip.running { background: var(--k-ok-bg); color: var(--k-ok); border-color: transparent; }
.chip.bad { background: var(--k-failed-bg); color: var(--k-failed); border-color: transparent; }
.links { display: flex; align-items: center; gap: 12px; }
.live { font-size: 12px; color: var(--muted); display: inline-flex; align-items: center; gap: 6px; }
.live::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--muted); }
.live.live::before { background: var(--k-ok); }
.live.error::before, .live.token::before { background: var(--k-failed); }
.live.error, .live.token { color: var(--k-failed); }
.menu { position: relative; }
.menu > summary { list-style: none; cursor: pointer; border: 1px solid var(--line); border-radius: 6px; padding: 3px 10px; background: var(--panel); }
.menu > summary::-webkit-details-marker { display: none; }
.menu > summary::after { content: " ▾"; color: var(--muted); }
.menu-body { position: absolute; right: 0; top: calc(100% + 4px); z-index: 20; min-width: 280px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; box-shadow: 0 8px 24px rgba(0,0,0,.12); display: grid; gap: 10px; }
.menu-body form { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0; }
.menu-body p { margin: 0; width: 100%; }
.spec { border-bottom: 1px solid var(--line); padding-bottom: 8px; }

.tabs { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 2px; padding: 0 16px; background: var(--panel); border-bottom: 1px solid var(--line); }
.tabs [role=tab] { border: none; border-bottom: 2px solid transparent; border-radius: 0; padding: 10px 12px; background: none; color: var(--muted); }
.tabs [role=tab][aria-selected=true] { color: var(--fg); border-bottom-color: var(--accent); font-weight: 600; }
.count { color: var(--muted); font-weight: 400; font-variant-numeric: tabular-nums; }
.filters { margin: 0 0 0 auto; display: flex; flex-wrap: wrap; gap: 10px; align-items: center; padding: 6px 0; }
.filters label { color: var(--muted); font-size: 13px; display: inline-flex; gap: 4px; align-items: center; }

main { padding: 12px 16px 60px; }
.split { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; align-items: start; }
body.has-detail .split { grid-template-columns: minmax(0, 1fr) minmax(380px, 38%); }
.grid { width: 100%; border-collapse: collapse; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.grid th { text-align: left; font-weight: 600; font-size: 12px; color: var(--muted); padding: 7px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
.grid td { padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: middle; white-space: nowrap; }
.grid tbody tr:last-child td { border-bottom: none; }
.grid .num { text-align: right; font-variant-numeric: tabular-nums; }
.jobs tbody tr, .journal tr.entry { cursor: pointer; }
.jobs tbody tr:hover, .journal tr.entry:hover { background: var(--hover); }
.jobs tbody tr.selected { background: var(--sel); }
.jobs td.id { max-width: 300px; overflow: hidden; text-overflow: ellipsis; }
body.has-detail .jobs .c-type, body.has-detail .jobs .c-created { display: none; }
body.has-detail .jobs td.id { max-width: 200px; }
.list { min-width: 0; overflow-x: auto; }
.empty { padding: 24px; text-align: center; color: var(--muted); background: var(--panel); border: 1px dashed var(--line); border-radius: 8px; }
.create { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin-top: 12px; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
.create label { color: var(--muted); font-size: 13px; display: inline-flex; gap: 4px; align-items: center; }
.create .small { margin-left: auto; }

.pill { display: inline-block; min-width: 76px; text-align: center; border-radius: 999px; padding: 1px 10px; font-size: 12px; font-weight: 600; color: var(--k-ended); background: var(--k-ended-bg); }
.k-queued { --k: var(--k-queued); --kb: var(--k-queued-bg); }
.k-running { --k: var(--k-running); --kb: var(--k-running-bg); }
.k-retry { --k: var(--k-retry); --kb: var(--k-retry-bg); }
.k-ok { --k: var(--k-ok); --kb: var(--k-ok-bg); }
.k-failed { --k: var(--k-failed); --kb: var(--k-failed-bg); }
.k-partial { --k: var(--k-partial); --kb: var(--k-partial-bg); }
.k-cancelled { --k: var(--k-cancelled); --kb: var(--k-cancelled-bg); }
.k-ended, .k-other { --k: var(--k-ended); --kb: var(--k-ended-bg); }
.pill[class*=k-] { color: var(--k); background: var(--kb); }

.detail { position: sticky; top: 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; max-height: calc(100vh - 24px); overflow: auto; }
.detail-in { padding: 12px 16px 16px; }
.detail-head { display: flex; align-items: center; gap: 10px; }
.detail-head h2 { flex: 1; margin: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 14px; }
.detail p { margin: 6px 0 10px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; }
.actions.move label { display: inline-flex; gap: 4px; align-items: center; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 12px 0 0; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 4px; }
.timeline li { position: relative; display: flex; gap: 10px; padding: 0 0 12px 0; }
.timeline li::before { content: ""; position: absolute; left: 5px; top: 14px; bottom: -2px; width: 2px; background: var(--line); }
.timeline li:last-child::before { display: none; }
.timeline .dot { flex: none; width: 12px; height: 12px; margin-top: 4px; border-radius: 50%; background: var(--k); border: 2px solid var(--k); z-index: 1; }
.timeline .future .dot { background: var(--panel); }
.timeline .future .step-main { opacity: .7; }
.timeline .current .dot { box-shadow: 0 0 0 4px var(--kb); }
.timeline .current strong { color: var(--k); }
.timeline li.now { padding-bottom: 12px; }
.timeline li.now span { margin-left: 18px; font-size: 11px; font-weight: 600; color: var(--accent); border-top: 1px dashed var(--accent); padding: 0 6px; flex: 1; }
pre.code { margin: 0; padding: 8px 10px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; font-family: var(--mono); font-size: 12px; max-height: 260px; overflow: auto; white-space: pre-wrap; word-break: break-word; }

.toolbar { display: flex; align-items: center; justify-content: space-between; margin-bottom: 8px; }
.journal td.path { max-width: 420px; overflow: hidden; text-overflow: ellipsis; }
.status { font-family: var(--mono); font-weight: 600; padding: 0 6px; border-radius: 4px; }
.s-2 { color: var(--k-ok); background: var(--k-ok-bg); }
.s-3 { color: var(--k-running); background: var(--k-running-bg); }
.s-4 { color: var(--k-retry); background: var(--k-retry-bg); }
.s-5, .s-0 { color: var(--k-failed); background: var(--k-failed-bg); }
.journal tr.open { background: var(--hover); }
.journal tr.bodies td { background: var(--hover); white-space: normal; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; align-items: start; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card .grid { border-radius: 6px; }
.seg { display: inline-flex; }
.seg button { border-radius: 0; margin-left: -1px; font-size: 12px; }
.seg button:first-child { border-radius: 6px 0 0 6px; }
.seg button:last-child { border-radius: 0 6px 6px 0; }
.seg button[aria-pressed=true] { background: var(--accent-bg); color: var(--accent); border-color: var(--accent); position: relative; }
.fault-form { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 10px; }
.fault-form label, #tenant-form { font-size: 13px; color: var(--muted); display: inline-flex; gap: 4px; align-items: center; }
#tenant-form { margin-top: 10px; }

.toast { position: fixed; left: 50%; bottom: 16px; transform: translateX(-50%); max-width: min(720px, 92vw); background: #111827; color: #f9fafb; padding: 8px 14px; border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.2); opacity: 0; pointer-events: none; transition: opacity .15s; z-index: 50; }
.toast.show { opacity: 1; }
.toast.bad { background: #7f1d1d; }
dialog { border: 1px solid var(--line); border-radius: 10px; background: var(--panel); color: var(--fg); max-width: 440px; }
dialog::backdrop { background: rgba(15,17,21,.45); }
dialog input { width: 100%; margin: 6px 0 12px; }
dialog .actions { justify-content: flex-end; }

@media (max-width: 960px) {
  body.has-detail .split { grid-template-columns: minmax(0, 1fr); }
  .detail { position: fixed; inset: 0; top: 0; max-height: none; border-radius: 0; z-index: 30; }
  .c-type, .c-updated { display: none; }
  .filters { margin-left: 0; width: 100%; }
  .create .small { display: none; }
}
@media (max-width: 600px) {
  .bar { gap: 8px; padding: 8px 12px; }
  .brand { order: 0; }
  .links { order: 1; margin-left: auto; }
  .clock { order: 2; flex-basis: 100%; }
  .clock-controls > .muted { display: none; }
  main { padding: 10px 8px 60px; }
  .tabs { padding: 0 8px; }
  .jobs th:nth-child(4), .jobs td:nth-child(4) { display: none; }
  .jobs td.id { max-width: 140px; }
  .journal td:nth-child(5), .journal th:nth-child(5), .journal td:nth-child(6), .journal th:nth-child(6) { display: none; }
}
`;
