// Requests no operation documents, sent only where the spec declares the answer (x-jobtwin http):
// every documented path with each method it does not document (HEAD included) must get 405 with
// Allow; unknown paths, beside and below documented ones, 404. Sent with valid credentials and the
// probe job's id, so that nothing but the route can refuse them.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { OperationModel } from '../../src/spec/model.js';
import type { Purpose } from '../checks/types.js';
import type { RunContext } from '../runner/context.js';
import { runProperty, where } from '../runner/property.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

interface Probe {
  op: OperationModel;
  method: string;
  path: string;
  purpose: Extract<Purpose, { kind: 'routing' }>;
}

function filled(ctx: RunContext, op: OperationModel, id: string): string {
  const idName = op.ext?.jobId?.in === 'path' ? op.ext.jobId.name : undefined;
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(name === idName ? id : 'x'));
}

/** The methods documented for a concrete path, by every template that matches it (a filled path may match another's). */
function methodsAt(ctx: RunContext, path: string): string[] {
  const matching = ctx.api.operations.filter((op) => new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  return [...new Set(matching.map((op) => op.method.toUpperCase()))];
}

function probes(ctx: RunContext, id: string): Probe[] {
  const http = ctx.api.ext.http ?? {};
  const byPath = new Map<string, OperationModel[]>();
  for (const op of ctx.api.operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  const out: Probe[] = [];
  for (const [template, ops] of byPath) {
    const path = filled(ctx, ops[0], id);
    const documented = methodsAt(ctx, path);
    if (http.methodNotAllowed) {
      for (const method of METHODS.filter((m) => !documented.includes(m))) {
        out.push({ op: ops[0], method, path, purpose: { kind: 'routing', expect: 'methodNotAllowed', method, path: template, documented } });
      }
    }
    if (http.unknownPath && methodsAt(ctx, `${path}/jobtwin-no-such-route`).length === 0) {
      const below = `${path}/jobtwin-no-such-route`;
      out.push({
        op: ops[0],
        method: documented[0],
        path: below,
        purpose: { kind: 'routing', expect: 'unknownPath', method: documented[0], path: `${template}/jobtwin-no-such-route` },
      });
    }
  }
  if (http.unknownPath && ctx.api.operations[0]) {
    const path = `/jobtwin-no-such-route-${randomBytes(4).toString('hex')}`;
    out.push({ op: ctx.api.operations[0], method: 'GET', path, purpose: { kind: 'routing', expect: 'unknownPath', method: 'GET', path } });
  }
  return out;
}

export async function routesPhase(ctx: RunContext, unknownId: string): Promise<void> {
  const http = ctx.api.ext.http ?? {};
  if (!http.methodNotAllowed) ctx.skip('stateless', 'undocumented methods not sent: the spec does not declare their answer (x-jobtwin http.methodNotAllowed)');
  if (!http.unknownPath) ctx.skip('stateless', 'unknown paths not sent: the spec does not declare their answer (x-jobtwin http.unknownPath)');
  const list = probes(ctx, ctx.probe?.id ?? unknownId);
  const first = ctx.api.operations[0];
  if (list.length === 0 || !first) return;
  const w = where('stateless', first.operationId, 'routes');
  // every probe once, in order: the property's one run walks the whole list
  await runProperty(
    ctx,
    w,
    fc.constant(list),
    async (all) => {
      let found = 0;
      for (const p of all) {
        if (ctx.timedOut) break;
        const authorization = ctx.authorization('main');
        const headers: Record<string, string> = { ...ctx.headers };
        if (authorization) headers.authorization = authorization;
        const exchange = await ctx.client.send({ method: p.method, url: `${ctx.target}${p.path}`, headers });
        found += ctx.judge(p.op, exchange, p.purpose, w);
      }
      return found;
    },
    1,
  );
}
