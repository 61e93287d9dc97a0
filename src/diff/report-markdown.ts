// The markdown report of a diff: a verdict line, then each difference with its scenario, the curl line
// that repeats the request on the target, and what each side did; notes after.
import type { DiffReport, Difference } from './types.js';

// a pipe or a line break would break a table cell; the cells are inline code
const cell = (text: string) =>
  `\`${text
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')}\``;

function entry(d: Difference, i: number): string {
  const lines = [
    `### ${i + 1}. ${d.scenario}: ${d.aspect}`,
    '',
    '```sh',
    d.curl,
    '```',
    '',
    '| | |',
    '|---|---|',
    `| target | ${cell(d.target)} |`,
    `| twin | ${cell(d.twin)} |`,
  ];
  if (d.note) lines.push('', `_${d.note}_`);
  return lines.join('\n');
}

export function toMarkdownDiff(report: DiffReport): string {
  const n = report.differences.length;
  const out = [
    `# jobtwin diff: ${report.api}`,
    '',
    `Target ${report.target} against the twin (seed ${report.seed}, polled every ${report.pollMs} ms): ` +
      (n ? `**${n} difference${n === 1 ? '' : 's'}**` : '**no differences**') +
      ` in ${report.scenarios.length} scenarios (${report.requests.target} requests to the target, ${report.requests.twin} to the twin).`,
    '',
    `Scenarios: ${report.scenarios.join('; ')}.`,
  ];
  if (n) out.push('', '## Differences', '', report.differences.map(entry).join('\n\n'));
  if (report.notes.length) out.push('', '## Notes (not counted)', '', report.notes.map((d, i) => entry(d, i)).join('\n\n'));
  return `${out.join('\n')}\n`;
}
