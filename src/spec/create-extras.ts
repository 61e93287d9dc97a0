// What a create operation's x-jobtwin may add to the plain create: the status of an answer whose job
// has already ended (endedStatus), Prefer: wait (wait), and webhooks (webhook). Checked at load, so a
// mistake stops start-up with the JSON pointer of the field at fault.
import type { CompiledTemplate } from '../template/compile.js';
import type { OperationExtension, RootExtension } from './extension-types.js';
import type { ApiModel, OperationModel } from './model.js';
import { SpecError, pointerPart } from './spec-error.js';
import { compileAt } from './operations.js';

export interface WebhookRule {
  /** where the create body holds the URL, as JSON pointer tokens */
  url: string[];
  /** where the create body lists the events wanted; absent: every event is sent */
  filter?: string[];
  /** event name → the states whose entry sends it; absent: every state entered sends one */
  events?: Record<string, string[]>;
  /** absent: the status operation's body */
  body?: CompiledTemplate;
  retries: { max: number; backoffMs: number };
  /** standard: signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) */
  signing?: 'standard';
  /** headers rendered per job (name and value are job templates); one rendered empty is not sent */
  headers?: Array<{ name: CompiledTemplate; value: CompiledTemplate }>;
}

export interface CreateExtras {
  endedStatus?: number;
  /** Prefer: wait=n is honoured up to this many seconds */
  waitMax?: number;
  webhook?: WebhookRule;
}

export const DEFAULT_RETRIES = { max: 3, backoffMs: 1000 };

export function createExtras(where: string, model: OperationModel, opExt: OperationExtension, ext: RootExtension): CreateExtras {
  const at = `${where}/x-jobtwin`;
  const extras: CreateExtras = {};
  if (opExt.role !== 'create') {
    for (const field of ['endedStatus', 'wait', 'webhook'] as const) {
      if (opExt[field] !== undefined) throw new SpecError(`${at}/${field}: only a create operation takes it (this one's role is "${opExt.role}")`);
    }
    return extras;
  }
  if (opExt.endedStatus !== undefined) {
    if (!model.statuses.has(String(opExt.endedStatus))) {
      throw new SpecError(`${at}/endedStatus: ${opExt.endedStatus} is not among the operation's documented responses`);
    }
    extras.endedStatus = opExt.endedStatus;
  }
  if (opExt.wait) extras.waitMax = opExt.wait.max;
  const hook = opExt.webhook;
  if (hook) {
    const states = ext.lifecycle.states;
    for (const [name, list] of Object.entries(hook.events ?? {})) {
      list.forEach((state, i) => {
        if (!states.includes(state)) {
          throw new SpecError(`${at}/webhook/events/${pointerPart(name)}/${i}: "${state}" is not a state of the lifecycle (${states.join(', ')})`);
        }
      });
    }
    const url = bodyField(`${at}/webhook/url`, model, hook.url);
    const filter = hook.filter === undefined ? undefined : bodyField(`${at}/webhook/filter`, model, hook.filter);
    if (filter && !hook.events) throw new SpecError(`${at}/webhook/filter: a filter names events: declare them in webhook.events`);
    extras.webhook = {
      url,
      filter,
      events: hook.events,
      body: hook.body === undefined ? undefined : compileAt(hook.body, `${at}/webhook/body`, 'job', states),
      retries: { max: hook.retries?.max ?? DEFAULT_RETRIES.max, backoffMs: hook.retries?.backoff ?? DEFAULT_RETRIES.backoffMs },
      ...(hook.signing ? { signing: hook.signing } : {}),
      ...(hook.headers?.length
        ? {
            headers: hook.headers.map((h, i) => {
              if (!h.name.includes('{{') && (!HEADER_NAME.test(h.name) || RESERVED.has(h.name.toLowerCase())))
                throw new SpecError(`${at}/webhook/headers/${i}/name: "${h.name}" is not a header name a webhook may carry`);
              return {
                name: compileAt(h.name, `${at}/webhook/headers/${i}/name`, 'job', states),
                value: compileAt(h.value, `${at}/webhook/headers/${i}/value`, 'job', states),
              };
            }),
          }
        : {}),
    };
  }
  return extras;
}

/** A create body field as pointer tokens; checked against the JSON body's schema where it lists properties. */
function bodyField(where: string, model: OperationModel, field: string): string[] {
  const tokens = field.startsWith('/') ? field.slice(1).split('/').map(unescape) : [field];
  let schema = model.requestBody?.content['application/json']?.schema as Record<string, unknown> | boolean | undefined;
  for (const token of tokens) {
    if (typeof schema !== 'object' || !schema || typeof schema.properties !== 'object' || schema.properties === null) break;
    const next = (schema.properties as Record<string, unknown>)[token];
    if (next === undefined) {
      const names = Object.keys(schema.properties);
      throw new SpecError(`${where}: the JSON request body has no field "${token}" (it has ${names.join(', ') || 'none'})`);
    }
    schema = next as Record<string, unknown>;
  }
  return tokens;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at `tokens` in a request body, or undefined. */
export function fieldOf(body: unknown, tokens: string[]): unknown {
  let value = body;
  for (const token of tokens) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

/** The webhook rule of an API's create operation, if it declares one. */
export function webhookRuleOf(api: ApiModel): WebhookRule | undefined {
  const role = api.byRole.create?.asRole;
  return role?.role === 'create' ? role.extras.webhook : undefined;
}

// RFC 9110 token; a value may hold no control characters (CR, LF would split the request)
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;
// framing headers the twin sets itself
const RESERVED = new Set(['content-length', 'content-type', 'host', 'transfer-encoding', 'connection']);

/** Whether a webhook may carry this header: a valid name the twin does not set itself, a value on one line. */
export function headerAllowed(name: unknown, value: unknown): name is string {
  return typeof name === 'string' && typeof value === 'string' && HEADER_NAME.test(name) && HEADER_VALUE.test(value) && !RESERVED.has(name.toLowerCase());
}

/**
 * The headers a job's webhooks carry: each declared pair rendered for the job, kept where both are
 * strings, the name a valid header name and the value free of line breaks (a request's own words
 * cannot split the twin's request); lower-cased names, as Node sends them.
 */
export function webhookHeaders(rule: WebhookRule, scope: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of rule.headers ?? []) {
    const n = name.render(scope);
    const v = value.render(scope);
    if (headerAllowed(n, v)) out[n.toLowerCase()] = v as string;
  }
  return out;
}

/** The events entering `state` stands for, among those a request asked for (all when it names none). */
export function eventsFor(rule: WebhookRule, state: string, wanted: unknown): string[] {
  if (!rule.events) return [state];
  const names = Object.entries(rule.events)
    .filter(([, states]) => states.includes(state))
    .map(([name]) => name);
  return Array.isArray(wanted) ? names.filter((name) => wanted.includes(name)) : names;
}
