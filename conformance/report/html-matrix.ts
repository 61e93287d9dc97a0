// The check matrix: a row per check, a column per operation. A cell says whether the check judged that
// operation and how it went: failed (with a link to the first failure), warned, passed (how many times
// judged), or not judged. A check that judged nothing is one row-wide cell with the reason it was skipped.
import type { Failure, RunResult } from '../runner/types.js';
import { esc } from './html-escape.js';

/** An operationId with break points after `_` and before inner capitals, so long ids wrap in a narrow column. */
function breakable(op: string): string {
  return esc(op, 80)
    .replace(/_+/g, '$&<wbr>')
    .replace(/([a-z])([A-Z])/g, '$1<wbr>$2');
}

export type CellKind = 'fail' | 'warn' | 'pass' | 'none';

/** The operations in the order first met: in the checks' judgements, then in failures. */
export function matrixOperations(result: RunResult): string[] {
  const ops: string[] = [];
  for (const c of result.checks) for (const op of Object.keys(c.byOperation ?? {})) if (!ops.includes(op)) ops.push(op);
  for (const f of result.failures) if (!ops.includes(f.operation)) ops.push(f.operation);
  return ops;
}

export function cellKind(judged: number, failures: Failure[]): CellKind {
  if (failures.some((f) => f.severity === 'error')) return 'fail';
  if (failures.length > 0) return 'warn';
  return judged > 0 ? 'pass' : 'none';
}

/** `anchors` maps a failure to its section's id, for the links from failing cells. */
export function matrixTable(result: RunResult, anchors: Map<Failure, string>): string {
  const ops = matrixOperations(result);
  // checks in the summary's order; a failure of a check the summary lacks still gets its row
  const names = result.checks.map((c) => c.name);
  for (const f of result.failures) if (!names.includes(f.check)) names.push(f.check);
  const head = `<tr><th scope="col" class="check">check</th>${ops.map((op) => `<th scope="col" class="op">${breakable(op)}</th>`).join('')}<th scope="col" class="num">judged</th><th scope="col" class="num">failures</th></tr>`;
  const rows = names.map((name) => {
    const summary = result.checks.find((c) => c.name === name);
    const failures = result.failures.filter((f) => f.check === name);
    const title = summary?.title ?? failures[0]?.title ?? '';
    const first = `<th scope="row" class="check"><span class="name">${esc(name, 80)}</span><span class="title">${esc(title, 120)}</span></th>`;
    const totals = `<td class="num">${summary ? summary.judged : '-'}</td><td class="num${failures.length ? ' bad' : ''}">${failures.length}</td>`;
    if (summary?.skipped !== undefined && failures.length === 0) {
      return `<tr class="row-skip">${first}<td class="skip" colspan="${Math.max(1, ops.length)}">skipped: ${esc(summary.skipped, 300)}</td>${totals}</tr>`;
    }
    const cells = ops.map((op) => {
      const here = failures.filter((f) => f.operation === op);
      const judged = summary?.byOperation?.[op] ?? 0;
      const kind = cellKind(judged, here);
      const tip = `${name} on ${op}: ${kind === 'none' ? 'not judged' : `judged ${judged}×${here.length ? `, ${here.length} failure${here.length === 1 ? '' : 's'}` : ''}`}`;
      let content: string;
      if (kind === 'fail' || kind === 'warn') content = `<a href="#${anchors.get(here[0]) ?? ''}">${kind === 'fail' ? '✗' : '!'} ${here.length}</a>`;
      else if (kind === 'pass') content = `✓ <span class="n">${judged}</span>`;
      else content = '·';
      return `<td class="cell ${kind}" title="${esc(tip, 300)}">${content}</td>`;
    });
    if (ops.length === 0) cells.push('<td class="cell none">·</td>');
    return `<tr>${first}${cells.join('')}${totals}</tr>`;
  });
  return `<table class="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}
