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
  const documented = callbackOf(op, lifecycle);
  const url =
    (documented && typeOf(properties[documented.field]) === 'string' ? documented.field : undefined) ??
    Object.keys(properties).find((name) => HOOK_NAME.test(name) && typeOf(properties[name]) === 'string');
  if (!url) return extras;
  const webhook: Record<string, unknown> = { url };
  if (documented?.field === url) {
    webhook.events = note({ [documented.name]: documented.states }, undefined, [
      `the create's callback ${documented.name} posts to ${url} when the job is ${documented.states.join(' or ')} (its body's ${documented.statusField} enum)`,
    ]);
    if (documented.body) webhook.body = note(documented.body, undefined, `the body of ${documented.name}`);
    extras.webhook = note(webhook, undefined, [
      `the create body's ${url} is where the twin posts ${documented.name} (loopback hosts only, unless jobtwin mock --webhook-allow)`,
    ]);
    return extras;
  }
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

interface DocumentedCallback {
  name: string;
  /** the create body's field the callback's URL expression reads ({$request.body#/webhook_url}) */
  field: string;
  statusField: string;
  states: string[];
  /** a template for the callback's body, where each required field is the job's id or status */
  body?: Record<string, string>;
}

/**
 * An OpenAPI `callbacks` entry of the create, posted to a URL from its request body, whose JSON body
 * has a status field whose values are job states: those states send it.
 */
function callbackOf(op: SpecOperation, lifecycle: LifecycleGuess): DocumentedCallback | undefined {
  const callbacks = (op.operation as { callbacks?: Record<string, Record<string, any>> }).callbacks ?? {};
  for (const [name, byExpression] of Object.entries(callbacks)) {
    for (const [expression, item] of Object.entries(byExpression ?? {})) {
      const field = /^\{\$request\.body#\/([^/}]+)\}$/.exec(expression)?.[1];
      const media = mediaOf(item?.post?.requestBody?.content);
      if (!field || !media || !/json/i.test(media.type)) continue;
      const { properties, required } = objectShape(media.media.schema);
      const statusField = Object.keys(properties).find((key) => /^(status|state)$/i.test(key));
      const values = statusField ? enumValues(properties[statusField]) : [];
      const states = values.filter((v) => lifecycle.states.includes(v));
      if (!statusField || !states.length || states.length !== values.length) continue;
      const fill = (key: string) => (key === statusField ? '{{job.status}}' : /(^|_)id$/i.test(key) ? '{{job.id}}' : undefined);
      const keys = Object.keys(properties);
      const body = [...required].every((key) => fill(key)) ? Object.fromEntries(keys.flatMap((key) => (fill(key) ? [[key, fill(key)!]] : []))) : undefined;
      return { name, field, statusField, states, ...(body ? { body } : {}) };
    }
  }
  return undefined;
}
