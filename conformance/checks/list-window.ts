// A list asked for a window of creation times lists only jobs created inside it: `since` inclusive,
// `until` exclusive, as docs/extension.md declares them.
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';

export const listWindow = defineCheck({
  name: 'list_window',
  title: 'List time window',
  catches: 'a list that ignores its declared since or until bound (until is exclusive), listing jobs created outside the window asked for',
  purposes: ['list-window'],
  needsResponse: true,
  skipReason: (run) => {
    const op = run.api.byRole.list;
    if (!op) return 'the spec has no list operation';
    if (!op.ext?.since && !op.ext?.until) return 'the list declares no since or until parameter';
    return 'no windowed list was read (the run created fewer than two jobs with a readable creation time)';
  },
  applies: (_ctx, exchange) => exchange.response.status < 300,
  run(ctx) {
    const { since, until, items } = ctx.purpose;
    const out: FailureDraft[] = [];
    for (const item of items) {
      if (item.createdAt === undefined) continue;
      const created = new Date(item.createdAt).toISOString();
      if (since && item.createdAt < since.at)
        out.push({
          message: `job ${item.id}, created ${created}, is listed with ${since.param}=${since.value} (only jobs created at or after it)`,
          expected: `created at or after ${new Date(since.at).toISOString()}`,
          received: created,
          key: 'since',
        });
      if (until && item.createdAt >= until.at)
        out.push({
          message: `job ${item.id}, created ${created}, is listed with ${until.param}=${until.value} (only jobs created before it)`,
          expected: `created before ${new Date(until.at).toISOString()}`,
          received: created,
          key: 'until',
        });
    }
    return out;
  },
});
