// data_removal on the batch spec (lifecycle.dataRemoval: { after: 1h, fields: [result] }): before the
// hour the output must read as when the batch ended and data_removed false; past it the output null
// (or absent) with data_removed true; the record itself must stay readable.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../conformance/checks/registry.js';
import type { Check, Purpose } from '../../../conformance/checks/types.js';
import { removalSpots } from '../../../conformance/checks/data-removal.js';
import { answer, contextOf, job, keys, loadSpec, runFacts } from './fixture.js';

const check: Check = CHECKS.find((c) => c.name === 'data_removal')!;
const api = await loadSpec(join(import.meta.dirname, '../../../fixtures/specs/batch-lifecycle.openapi.yaml'));
const OUTPUT = { output_file_id: 'file-123456' };
const ended = { id: 'batch_1', status: 'completed', output: OUTPUT, data_removed: false };

function judge(expect: 'kept' | 'removed', status: number, body: unknown) {
  const purpose: Purpose = { kind: 'data-removal', job: job('batch_1'), expect, reference: ended, by: { afterMs: 3_600_000 }, fields: ['result'] };
  return keys(check, contextOf(api, 'retrieveBatch', purpose), answer(status, body));
}

describe('data_removal', () => {
  it('reads where the status template puts the removable data and the flag: plain bindings of the declared fields only', () => {
    expect(removalSpots(api.byRole.status!.body, ['result'])).toEqual({ data: ['/output'], flag: '/data_removed' });
    // the batch template binds no job.input: nothing of it to look at
    expect(removalSpots(api.byRole.status!.body, ['input'])).toEqual({ data: [], flag: '/data_removed' });
  });

  it('passes data kept before the time and removed past it, the record kept', () => {
    expect(judge('kept', 200, ended)).toEqual([]);
    expect(judge('removed', 200, { ...ended, output: null, data_removed: true })).toEqual([]);
    expect(judge('removed', 200, { id: 'batch_1', status: 'completed', data_removed: true })).toEqual([]);
  });

  it('fails data gone, or the flag set, before the time', () => {
    expect(judge('kept', 200, { ...ended, output: null })).toEqual(['removed early']);
    expect(judge('kept', 200, { ...ended, output: { output_file_id: 'file-000000' } })).toEqual(['removed early']);
    expect(judge('kept', 200, { ...ended, data_removed: true })).toEqual(['flag early']);
  });

  it('fails data still there, or the flag unset, past the time', () => {
    expect(judge('removed', 200, { ...ended, data_removed: true })).toEqual(['kept data']);
    expect(judge('removed', 200, { ...ended, output: null })).toEqual(['flag unset']);
    expect(judge('removed', 200, ended)).toEqual(['kept data', 'flag unset']);
  });

  it('fails a record that went with its data', () => {
    expect(judge('removed', 404, { error: 'not found' })).toEqual(['removed 404']);
    expect(judge('kept', 404, { error: 'not found' })).toEqual(['kept 404']);
  });

  it('says why it judged nothing', () => {
    const skipped = [
      { phase: 'retention', reason: 'the spec declares no retention: jobs are kept' },
      { phase: 'retention', reason: 'the target has no jobtwin control interface', check: 'data_removal' },
    ];
    expect(check.skipReason(runFacts('contextual', { skipped }))).toBe('the target has no jobtwin control interface');
    expect(check.skipReason(runFacts('contextual'))).toBe('no job was read around its data removal');
    // retention's reason is its own
    const retention = CHECKS.find((c) => c.name === 'retention')!;
    expect(retention.skipReason(runFacts('contextual', { skipped }))).toBe('the spec declares no retention: jobs are kept');
  });
});
