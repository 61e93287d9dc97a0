// jobtwin init reads a numeric time as seconds or milliseconds by what the schema says, else by the
// naming habit; a string time is ISO 8601 (a time not reached yet is left out, `?`, where the schema
// does not allow null).
import { describe, expect, it } from 'vitest';
import { templateOf } from '../../src/init/guess-templates.js';
import { plain } from '../../src/init/commented-yaml.js';

const drafted = (properties: Record<string, unknown>) => plain(templateOf({ type: 'object', properties }, {})) as Record<string, string>;

describe('init: numeric times', () => {
  it('follows the description: seconds, unix or epoch mean seconds; milliseconds mean ms', () => {
    expect(
      drafted({
        created: { type: 'integer', description: 'The Unix timestamp (in seconds) for when the batch was created.' },
        completed_at: { type: 'integer', description: 'Completion time in milliseconds' },
      }),
    ).toEqual({ created: '{{job.createdAt|unix}}', completed_at: '{{job.finishedAt|epochMs?}}' });
  });

  it("follows an example's size where nothing is said", () => {
    expect(drafted({ processedOn: { type: 'number', example: 1767225601200 }, startedAt: { type: 'integer', example: 1711471533 } })).toEqual({
      processedOn: '{{job.startedAt|epochMs?}}',
      startedAt: '{{job.startedAt|unix?}}',
    });
  });

  it('else takes snake_case _at integers as seconds and the rest as milliseconds; strings as ISO 8601, null allowed', () => {
    expect(
      drafted({
        created_at: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        finishedOn: { type: 'number' },
        updated_at: { type: 'string', format: 'date-time' },
      }),
    ).toEqual({ created_at: '{{job.createdAt|unix}}', finishedOn: '{{job.finishedAt|epochMs?}}', updated_at: '{{job.updatedAt|iso}}' });
  });
});
