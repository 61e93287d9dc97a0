// The report's only style sheet and script, inlined in the page and allowed by their hashes in its CSP:
// nothing else may run or style the page, whatever a target's text contains. System fonts only, so the
// file renders the same offline. The script copies command lines, expands or collapses every failure,
// and opens them all for printing.

export const STYLE = `
:root{--fg:#1d1f23;--muted:#5b6270;--line:#d9dde3;--bg:#fff;--soft:#f5f6f8;--red:#c62828;--red-bg:#fdecea;--green:#1b7a3d;--green-bg:#e8f5ec;--amber:#9a6700;--amber-bg:#fff4d6;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Liberation Sans",sans-serif}
main{max-width:1200px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h4{font-size:13px;margin:16px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
pre{font-family:var(--mono);font-size:12.5px;white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.verdict{display:inline-block;font-weight:700;font-size:15px;padding:3px 10px;border-radius:4px;margin-right:10px}
.verdict.passed{background:var(--green-bg);color:var(--green)}
.verdict.failed{background:var(--red-bg);color:var(--red)}
.verdict.incomplete{background:var(--amber-bg);color:var(--amber)}
.headline{display:flex;align-items:center;flex-wrap:wrap;gap:6px;margin:8px 0 14px}
.headline .counts{font-size:15px}
.summary{display:grid;grid-template-columns:max-content 1fr;gap:3px 16px;margin:0}
.summary dt{color:var(--muted)}
.summary dd{margin:0;font-family:var(--mono);font-size:13px;overflow-wrap:anywhere}
.notes{margin:10px 0 0;padding-left:18px;color:var(--amber)}
.matrix-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:4px}
table.matrix{border-collapse:collapse;font-size:12.5px;min-width:100%}
.matrix th,.matrix td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:center;vertical-align:middle}
.matrix thead th{background:var(--soft);position:sticky;top:0}
.matrix th.op{vertical-align:bottom;font-weight:600;min-width:6em;max-width:13em;font-family:var(--mono);font-size:11.5px;overflow-wrap:anywhere;word-break:break-word}
.matrix th.check{text-align:left;font-weight:400;white-space:nowrap}
.matrix th.check .name{font-family:var(--mono);display:block}
.matrix th.check .title{color:var(--muted);font-size:11.5px}
.matrix td.num{font-family:var(--mono);color:var(--muted)}
.matrix td.num.bad{color:var(--red);font-weight:700}
.cell.pass{color:var(--green)}
.cell.pass .n{color:var(--muted);font-size:11px}
.cell.fail{background:var(--red-bg);font-weight:700}
.cell.fail a{color:var(--red)}
.cell.warn{background:var(--amber-bg)}
.cell.warn a{color:var(--amber)}
.cell.none{color:#b5bac2}
td.skip{color:var(--muted);text-align:left;font-style:italic}
.toolbar{display:flex;gap:8px;margin:0 0 10px}
button{font:inherit;font-size:12px;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:var(--soft);color:var(--fg);cursor:pointer}
button:hover{background:#e9ecf0}
html:not(.js) button{display:none}
details.failure{border:1px solid var(--line);border-left:4px solid var(--red);border-radius:4px;margin:0 0 12px;background:var(--bg)}
details.failure.warning{border-left-color:var(--amber)}
details.failure>summary{cursor:pointer;padding:8px 12px;background:var(--soft);list-style-position:inside}
details.failure[open]>summary{border-bottom:1px solid var(--line)}
summary .idx{font-weight:700}
summary .sev{font-size:11px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:3px}
summary .sev.error{background:var(--red-bg);color:var(--red)}
summary .sev.warning{background:var(--amber-bg);color:var(--amber)}
summary .fcheck,summary .fop{font-family:var(--mono);font-weight:600}
summary .fend{font-family:var(--mono);color:var(--muted)}
summary .count{color:var(--muted)}
summary .fmsg{display:block;margin:2px 0 0 1.2em;color:var(--fg);overflow-wrap:anywhere}
details[open]>summary .fmsg{display:none}
.fbody{padding:10px 14px 14px}
.message{font-size:13px;margin-bottom:8px}
.facts{display:grid;grid-template-columns:repeat(4,max-content max-content);gap:2px 10px;margin:0 0 10px;font-size:12.5px}
.facts dt{color:var(--muted)}
.facts dd{margin:0 14px 0 0}
.evr{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.evr>div{border:1px solid var(--line);border-radius:4px;padding:6px 8px}
.expected{background:var(--green-bg)}
.received{background:var(--red-bg)}
.evr-label{font-size:11px;font-weight:700;text-transform:uppercase;color:var(--muted);margin-bottom:2px}
.chart{overflow-x:auto}
svg.timeline{display:block;max-width:100%;height:auto;font-family:system-ui,sans-serif}
ol.observations{margin:6px 0 0;padding-left:28px;font-family:var(--mono);font-size:12px}
ol.observations li.failing{color:var(--red);font-weight:600}
ol.observations .at{color:var(--muted);display:inline-block;min-width:6.5em}
.tag{font-family:system-ui,sans-serif;font-size:11px;font-weight:600;color:var(--red);border:1px solid var(--red);border-radius:3px;padding:0 4px}
.exchange{border:1px solid var(--line);border-radius:4px;padding:6px 8px;margin:0 0 8px;background:#fcfcfd}
.exchange.last{border-color:#e4a5a5}
.reqline,.resline{font-family:var(--mono);font-size:12.5px;overflow-wrap:anywhere}
.reqline .method{font-weight:700}
.seq,.ms{color:var(--muted)}
.status{font-weight:700}
.status.err{color:var(--red)}
.status.warn{color:var(--amber)}
pre.headers{color:#3a3f47;margin:2px 0 4px 1.5em;font-size:12px}
.hname{color:var(--muted)}
.body-label{font-size:11px;color:var(--muted);margin:4px 0 0 1.5em}
pre.body{margin:0 0 4px 1.5em;padding:4px 6px;background:var(--soft);border-radius:3px;max-height:18em;overflow:auto}
.cmd{margin:10px 0 0}
.cmd-head{display:flex;align-items:center;gap:10px;margin-bottom:2px}
.cmd-label{font-size:11px;font-weight:700;text-transform:uppercase;color:var(--muted)}
pre.cmd-text{background:#1f2329;color:#e8eaed;padding:8px 10px;border-radius:4px}
.none-found{color:var(--green);font-weight:600}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{
  body{font-size:10.5pt}
  main{max-width:none;padding:0}
  button,.toolbar{display:none!important}
  .matrix-wrap,.chart{overflow:visible;border:0}
  .matrix thead th{position:static}
  details.failure{break-inside:auto;border-left-width:3px}
  details.failure>summary{break-after:avoid}
  .exchange,.evr,svg.timeline{break-inside:avoid}
  pre.body{max-height:none;overflow:visible}
  pre.cmd-text{background:none;color:var(--fg);border:1px solid var(--line)}
  a{color:inherit;text-decoration:none}
}
`;

export const SCRIPT = `
(function () {
  document.documentElement.classList.add('js');
  function flash(button, text) {
    button.textContent = text;
    setTimeout(function () { button.textContent = 'Copy'; }, 1500);
  }
  function copy(button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    var text = source.textContent;
    function select() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      flash(button, ok ? 'Copied' : 'Selected: press Ctrl+C');
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { flash(button, 'Copied'); }, select);
    } else select();
  }
  function setAll(open) {
    document.querySelectorAll('details.failure').forEach(function (d) { d.open = open; });
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button');
    if (!button) return;
    if (button.hasAttribute('data-copy')) copy(button);
    else if (button.id === 'expand-all') setAll(true);
    else if (button.id === 'collapse-all') setAll(false);
  });
  // a printed report shows every failure; the screen gets back what was open
  var before = [];
  window.addEventListener('beforeprint', function () {
    before = [];
    document.querySelectorAll('details.failure').forEach(function (d) { before.push([d, d.open]); d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    before.forEach(function (pair) { pair[0].open = pair[1]; });
  });
})();
`;
