// One failure as a collapsible section: what was expected and received, the job's observations as a
// timeline, the exchanges that show it (request line, headers, bodies, status), and the curl and replay
// lines with copy buttons. Everything from the target is escaped and bounded (html-escape.ts).
import type { ExchangeRecord, Failure } from '../runner/types.js';
import { esc } from './html-escape.js';
import { failingIndex, stateOf, timelineSvg } from './html-timeline.js';

/** Headers shown per message: a target could send thousands. */
const HEADER_LIMIT = 40;

function headerList(headers: Record<string, string> | undefined): string {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return '';
  const shown = entries.slice(0, HEADER_LIMIT).map(([k, v]) => `<span class="hname">${esc(k, 200)}:</span> ${esc(v, 1000)}`);
  if (entries.length > HEADER_LIMIT) shown.push(`… ${entries.length - HEADER_LIMIT} more headers`);
  return `<pre class="headers">${shown.join('\n')}</pre>`;
}

function body(text: string | undefined, label: string): string {
  if (text === undefined || text === '') return '';
  return `<div class="body-label">${label}</div><pre class="body">${esc(text)}</pre>`;
}

function exchangeBlock(x: ExchangeRecord, last: boolean): string {
  const status =
    x.error !== undefined
      ? `<span class="status err">${esc(x.error, 500)}</span>`
      : `<span class="status${(x.status ?? 0) >= 500 ? ' err' : (x.status ?? 0) >= 400 ? ' warn' : ''}">HTTP ${esc(x.status ?? '?')}</span>`;
  return (
    `<div class="exchange${last ? ' last' : ''}" data-seq="${x.seq}">` +
    `<div class="reqline"><span class="seq">#${x.seq}</span> <span class="method">${esc(x.method, 20)}</span> <span class="url">${esc(x.url, 2000)}</span></div>` +
    headerList(x.requestHeaders) +
    body(x.requestBody, 'request body') +
    `<div class="resline">→ ${status} <span class="ms">${esc(x.ms)} ms</span>${last ? ' <span class="tag">the request the curl line repeats</span>' : ''}</div>` +
    headerList(x.responseHeaders) +
    body(x.responseBody, 'response body') +
    `</div>`
  );
}

function copyLine(id: string, label: string, text: string): string {
  return (
    `<div class="cmd"><div class="cmd-head"><span class="cmd-label">${label}</span>` +
    `<button type="button" class="copy" data-copy="${id}">Copy</button></div>` +
    `<pre class="cmd-text" id="${id}">${esc(text, 16_384)}</pre></div>`
  );
}

function observationsBlock(f: Failure, failingSeq: number | undefined): string {
  const timeline = f.timeline ?? [];
  if (timeline.length > 0) {
    const fail = failingIndex(timeline, failingSeq);
    const t0 = Math.min(...timeline.map((o) => o.at));
    // the text lines carry the times each answer stated; the records, when each was read
    const items = timeline.map((o, i) => {
      const line = f.observations?.[i] ?? stateOf(o);
      return `<li${i === fail ? ' class="failing"' : ''}><span class="at">+${o.at - t0} ms</span> ${esc(line, 600)}${i === fail ? ' <span class="tag">failing</span>' : ''}</li>`;
    });
    return `<h4>Observations</h4><div class="chart">${timelineSvg(timeline, failingSeq)}</div><ol class="observations">${items.join('')}</ol>`;
  }
  if (f.observations && f.observations.length > 0) {
    // a record from before observation times were kept: the lines alone
    return `<h4>Observations</h4><ol class="observations">${f.observations.map((line) => `<li>${esc(line, 600)}</li>`).join('')}</ol>`;
  }
  return '';
}

/** `index` is the number shown (from 1), `id` the section's fragment id, `open` whether it starts expanded. */
export function failureSection(f: Failure, index: number, id: string, open: boolean): string {
  const failingSeq = f.exchanges.at(-1)?.seq;
  const firstLine = f.message.split('\n')[0];
  const summary =
    `<summary><span class="idx">${index}.</span> <span class="sev ${f.severity === 'error' ? 'error' : 'warning'}">${f.severity === 'error' ? 'error' : 'warning'}</span> ` +
    `<span class="fcheck">${esc(f.check, 80)}</span> <span class="fop">${esc(f.operation, 120)}</span> <span class="fend">${esc(f.endpoint, 200)}</span>` +
    `${f.count > 1 ? ` <span class="count">×${f.count}</span>` : ''}<span class="fmsg">${esc(firstLine, 300)}</span></summary>`;
  const facts =
    `<dl class="facts"><dt>check</dt><dd>${esc(f.check, 80)} — ${esc(f.title, 200)}</dd><dt>phase</dt><dd>${esc(f.phase)}</dd>` +
    `<dt>severity</dt><dd>${f.severity === 'error' ? 'error' : 'warning'}</dd><dt>seen</dt><dd>${f.count} time${f.count === 1 ? '' : 's'}</dd></dl>`;
  const evr =
    f.expected !== undefined || f.received !== undefined
      ? `<div class="evr"><div class="expected"><div class="evr-label">expected</div><pre>${esc(f.expected ?? '')}</pre></div>` +
        `<div class="received"><div class="evr-label">received</div><pre>${esc(f.received ?? '')}</pre></div></div>`
      : '';
  const exchanges = f.exchanges.length > 0 ? `<h4>Exchanges</h4>${f.exchanges.map((x, i) => exchangeBlock(x, i === f.exchanges.length - 1)).join('')}` : '';
  return (
    `<details class="failure ${f.severity === 'error' ? 'error' : 'warning'}" id="${id}"${open ? ' open' : ''}>${summary}<div class="fbody">` +
    `<pre class="message">${esc(f.message)}</pre>${facts}${evr}${observationsBlock(f, failingSeq)}${exchanges}` +
    copyLine(`${id}-curl`, 'curl', f.curl) +
    copyLine(`${id}-replay`, 'replay', f.replayCommand) +
    `</div></details>`
  );
}
