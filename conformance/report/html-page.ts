// The run as one self-contained HTML page: summary, check matrix, and a collapsible section per failure.
// Built from the same RunResult as the console, JUnit and JSON reports (same numbering, same verdict
// text), so they cannot disagree. Nothing is fetched at view time: the style sheet and script are
// inline and the Content-Security-Policy allows those two (by hash) and nothing else, so even a
// target's text that slipped past escaping could not load or run anything.
import { createHash } from 'node:crypto';
import type { Failure, RunResult } from '../runner/types.js';
import { formatDuration, incompleteLines, verdict } from './console.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { esc } from './html-escape.js';
import { failureSection } from './html-failure.js';
import { matrixTable } from './html-matrix.js';

/** Failures shown expanded when the page opens; the rest start collapsed. */
const OPEN_FAILURES = 3;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export const CSP = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

/** The verdict line, as the console's summary ends. */
export function verdictText(result: RunResult): string {
  const v = verdict(result);
  if (v.passed) return 'PASSED';
  const failed = `FAILED: ${v.failures} failure${v.failures === 1 ? '' : 's'} in ${v.checks} check${v.checks === 1 ? '' : 's'}`;
  if (result.exitCode === 1) return v.incomplete ? `${failed} (INCOMPLETE: not everything ran)` : failed;
  return 'INCOMPLETE: no failure found, but the run did not finish';
}

/** PASSED, FAILED, or INCOMPLETE for a run that found nothing but did not finish. */
function headline(result: RunResult): 'PASSED' | 'FAILED' | 'INCOMPLETE' {
  return result.exitCode === 0 ? 'PASSED' : result.exitCode === 1 ? 'FAILED' : 'INCOMPLETE';
}

function summary(result: RunResult): string {
  const v = verdict(result);
  const passed = result.checks.filter((c) => c.skipped === undefined && c.failures === 0).length;
  const failed = new Set(result.failures.map((f) => f.check)).size;
  const skipped = result.checks.filter((c) => c.skipped !== undefined && c.failures === 0).length;
  const rows: Array<[string, string]> = [
    ['target', esc(result.target, 500)],
    ['API', esc(result.api, 200)],
    ['seed', esc(result.seed)],
    ['runs per property', esc(result.runs)],
    ['started', esc(result.startedAt)],
    ['duration', esc(formatDuration(result.wallMs))],
    ['exchanges', esc(result.exchanges)],
    ['checks', `${passed} passed, ${failed} with failures, ${skipped} skipped`],
  ];
  if (v.warnings > 0) rows.push(['warnings', String(v.warnings)]);
  const notes = result.skipped.map((s) => `<li>skipped ${esc(s.phase)}: ${esc(s.reason, 500)}</li>`);
  for (const note of result.assumptions ?? []) notes.push(`<li>${esc(note, 500)}</li>`);
  if (result.incomplete) notes.unshift(...incompleteLines(result.incomplete).map((line) => `<li>${esc(line, 4000)}</li>`));
  else if (result.timedOut) notes.unshift('<li>the time limit was reached before the run was done</li>');
  const word = headline(result);
  return (
    `<div class="headline"><span class="verdict ${word.toLowerCase()}" id="verdict">${word}</span>` +
    `<span class="counts" id="counts">${esc(verdictText(result))}</span></div>` +
    `<dl class="summary">${rows.map(([k, value]) => `<dt>${k}</dt><dd>${value}</dd>`).join('')}</dl>` +
    (notes.length ? `<ul class="notes">${notes.join('')}</ul>` : '')
  );
}

function failures(result: RunResult, anchors: Map<Failure, string>): string {
  if (result.failures.length === 0) return `<h2>Failures</h2><p class="none-found">No failures: every check that ran passed.</p>`;
  const toolbar = `<div class="toolbar"><button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></div>`;
  const sections = result.failures.map((f, i) => failureSection(f, i + 1, anchors.get(f)!, i < OPEN_FAILURES));
  return `<h2>Failures (${result.failures.length})</h2>${toolbar}${sections.join('')}`;
}

export function toHtmlReport(result: RunResult): string {
  const anchors = new Map(result.failures.map((f, i) => [f, `failure-${i + 1}`]));
  const v = verdict(result);
  const title = `jobtwin conform: ${result.api}: ${v.passed ? 'PASSED' : 'FAILED'}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title, 300)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>jobtwin conform — ${esc(result.api, 200)}</h1>`,
    summary(result),
    `<h2>Check matrix</h2><div class="matrix-wrap">${matrixTable(result, anchors)}</div>`,
    failures(result, anchors),
    `<footer>jobtwin conform · report of ${esc(result.startedAt)} · seed ${esc(result.seed)} · the same run as the JSON and JUnit reports</footer>`,
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
