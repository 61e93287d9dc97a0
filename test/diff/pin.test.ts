// The plan pinned on the twin's job from what the target's job did: its outcome, and the attempts
// that failed first, read from the count when the status shows one, else from the states passed.
import { describe, expect, it } from 'vitest';
import { LifecycleModel } from '../../conformance/model/lifecycle.js';
import { pinFor, type JobContext } from '../../src/diff/observe.js';
import type { JobRun } from '../../src/diff/types.js';
import { loadApis } from '../../src/spec/resolve.js';

const [jobs, contextual] = await loadApis({ apis: ['jobs', 'contextual'] });
const context = (api: typeof jobs): JobContext => ({ api, model: new LifecycleModel(api), layout: {}, otherTenant: false });

function run(states: Array<[string, number?]>, ended = true): JobRun {
  const reads = states.map(([state, attempts]) => ({ answer: { request: { method: 'GET', url: 'x', headers: {} }, status: 200, shape: {} }, state, attempts }));
  return { create: reads[0].answer, id: 'j', reads, ended, after: {} };
}

describe('pinFor', () => {
  it('takes the failed attempts from the count a status shows', () => {
    expect(
      pinFor(
        context(jobs),
        run([
          ['PENDING', 0],
          ['PROCESSING', 1],
          ['COMPLETED', 2],
        ]),
      ),
    ).toBe('outcome=succeed; failures=1');
    expect(
      pinFor(
        context(jobs),
        run([
          ['PENDING', 0],
          ['PROCESSING', 1],
          ['COMPLETED', 1],
        ]),
      ),
    ).toBe('outcome=succeed; failures=0');
    expect(
      pinFor(
        context(jobs),
        run([
          ['PROCESSING', 1],
          ['FAILED', 3],
        ]),
      ),
    ).toBe('outcome=fail');
  });

  it('counts retries from the states passed where no count is shown, the first queue wait not among them', () => {
    expect(pinFor(context(contextual), run([['pending'], ['processing'], ['completed']]))).toBe('outcome=succeed; failures=0');
    expect(pinFor(context(contextual), run([['processing'], ['retrying'], ['processing'], ['completed']]))).toBe('outcome=succeed; failures=1');
  });

  it('pins a job that never ended on the target to never end', () => {
    expect(
      pinFor(
        context(jobs),
        run(
          [
            ['PENDING', 0],
            ['PROCESSING', 1],
          ],
          false,
        ),
      ),
    ).toBe('outcome=never');
  });
});
