// What a vendor's create documents beyond a plain create, drafted as x-jobtwin: a Prefer header
// (Prefer: wait), two success statuses (one once the job has ended), and a webhook URL field with the
// events a create may ask for. Each guess says why; which states send which event is the user's call.
import { note } from './commented-yaml.js';
import type { LifecycleGuess } from './guess-lifecycle.js';
import { enumValues, mediaOf, objectShape, typeOf } from './schema-view.js';
import type { SpecOperation } from './spec-operations.js';

const HOOK_NAME = /^(webhook|callback)(_?url)?$/i;
const FILTER_NAME = /^(webhook|callback)_?(events?|events_?filter|filter)$/i;

export function guessCreateExtras(op: SpecOperation, lifecycle: LifecycleGuess): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  const prefer = (op.operation.parameters ?? []).find(
    (p: { in?: string; name?: string }) => p?.in === 'header' && typeof p.name === 'string' && p.name.toLowerCase() === 'prefer',
  );
  if (prefer) {
    const said = `${prefer.description ?? ''} ${prefer.schema?.pattern ?? ''} ${prefer.schema?.description ?? ''}`;
    const max = Math.max(0, ...[...said.matchAll(/\b(\d{1,4})\b/g)].map((m) => Number(m[1])).filter((n) => n >= 1 && n <= 3600));
    extras.wait = note({ max: max || 60 }, max ? undefined : 'DECIDE: the longest Prefer: wait the service honours, in seconds', [
      'the create documents a Prefer header: Prefer: wait=n holds the answer until the job ends or n seconds pass',
    ]);
  }
  const ok = op.statuses.filter((s) => /^2\d\d$/.test(s)).sort();
  if (ok.length === 2 && ok.includes('201') && ok.includes('202')) {
    extras.status = 202;
    extras.endedStatus = note(201, 'DECIDE: or the other way round, as the vendor says', [
      'the create documents 201 and 202: 201 once the job has ended, 202 while it runs',
    ]);
  }
  const body = mediaOf(op.operation.requestBody?.content);
  if (!body || !/json/i.test(body.type)) return extras;
  const { properties } = objectShape(body.media.schema);
  const url = Object.keys(properties).find((name) => HOOK_NAME.test(name) && typeOf(properties[name]) === 'string');
  if (!url) return extras;
  const webhook: Record<string, unknown> = { url };
  const filter = Object.keys(properties).find((name) => FILTER_NAME.test(name) && typeOf(properties[name]) === 'array');
  const events = filter ? enumValues((properties[filter] as { items?: unknown }).items) : [];
  if (filter && events.length) {
    webhook.filter = filter;
    webhook.events = note(Object.fromEntries(events.map((event) => [event, statesOfEvent(event, lifecycle)])), undefined, [
      `DECIDE: the states whose entry sends each event ${filter} names (guessed from the names)`,
    ]);
  }
  extras.webhook = note(webhook, undefined, [
    `the create body's ${url} is where the twin posts the job on its state changes (loopback hosts only, unless jobtwin mock --webhook-allow)`,
  ]);
  return extras;
}

/** start → the initial state, completed → the terminal ones, anything else → the running state. */
function statesOfEvent(event: string, lifecycle: LifecycleGuess): string[] {
  const name = event.toLowerCase();
  if (/^(start|started|starting|created|queued)$/.test(name) && lifecycle.initial) return [lifecycle.initial];
  if (/^(complete|completed|done|finish|finished|end|ended)$/.test(name) && lifecycle.terminal.length) return [...lifecycle.terminal];
  return [lifecycle.running ?? lifecycle.initial ?? lifecycle.states[0]];
}
