// What a person reads in a terminal or a CI log: one block per failure, a summary table, and a progress
// line. Text from the target is untrusted: control characters are shown escaped so a body cannot move
// the cursor or inject escape codes, and colour is only added on a TTY without NO_COLOR.
import type { CheckSummary, ExchangeRecord, Failure, Incomplete, ProgressEvent, RunResult } from '../runner/types.js';

export interface FormatOptions {
  /** default: stdout is a TTY; NO_COLOR always wins */
  color?: boolean;
}

/** https://no-color.org: set and not empty */
export function noColor(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

function useColor(options: FormatOptions | undefined): boolean {
  return (options?.color ?? process.stdout.isTTY === true) && !noColor();
}

export type Paint = (code: string, text: string) => string;
const painter = (on: boolean): Paint => (on ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text);
const RED = '31';
const GREEN = '32';
const YELLOW = '33';
const DIM = '2';
const BOLD = '1';

/**
 * Shows C0/C1 controls (but \n and \t), DEL and lone surrogates as escapes, so untrusted text is inert.
 * U+2028/2029 too: some viewers treat them as line breaks.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** One line of text, for places where a newline would break the layout (table cells, the progress line). */
const oneLine = (text: string): string => visible(text.replace(/\r\n|\r|\n/g, ' ⏎ '));

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** The start of a body: enough to recognise an error page or a JSON error, not the whole thing. */
function excerpt(body: string, maxChars = 400, maxLines = 6): string {
  let text = body.length > maxChars ? `${body.slice(0, maxChars)}…` : body;
  const lines = text.split('\n');
  if (lines.length > maxLines) text = `${lines.slice(0, maxLines).join('\n')}\n…`;
  return visible(text);
}

function exchangeLines(record: ExchangeRecord, paint: Paint): string[] {
  const lines = [`> ${record.method} ${oneLine(record.url)}`];
  if (record.requestBody) lines.push(indent(excerpt(record.requestBody, 200, 3), '> '));
  if (record.error !== undefined) lines.push(paint(RED, `< ${oneLine(record.error)}`) + paint(DIM, ` (${record.ms} ms)`));
  else {
    const status = `< ${record.status ?? '?'}`;
    lines.push(paint((record.status ?? 0) >= 500 ? RED : BOLD, status) + paint(DIM, ` (${record.ms} ms)`));
    if (record.responseBody) lines.push(indent(excerpt(record.responseBody), '< '));
  }
  return lines;
}

/**
 * The plain text of a failure, after its header: message, expected/received, observations, exchanges,
 * curl and replay. Shared with the JUnit report.
 */
export function failureBody(f: Failure, paint: Paint = painter(false)): string[] {
  const out = [visible(f.message)];
  if (f.expected !== undefined) out.push(`${paint(GREEN, 'expected:')} ${visible(f.expected)}`);
  if (f.received !== undefined) out.push(`${paint(RED, 'received:')} ${visible(f.received)}`);
  if (f.observations && f.observations.length > 0) {
    out.push('observations:');
    for (const line of f.observations) out.push(`  ${oneLine(line)}`);
  }
  const shown = f.exchanges.slice(-2);
  if (shown.length > 0) {
    out.push(f.exchanges.length > shown.length ? `last ${shown.length} of ${f.exchanges.length} exchanges:` : 'exchanges:');
    for (const record of shown) out.push(indent(exchangeLines(record, paint).join('\n'), '  '));
  }
  out.push(`curl: ${visible(f.curl)}`);
  out.push(`replay: ${visible(f.replayCommand)}`);
  return out;
}

/** `index` is the number the block shows (from 1). */
export function formatFailure(f: Failure, index: number, options?: FormatOptions): string {
  const paint = painter(useColor(options));
  const header = `${index}. [${oneLine(f.check)}] ${oneLine(f.operation)} (${oneLine(f.endpoint)}) ×${f.count} ${paint(f.severity === 'error' ? RED : YELLOW, f.severity)}`;
  return [paint(BOLD, header), ...failureBody(f, paint).map((part) => indent(part, '   '))].join('\n');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}

function checkRow(c: CheckSummary): string[] {
  return c.skipped !== undefined ? [oneLine(c.name), '-', '-', `skipped: ${oneLine(c.skipped)}`] : [oneLine(c.name), String(c.judged), String(c.failures), ''];
}

/** The failures that decide the verdict: errors; warnings only if the run failed with nothing else. */
export function verdict(result: RunResult): { passed: boolean; incomplete: boolean; failures: number; checks: number; warnings: number } {
  const errors = result.failures.filter((f) => f.severity === 'error');
  const counted = errors.length > 0 || result.exitCode !== 1 ? errors : result.failures;
  return {
    passed: result.exitCode === 0,
    incomplete: result.incomplete !== undefined,
    failures: counted.length,
    checks: new Set(counted.map((f) => f.check)).size,
    warnings: result.failures.length - errors.length,
  };
}

export function formatSummary(result: RunResult, options?: FormatOptions): string {
  const paint = painter(useColor(options));
  const rows = [['check', 'judged', 'failures', ''], ...result.checks.map(checkRow)];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r, n) => {
    const cells = [r[0].padEnd(widths[0]), r[1].padStart(widths[1]), r[2].padStart(widths[2])];
    // paint after padding: escape codes would count as width
    if (n === 0) return paint(BOLD, cells.join('  '));
    if (r[3]) return paint(DIM, `${cells.join('  ')}  ${r[3]}`);
    if (r[2] !== '0') cells[2] = paint(RED, cells[2]);
    return cells.join('  ');
  });
  lines.push('');
  for (const s of result.skipped) lines.push(paint(DIM, `skipped ${s.phase}: ${oneLine(s.reason)}`));
  for (const note of result.assumptions ?? []) lines.push(paint(DIM, oneLine(note)));
  if (result.incomplete) lines.push(...incompleteLines(result.incomplete).map((line, i) => paint(i === 0 ? YELLOW : DIM, line)));
  const seconds = result.wallMs / 1000;
  const rate = seconds > 0 ? (result.exchanges / seconds).toFixed(1) : '-';
  lines.push(`exchanges: ${result.exchanges}   wall time: ${formatDuration(result.wallMs)}   exchanges/s: ${rate}   seed: ${result.seed}`);
  const v = verdict(result);
  if (v.passed && v.warnings > 0) lines.push(paint(YELLOW, `${v.warnings} warning${v.warnings === 1 ? '' : 's'}`));
  const failed = `FAILED: ${v.failures} failure${v.failures === 1 ? '' : 's'} in ${v.checks} check${v.checks === 1 ? '' : 's'}`;
  if (v.passed) lines.push(paint(GREEN, 'PASSED'));
  else if (result.exitCode === 1) lines.push(paint(RED, v.incomplete ? `${failed} (INCOMPLETE: not everything ran)` : failed));
  else lines.push(paint(YELLOW, 'INCOMPLETE: no failure found, but the run did not finish'));
  return lines.join('\n');
}

const NOT_RUN_SHOWN = 30;

/** What an interrupted run says about itself: why and where it stopped, and what did not run. */
export function incompleteLines(incomplete: Incomplete, shown = NOT_RUN_SHOWN): string[] {
  const lines = [`incomplete: ${oneLine(incomplete.message)}`];
  if (incomplete.phasesNotRun.length) lines.push(`phases not run: ${incomplete.phasesNotRun.join(', ')}`);
  const props = incomplete.propertiesNotRun;
  if (props.length) {
    const more = props.length > shown ? `, and ${props.length - shown} more (the JSON report lists all)` : '';
    lines.push(`properties not run: ${props.slice(0, shown).map(oneLine).join(', ')}${more}`);
  }
  return lines;
}

/** The progress callback; `done()` erases the TTY line (call it before printing the summary). */
export type ProgressPrinter = ((e: ProgressEvent) => void) & { done(): void };

const ERASE = '\r\x1b[2K';
const MIN_INTERVAL_MS = 100;

export function createProgress(stream: NodeJS.WriteStream, isTty: boolean): ProgressPrinter {
  if (!isTty) {
    // logs: only what changes rarely, and no escape codes
    const plain = ((e: ProgressEvent) => {
      if (e.kind === 'phase') stream.write(`phase: ${e.phase}\n`);
      else if (e.kind === 'skip') stream.write(`skipped ${e.phase}: ${oneLine(e.reason)}\n`);
      else if (e.kind === 'note') stream.write(`${e.phase}: ${oneLine(e.text)}\n`);
    }) as ProgressPrinter;
    plain.done = () => {};
    return plain;
  }
  const paint = painter(!noColor());
  const state = { phase: '', property: '', exchanges: 0, failures: 0 };
  let lastDraw = 0;
  let shown = false;
  const line = (): string => {
    const parts = [state.phase || 'starting'];
    if (state.property) parts.push(state.property);
    parts.push(`${state.exchanges} exchanges`);
    let text = parts.join(' · ');
    const failures = `${state.failures} failure${state.failures === 1 ? '' : 's'}`;
    // a wrapped line cannot be rewritten with \r: keep within the terminal's width
    const room = (stream.columns || 80) - 1 - failures.length - 3;
    if (text.length > room) text = `${text.slice(0, Math.max(0, room - 1))}…`;
    return `${text} · ${state.failures > 0 ? paint(RED, failures) : failures}`;
  };
  const draw = (): void => {
    lastDraw = Date.now();
    shown = true;
    stream.write(ERASE + line());
  };
  // throttled by dropping, not deferring: a deferred draw could land after the caller has printed
  // the report. Phases, skips and the first failure show at once; counts may lag by 100 ms.
  const maybeDraw = (force: boolean): void => {
    if (force || Date.now() - lastDraw >= MIN_INTERVAL_MS) draw();
  };

  const printer = ((e: ProgressEvent) => {
    switch (e.kind) {
      case 'phase':
        state.phase = e.phase;
        state.property = '';
        maybeDraw(true);
        return;
      case 'property':
        state.phase = e.phase;
        state.property = `${oneLine(e.name)} (${e.runs} runs)`;
        break;
      case 'exchange': {
        const firstFailure = state.failures === 0 && e.failures > 0;
        state.exchanges = e.count;
        state.failures = e.failures;
        maybeDraw(firstFailure);
        return;
      }
      case 'skip':
        // a skip stays on screen: print it above the progress line
        stream.write(`${ERASE}${paint(DIM, `skipped ${e.phase}: ${oneLine(e.reason)}`)}\n`);
        maybeDraw(true);
        return;
      case 'note':
        stream.write(`${ERASE}${paint(DIM, `${e.phase}: ${oneLine(e.text)}`)}\n`);
        maybeDraw(true);
        return;
    }
    maybeDraw(false);
  }) as ProgressPrinter;
  printer.done = () => {
    if (shown) stream.write(ERASE);
    shown = false;
  };
  return printer;
}
