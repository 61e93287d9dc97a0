// The webhooks a create asked for, judged once its job ended: each body valid against the documented
// webhook (or callback) schema, only for states the job passed and events it asked for, in lifecycle
// order, and the terminal event delivered within --max-wait-ms.
import { createHmac } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import type { ApiModel } from '../../src/spec/model.js';
import { eventsFor, webhookRuleOf } from '../../src/spec/create-extras.js';
import { createAjv } from '../../src/validation/ajv.js';
import { layoutOf, readObservation, type Layout } from '../model/observation.js';
import { defineCheck } from './define.js';
import type { FailureDraft, WebhookSeen } from './types.js';

export const webhookDelivery = defineCheck({
  name: 'webhook_delivery',
  title: 'Webhook delivery',
  catches:
    "a webhook whose body breaks the documented webhook schema, sent for a state the job did not pass or an event the create did not ask for, out of lifecycle order, or no webhook for the job's terminal state within --max-wait-ms",
  purposes: ['webhook'],
  skipReason: (run) =>
    !webhookRuleOf(run.api)
      ? 'the spec declares no webhook on its create (x-jobtwin webhook)'
      : !run.options.webhookListen
        ? 'needs --webhook-listen [HOST:]PORT: a listener the target can reach, whose URL the creates carry'
        : 'no job with a webhook was waited for',
  run(ctx) {
    const p = ctx.purpose;
    const rule = webhookRuleOf(ctx.api)!;
    const { model } = ctx;
    const layout = deliveryLayout(ctx.api);
    const validate = webhookSchema(ctx.api);
    const failures: FailureDraft[] = [];
    const final = p.finalState;
    let previous: string | undefined;
    p.deliveries.forEach((d, i) => {
      const n = `webhook ${i + 1} of ${p.deliveries.length} for job ${p.job.id}`;
      if (d.body === undefined) {
        failures.push({ message: `${n} is not JSON`, expected: 'a JSON body', received: excerpt(d.text), key: 'not json' });
        return;
      }
      if (rule.signing === 'standard') {
        const problem = signatureProblem(d, p.secret);
        if (problem) failures.push({ message: `${n} ${problem.message}`, expected: problem.expected, received: problem.received, key: problem.key });
      }
      if (validate && !validate(d.body)) {
        const error = validate.errors?.[0];
        failures.push({
          message: `${n} does not match the documented webhook schema: ${error?.instancePath || '/'} ${error?.message ?? ''}`.trim(),
          expected: 'a body valid against the webhook schema',
          received: excerpt(d.text),
          key: `schema ${error?.instancePath || '/'} ${error?.keyword}`,
        });
      }
      const state = readObservation(layout, d.body, { at: d.at, seq: 0, httpStatus: 200 }).status;
      if (state === undefined) {
        failures.push({
          message: `${n} carries no job status`,
          expected: 'the job as the status operation shows it',
          received: excerpt(d.text),
          key: 'no status',
        });
        return;
      }
      if (!model.isState(state)) {
        failures.push({ message: `${n} says "${state}", not a declared state`, expected: [...model.states].join(', '), received: state, key: 'unknown state' });
        return;
      }
      if (!eventsFor(rule, state, p.wanted).length) {
        failures.push({
          message: `${n} was sent for "${state}", which no event the create asked for stands for`,
          expected: `events ${JSON.stringify(p.wanted ?? Object.keys(rule.events ?? {}))}`,
          received: state,
          key: `unwanted ${state}`,
        });
      }
      if (final !== undefined && !(model.canReach(model.initial, state) && model.canReach(state, final))) {
        failures.push({
          message: `${n} says "${state}", a state the job did not pass on its way to "${final}"`,
          expected: `a state between ${model.initial} and ${final}`,
          received: state,
          key: `not passed ${state}`,
        });
      }
      if (previous !== undefined && !model.canReach(previous, state)) {
        failures.push({
          message: `${n} says "${state}" after a webhook that said "${previous}": out of lifecycle order`,
          expected: `a state reachable from "${previous}"`,
          received: state,
          key: `order ${previous} ${state}`,
        });
      }
      previous = state;
    });
    const states = p.deliveries.map((d) => deliveryState(ctx.api, d.body));
    if (final !== undefined && model.isTerminal(final) && eventsFor(rule, final, p.wanted).length && !states.includes(final)) {
      failures.push({
        message: `job ${p.job.id} ended "${final}" but no webhook said so within ${p.maxWaitMs} ms (got ${states.length ? states.map((s) => s ?? '?').join(', ') : 'none'})`,
        expected: `a webhook for "${final}"`,
        received: states.length ? states.map((s) => s ?? '?').join(', ') : 'no webhook',
        key: 'no terminal',
      });
    }
    return failures;
  },
});

/** What is wrong with a delivery's Standard Webhooks headers (the signature checked only with the secret). */
function signatureProblem(d: WebhookSeen, secret: string | undefined): { message: string; expected: string; received: string; key: string } | undefined {
  const header = (name: string) => {
    const value = d.headers?.[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const [id, timestamp, signature] = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map(header);
  if (!id || !timestamp || !signature) {
    return {
      message: 'is not signed: the spec declares Standard Webhooks signing',
      expected: 'webhook-id, webhook-timestamp and webhook-signature headers',
      received: `webhook-id ${id ?? 'absent'}, webhook-timestamp ${timestamp ?? 'absent'}, webhook-signature ${signature ?? 'absent'}`,
      key: 'unsigned',
    };
  }
  if (secret === undefined) return undefined;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${d.text}`).digest('base64');
  if (signature.split(' ').includes(`v1,${expected}`)) return undefined;
  return { message: 'has a signature that --webhook-secret does not verify', expected: `v1,${expected}`, received: signature, key: 'bad signature' };
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const layouts = new WeakMap<ApiModel, Layout>();

/** The job status a delivery's body carries, read where the webhook (else status) template puts it. */
export function deliveryState(api: ApiModel, body: unknown): string | undefined {
  return body === undefined ? undefined : readObservation(deliveryLayout(api), body, { at: 0, seq: 0, httpStatus: 200 }).status;
}

/** Where a delivery's body holds the job's fields: the webhook body template's, else the status operation's. */
function deliveryLayout(api: ApiModel): Layout {
  let layout = layouts.get(api);
  if (!layout) {
    const rule = webhookRuleOf(api);
    layouts.set(api, (layout = layoutOf(rule?.body ?? api.byRole.status?.body ?? api.byRole.create?.body, api.ext.lifecycle.running)));
  }
  return layout;
}

const schemas = new WeakMap<ApiModel, ValidateFunction | null>();

/** The documented webhook body schema: the first of the document's webhooks, else of the create's callbacks. */
export function webhookSchema(api: ApiModel): ValidateFunction | null {
  if (schemas.has(api)) return schemas.get(api)!;
  const schema = firstSchema(api);
  let validate: ValidateFunction | null;
  try {
    validate = schema === undefined ? null : createAjv().compile(schema as object);
  } catch {
    // a schema ajv cannot compile is not held against the target
    validate = null;
  }
  schemas.set(api, validate);
  return validate;
}

function firstSchema(api: ApiModel): unknown {
  const items: unknown[] = [...Object.values(api.document.webhooks ?? {})];
  const create = api.byRole.create;
  const callbacks = create ? api.document.paths?.[create.path]?.[create.method]?.callbacks : undefined;
  for (const callback of Object.values<Record<string, unknown>>(callbacks ?? {})) items.push(...Object.values(callback));
  for (const item of items) {
    const schema = (item as any)?.post?.requestBody?.content?.['application/json']?.schema;
    if (schema !== undefined) return schema;
  }
  return undefined;
}
