// The draft's YAML writer: comments above and beside values, long notes moved above their line, and
// values that read back exactly (quoting left to js-yaml).
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { comments, note, plain, toYaml } from '../../src/init/commented-yaml.js';

describe('YAML with comments', () => {
  const doc = {
    overlay: '1.0.0',
    actions: [
      note({ target: "$.paths['/a'].post", update: { 'x-jobtwin': { role: 'create', body: { id: note('{{job.id}}', 'the id') } } } }, undefined, 'the create'),
      { target: '$', update: { codes: { '200': note(null, 'DECIDE: a status'), '#x': 'a # b', multi: 'one\ntwo' } } },
    ],
    list: [[1, 2], note({ nested: note(true, 'x'.repeat(120)) })],
  };

  it('writes comments where they belong and reads back as the data', () => {
    const text = toYaml(doc, ['a header']);
    expect(text.split('\n').slice(0, 6)).toEqual([
      '# a header',
      'overlay: 1.0.0',
      'actions:',
      '  # the create',
      "  - target: $.paths['/a'].post",
      '    update:',
    ]);
    expect(text).toContain("          id: '{{job.id}}'  # the id\n");
    expect(text).toContain("      '200': null  # DECIDE: a status\n");
    // a note too long for its line goes above it (and above the dash, for an item's first entry)
    expect(text).toContain(`\n  # ${'x'.repeat(120)}\n  - nested: true\n`);
    expect(yaml.load(text, { schema: yaml.CORE_SCHEMA })).toEqual(plain(doc));
    expect(comments(doc)).toEqual(['the create', 'the id', 'DECIDE: a status', 'x'.repeat(120)]);
  });
});
