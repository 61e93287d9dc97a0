// The JSON report of a diff: the report itself, versioned so a CI step can read it.
import type { DiffReport } from './types.js';

export function toJsonDiff(report: DiffReport): string {
  const verdict = report.differences.length ? 'DIFFERENT' : 'SAME';
  return `${JSON.stringify({ format: 'jobtwin-diff/1', verdict, ...report }, null, 2)}\n`;
}
