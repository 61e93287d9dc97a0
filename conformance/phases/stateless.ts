// Stateless properties per operation: valid requests accepted, each constraint broken in turn refused
// with a documented 4xx, no or a bad token refused with 401, a never-created id not found.
import fc from 'fast-check';
import { CROCKFORD } from '../../src/rng/rng.js';
import type { OperationModel } from '../../src/spec/model.js';
import { bodyLimit, extraProperties, MAX_SENT_BYTES, oversized, withExtraProperty } from '../arbitraries/body-extremes.js';
import { whyNotTampered, type DerivedToken } from '../arbitraries/credentials.js';
import { malformedIds, validationStatus } from '../arbitraries/malformed-id.js';
import { routesPhase } from './routes.js';
import { negativeCases, validRequest, type GeneratedRequest } from '../arbitraries/request.js';
import type { RequestParts } from '../http/build.js';
import type { RunContext } from '../runner/context.js';
import { jobParts } from '../runner/jobs.js';
import { runProperty, where } from '../runner/property.js';

/** Ids of the API's own shape (x-jobtwin ids) that nobody created. */
export function unknownIdArbitrary(ctx: Pick<RunContext, 'api'>): fc.Arbitrary<string> {
  const ids = ctx.api.ext.ids;
  if (ids.format === 'uuid') return fc.uuid({ version: 4 });
  const chars = fc.constantFrom(...CROCKFORD.split(''));
  return fc.array(chars, { minLength: ids.length ?? 24, maxLength: ids.length ?? 24 }).map((c) => `${ids.prefix ?? ''}${c.join('')}`);
}

/** Whether the operation asks for credentials (its own security, else the document's). */
export function needsAuth(op: OperationModel): boolean {
  // an empty alternative ({}) lets a request in without any
  return op.security.length > 0 && !op.security.some((alt) => Object.keys(alt).length === 0);
}

function pathParams(op: OperationModel): string[] {
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

/** The request with the probe job's id where the operation takes a job id; undefined when it needs one and there is none. */
export function withJob(ctx: RunContext, op: OperationModel, parts: GeneratedRequest): RequestParts | undefined {
  const params = pathParams(op);
  const idName = op.ext?.jobId?.name;
  if (params.length === 0) return parts;
  if (!idName || !ctx.probe || params.some((p) => p !== idName)) return undefined;
  return { ...parts, params: { ...parts.params, [idName]: ctx.probe.id } };
}

function kindName(text: string): string {
  return text.replace(/[:\s]+/g, '.');
}

/**
 * An undeclared top-level property where the body schema allows extra ones must be accepted (where it
 * forbids them, the negative cases already send one); a body one byte over the documented limit must
 * be refused, with 413 where the operation documents it.
 */
async function bodyExtremes(ctx: RunContext, op: OperationModel): Promise<void> {
  if (!op.requestBody) return;
  if (extraProperties(op) === 'allowed' && withJob(ctx, op, { params: {}, query: {}, headers: {} })) {
    const w = where('stateless', op.operationId, 'positive-extra-property');
    await runProperty(
      ctx,
      w,
      withExtraProperty(validRequest(op)),
      async (generated) => {
        return ctx.judge(op, await ctx.send(op, withJob(ctx, op, generated)!), { kind: 'positive' }, w);
      },
      Math.max(1, Math.ceil(ctx.runs / 5)),
    );
  }
  const declared = bodyLimit(ctx.api, op);
  if (declared === undefined) return;
  const limit = declared.bytes;
  if (declared.assumed && !ctx.options.strict) {
    ctx.skip(
      'stateless',
      `${op.operationId}: its body limit (${limit} bytes) is an assumption the vendor does not document (x-jobtwin limits.assumed): checked only with --strict`,
    );
    return;
  }
  if (limit >= MAX_SENT_BYTES) {
    ctx.skip('stateless', `${op.operationId}: its body limit (${limit} bytes) is over the ${MAX_SENT_BYTES} bytes the suite sends, so it was not checked`);
    return;
  }
  const w = where('stateless', op.operationId, 'body-over-limit');
  await runProperty(
    ctx,
    w,
    validRequest(op),
    async (generated) => {
      const big = oversized(op, withJob(ctx, op, generated) ?? generated, limit);
      if (!big) return 0;
      const purpose = {
        kind: 'negative' as const,
        location: 'body',
        name: '',
        keyword: 'bodyBytes',
        description: `a body of ${limit + 1} bytes, over the declared limit of ${limit}`,
        status: op.statuses.has('413') || op.assumed['413'] ? 413 : undefined,
      };
      return ctx.judge(op, await ctx.send(op, big), purpose, w);
    },
    1,
  );
}

const notTampered = new WeakMap<RunContext, Set<string>>();

/**
 * Well-formed but invalid credentials, each must get 401: the tokens derived from a JWT --token
 * (where the operation's bearer scheme is a JWT), and the --expired-token. Every request is one the
 * real token would have made valid (the probe job's id), so only the credentials can refuse it.
 */
async function badCredentials(ctx: RunContext, op: OperationModel): Promise<void> {
  const why = whyNotTampered(ctx.api, op, ctx.options.token);
  const tokens: DerivedToken[] = why ? [] : [...ctx.tampered];
  if (why) {
    const said = notTampered.get(ctx) ?? new Set<string>();
    if (!said.has(why)) ctx.skip('stateless', `tampered credentials not sent: ${why}`);
    notTampered.set(ctx, said.add(why));
  }
  if (ctx.options.expiredToken)
    tokens.push({ variant: 'expired', token: ctx.options.expiredToken, description: 'the expired token', variable: 'JOBTWIN_EXPIRED_TOKEN' });
  for (const t of tokens) {
    const w = where('stateless', op.operationId, `auth-${t.variant}`);
    await runProperty(
      ctx,
      w,
      validRequest(op),
      async (generated) => {
        const parts = withJob(ctx, op, generated) ?? generated;
        return ctx.judge(op, await ctx.send(op, parts, { bearer: t.token }), { kind: 'auth', variant: t.variant, description: t.description }, w);
      },
      1,
    );
  }
}

export async function statelessPhase(ctx: RunContext): Promise<void> {
  for (const op of ctx.api.operations) {
    const id = op.operationId;
    const role = op.ext?.role;
    // Cancelling the probe job would leave the rest without one: cancel is driven by the lifecycle phase.
    if (role !== 'cancel') {
      const w = where('stateless', id, 'positive');
      if (withJob(ctx, op, { params: {}, query: {}, headers: {} })) {
        await runProperty(
          ctx,
          w,
          validRequest(op),
          async (generated) => {
            const parts = withJob(ctx, op, generated)!;
            return ctx.judge(op, await ctx.send(op, parts), { kind: 'positive' }, w);
          },
          ctx.runs,
        );
      }
    }
    for (const c of negativeCases(op)) {
      const w = where('stateless', id, kindName(`negative-${c.location}-${c.name}-${c.keyword}`));
      const purpose = { kind: 'negative' as const, location: c.location, name: c.name, keyword: c.keyword, description: c.description };
      await runProperty(
        ctx,
        w,
        c.request,
        async (generated) => {
          const parts = withJob(ctx, op, generated) ?? generated;
          return ctx.judge(op, await ctx.send(op, parts, 'main', { location: c.location, name: c.name }), purpose, w);
        },
        Math.max(1, Math.ceil(ctx.runs / 5)),
      );
    }
    if (role !== 'cancel') await bodyExtremes(ctx, op);
    const malformed = malformedIds(op);
    if (malformed.length > 0) {
      // every operation on a job id, cancel included: a malformed id can name no job to act on
      const w = where('stateless', id, 'malformed-id');
      const status = validationStatus(op, ctx.api.ext.errors?.validationStatus);
      await runProperty(
        ctx,
        w,
        fc.constantFrom(...malformed),
        async ({ param, value }) => {
          const parts = jobParts(op, value);
          const purpose = {
            kind: 'negative' as const,
            location: 'path',
            name: param.name,
            keyword: 'jobId',
            description: `the malformed job id ${JSON.stringify(value)}`,
            status,
          };
          return ctx.judge(op, await ctx.send(op, parts, 'main', { location: 'path', name: param.name }), purpose, w);
        },
        Math.min(malformed.length, Math.max(2, Math.ceil(ctx.runs / 4))),
      );
    }
    if (needsAuth(op)) {
      for (const variant of ['missing', 'malformed'] as const) {
        const w = where('stateless', id, `auth-${variant}`);
        await runProperty(
          ctx,
          w,
          validRequest(op),
          async (generated) => {
            const parts = withJob(ctx, op, generated) ?? generated;
            return ctx.judge(op, await ctx.send(op, parts, variant === 'missing' ? 'none' : 'malformed'), { kind: 'auth', variant }, w);
          },
          1,
        );
      }
      await badCredentials(ctx, op);
    }
    if (op.ext?.jobId) {
      const w = where('stateless', id, 'unknown-id');
      await runProperty(
        ctx,
        w,
        unknownIdArbitrary(ctx),
        async (unknown) => {
          return ctx.judge(op, await ctx.send(op, jobParts(op, unknown)), { kind: 'unknown-id', id: unknown }, w);
        },
        Math.max(1, Math.ceil(ctx.runs / 4)),
      );
    }
  }
  // last: a target that wrongly serves an undocumented method on the probe job cannot spoil the rest
  if (!ctx.timedOut) await routesPhase(ctx, fc.sample(unknownIdArbitrary(ctx), { seed: ctx.seed, numRuns: 1 })[0]);
}
