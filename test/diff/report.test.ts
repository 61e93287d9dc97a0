// The markdown and JSON reports: the verdict, each difference with its scenario, curl line and both sides.
import { describe, expect, it } from 'vitest';
import { toJsonDiff } from '../../src/diff/report-json.js';
import { toMarkdownDiff } from '../../src/diff/report-markdown.js';
import type { DiffReport } from '../../src/diff/types.js';

const BASE: DiffReport = {
  api: 'alchemyst',
  target: 'http://127.0.0.1:8080',
  twin: 'http://127.0.0.1:40001',
  seed: 7,
  pollMs: 200,
  scenarios: ['job 1 (completed, attempts 1)', 'unknown id on getStatus'],
  requests: { target: 9, twin: 11 },
  differences: [],
  notes: [],
};

const DIFFERENCE = {
  scenario: 'unknown id on getStatus',
  aspect: 'status' as const,
  curl: 'curl -sS -i http://127.0.0.1:8080/jobs/x -H "authorization: Bearer $JOBTWIN_TOKEN"',
  target: '400 object /error: string',
  twin: '404 object /message: string | x',
};

describe('markdown', () => {
  it('says there are no differences, and lists the scenarios', () => {
    const text = toMarkdownDiff(BASE);
    expect(text).toContain('# jobtwin diff: alchemyst');
    expect(text).toContain('**no differences** in 2 scenarios (9 requests to the target, 11 to the twin)');
    expect(text).not.toContain('## Differences');
  });

  it('gives each difference its scenario, curl line and both sides, cells escaped; notes apart', () => {
    const text = toMarkdownDiff({
      ...BASE,
      differences: [DIFFERENCE],
      notes: [{ ...DIFFERENCE, scenario: 'job 1', aspect: 'states', note: 'maybe too short' }],
    });
    expect(text).toContain('**1 difference**');
    expect(text).toContain('### 1. unknown id on getStatus: status');
    expect(text).toContain(`\`\`\`sh\n${DIFFERENCE.curl}\n\`\`\``);
    expect(text).toContain('| target | `400 object /error: string` |');
    expect(text).toContain('| twin | `404 object /message: string \\| x` |');
    expect(text).toMatch(/## Notes \(not counted\)[\s\S]*### 1\. job 1: states[\s\S]*_maybe too short_/);
  });
});

describe('json', () => {
  it('carries the verdict, the format and every difference', () => {
    const parsed = JSON.parse(toJsonDiff({ ...BASE, differences: [DIFFERENCE] }));
    expect(parsed).toMatchObject({ format: 'jobtwin-diff/1', verdict: 'DIFFERENT', api: 'alchemyst', seed: 7, differences: [DIFFERENCE] });
    expect(JSON.parse(toJsonDiff(BASE)).verdict).toBe('SAME');
  });
});
