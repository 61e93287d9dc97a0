// Why a selected check judged nothing, as each check says it from the run that ended: the reports and
// the console print these words, so they stay as they are.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../conformance/checks/registry.js';
import type { Check } from '../../../conformance/checks/types.js';
import { runFacts } from './fixture.js';

const check = (name: string): Check => CHECKS.find((c) => c.name === name)!;

describe('skip reasons', () => {
  it('tenant_isolation asks for a second tenant, or says none of its reads happened', () => {
    expect(check('tenant_isolation').skipReason(runFacts('alchemyst'))).toBe('needs --other-token (a second tenant)');
    expect(check('tenant_isolation').skipReason(runFacts('alchemyst', { options: { target: 'http://127.0.0.1:1', otherToken: 't2' } }))).toBe(
      'no job was read as the other tenant',
    );
  });

  it('cancel_semantics and list_consistency say when the spec has no such operation', () => {
    expect(check('cancel_semantics').skipReason(runFacts('crosmos'))).toBe('the spec has no cancel operation');
    expect(check('cancel_semantics').skipReason(runFacts('alchemyst'))).toBe('no cancel was answered');
    expect(check('list_consistency').skipReason(runFacts('crosmos'))).toBe('the spec has no list operation');
    expect(check('list_consistency').skipReason(runFacts('alchemyst'))).toBe('no list was read');
  });

  it('list_paging and list_window say what the list lacks for them', () => {
    expect(check('list_paging').skipReason(runFacts('crosmos'))).toBe('the spec has no list operation');
    expect(check('list_paging').skipReason(runFacts('alchemyst'))).toBe('the list is not paged by id and its pages bind no has_more, first_id or last_id');
    expect(check('list_window').skipReason(runFacts('alchemyst'))).toBe('the list declares no since or until parameter');
    expect(check('list_window').skipReason(runFacts('contextual'))).toBe(
      'no windowed list was read (the run created fewer than two jobs with a readable creation time)',
    );
  });

  it('retention gives the reason its phase was skipped, when it was', () => {
    const skipped = [{ phase: 'retention', reason: 'the target has no clock control (no jobtwin control interface)' }];
    expect(check('retention').skipReason(runFacts('contextual', { skipped }))).toBe(skipped[0].reason);
    expect(check('retention').skipReason(runFacts('contextual'))).toBe('no job was checked past retention');
  });

  it('the checks whose inputs may simply be absent say which', () => {
    expect(check('attempts_bounds').skipReason(runFacts('crosmos'))).toBe('the status answers carry no attempts count');
    expect(check('response_headers_conformance').skipReason(runFacts('jobs'))).toBe('no documented response headers');
  });

  it('lifecycle_paths and deadline say when the spec declares nothing for them', () => {
    expect(check('lifecycle_paths').skipReason(runFacts('alchemyst'))).toBe('the spec declares no lifecycle.paths');
    expect(check('deadline').skipReason(runFacts('alchemyst'))).toBe('the spec declares no deadline the create request gives (lifecycle.deadlines[].param)');
  });

  it('webhook_delivery and create_wait say when the spec declares no webhook, wait or endedStatus', () => {
    expect(check('webhook_delivery').skipReason(runFacts('alchemyst'))).toBe('the spec declares no webhook on its create (x-jobtwin webhook)');
    expect(check('create_wait').skipReason(runFacts('alchemyst'))).toBe('the spec declares neither endedStatus nor wait on its create (x-jobtwin)');
  });

  it('every other check has nothing to judge', () => {
    const own = [
      'tenant_isolation',
      'cancel_semantics',
      'list_consistency',
      'list_paging',
      'list_window',
      'retention',
      'data_removal',
      'progress_monotonic',
      'attempts_bounds',
      'response_headers_conformance',
      'lifecycle_paths',
      'deadline',
      'webhook_delivery',
      'create_wait',
    ];
    const others = CHECKS.filter((c) => !own.includes(c.name));
    expect(others.length).toBe(CHECKS.length - own.length);
    for (const c of others) expect(c.skipReason(runFacts('alchemyst')), c.name).toBe('nothing to judge in this run');
  });
});
