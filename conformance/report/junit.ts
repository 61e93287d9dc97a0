// The run as JUnit XML, for CI test tabs: a suite per check, a test case per operation it failed on.
// Warnings do not fail the run, so a case with only warnings passes and shows them in <system-out>.
import type { Failure, RunResult } from '../runner/types.js';
import { failureBody, incompleteLines, visible } from './console.js';

/** What XML 1.0 allows: tab, LF, CR, and the planes minus surrogates and U+FFFE/U+FFFF. */
const FORBIDDEN = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Controls are shown escaped (as on the console); what XML still forbids (U+FFFE, U+FFFF) is dropped. */
export function xmlText(text: string): string {
  return (
    visible(text)
      .replace(FORBIDDEN, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // a parser turns a raw CR into LF: a reference keeps it
      .replace(/\r/g, '&#13;')
  );
}

/** Attribute values also lose raw tabs and newlines to whitespace normalisation: references keep them. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** the checks that accept a status x-jobtwin errors.assumed declares as documented */
const RESPONSE_CHECKS = ['status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function failureText(f: Failure): string {
  return [`[${f.check}] ${f.operation} (${f.endpoint}) ×${f.count} ${f.severity}`, ...failureBody(f)].join('\n');
}

function testCase(api: string, check: string, operation: string, failures: Failure[]): { xml: string; failed: boolean } {
  const open = `    <testcase classname="${xmlAttr(api)}" name="${xmlAttr(`${check} ${operation}`)}">`;
  const text = xmlText(failures.map(failureText).join('\n\n'));
  const errors = failures.filter((f) => f.severity === 'error');
  if (errors.length === 0) return { xml: `${open}\n      <system-out>${text}</system-out>\n    </testcase>`, failed: false };
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
  const message = `${errors[0].message.split('\n')[0].slice(0, 500)}${more}`;
  return { xml: `${open}\n      <failure message="${xmlAttr(message)}" type="${xmlAttr(check)}">${text}</failure>\n    </testcase>`, failed: true };
}

export function toJUnit(result: RunResult): string {
  // checks in the summary's order; a failure of a check the summary lacks still gets its suite
  const names = result.checks.map((c) => c.name);
  for (const f of result.failures) if (!names.includes(f.check)) names.push(f.check);

  const suites: string[] = [];
  let tests = 0;
  let failed = 0;
  for (const name of names) {
    const summary = result.checks.find((c) => c.name === name);
    const byOperation = new Map<string, Failure[]>();
    for (const f of result.failures.filter((x) => x.check === name)) {
      byOperation.set(f.operation, [...(byOperation.get(f.operation) ?? []), f]);
    }
    const cases: string[] = [];
    let suiteFailed = 0;
    let skipped = 0;
    for (const [operation, failures] of byOperation) {
      const c = testCase(result.api, name, operation, failures);
      cases.push(c.xml);
      if (c.failed) suiteFailed++;
    }
    if (cases.length === 0) {
      const open = `    <testcase classname="${xmlAttr(result.api)}" name="${xmlAttr(name)}"`;
      if (summary?.skipped !== undefined) {
        cases.push(`${open}>\n      <skipped message="${xmlAttr(summary.skipped)}"/>\n    </testcase>`);
        skipped++;
      } else cases.push(`${open}/>`);
    }
    tests += cases.length;
    failed += suiteFailed;
    const properties = [
      ['title', summary?.title ?? ''],
      ['judged', String(summary?.judged ?? 0)],
      ['seed', String(result.seed)],
      // what these checks' verdicts rest on beyond the vendor's document
      ...(RESPONSE_CHECKS.includes(name) ? (result.assumptions ?? []).map((note) => ['assumed', note]) : []),
    ]
      .map(([k, v]) => `      <property name="${k}" value="${xmlAttr(v)}"/>`)
      .join('\n');
    suites.push(
      `  <testsuite name="${xmlAttr(name)}" tests="${cases.length}" failures="${suiteFailed}" errors="0" skipped="${skipped}" timestamp="${xmlAttr(result.startedAt)}">\n` +
        `    <properties>\n${properties}\n    </properties>\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  // a run that did not finish is not green: one errored case says INCOMPLETE and lists what did not run
  let errors = 0;
  if (result.incomplete) {
    const lines = incompleteLines(result.incomplete, Infinity);
    const open = `    <testcase classname="${xmlAttr(result.api)}" name="run complete">`;
    suites.push(
      `  <testsuite name="run" tests="1" failures="0" errors="1" skipped="0" timestamp="${xmlAttr(result.startedAt)}">\n` +
        `${open}\n      <error message="${xmlAttr(`INCOMPLETE: ${result.incomplete.message}`)}" type="incomplete">${xmlText(lines.join('\n'))}</error>\n    </testcase>\n  </testsuite>`,
    );
    tests++;
    errors++;
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jobtwin conform" tests="${tests}" failures="${failed}" errors="${errors}" time="${seconds(result.wallMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
