// Start-up check of a spec's templates against its own response schemas: each role's body is rendered
// for a typical job in every state the lifecycle declares (on a throwaway twin, through the same code
// that answers requests) and validated with ajv, then each error the twin can answer (./error-check.ts).
// A rendering the schema refuses stops start-up instead of being served to a client.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { TwinClock } from '../core/clock/clock.js';
import { Twin, TwinError } from '../core/twin.js';
import type { Job } from '../core/store/job.js';
import type { ApiModel, OperationModel, RoleOperation } from '../spec/model.js';
import type { CompiledTemplate } from '../template/compile.js';
import { schemaObject } from '../spec/operation-view.js';
import { SpecError, pointerPart } from '../spec/spec-error.js';
import { documentedResponse, ResponseValidator } from '../validation/response.js';
import { isJsonMedia } from '../validation/media.js';
import { defaultInput } from './default-input.js';
import { sampleOf } from '../init/schema-view.js';
import { checkErrorRendering } from './error-check.js';
import type { ErrorRequest } from './errors.js';
import { jobScope, pageScope } from './handlers/context.js';

// Long enough that no typical job moves on while it is looked at.
const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);

/**
 * Throws a SpecError naming the template, the state and ajv's message when a rendering breaks its
 * schema. `prefix`: where the API is mounted, for req.path (as src/mock/router.ts mounts it).
 */
export function checkRendering(api: ApiModel, ajv: Ajv2020, prefix = api.basePath): void {
  const lc = api.ext.lifecycle;
  const twin = new Twin([api], new TwinClock({ start: START, frozen: true }), 1, 1);
  const validator = new ResponseValidator(ajv);
  const durations = Object.fromEntries(lc.states.map((s) => [s, HOUR]));
  const input = typicalInput(api);
  const newJob = (state?: string): Job | undefined => {
    try {
      const type = api.byRole.create?.ext?.jobType;
      return twin.create(api, { tenant: 'check', input, type, state, overrides: { durations, backoff: HOUR } });
    } catch (error) {
      // a state the lifecycle cannot reach is the cross-checks' to report, not this check's
      if (error instanceof TwinError) return undefined;
      throw error;
    }
  };
  const inEveryState = (): Array<{ state: string; job: Job }> =>
    lc.states.flatMap((state) => {
      const job = newJob(state);
      return job ? [{ state, job }] : [];
    });

  for (const op of api.operations) {
    const role = op.asRole;
    if (!role) continue;
    const where = `${api.source}#/paths/${pointerPart(op.path)}/${op.method}`;
    // `blame` turns the path ajv complains about into the template spot that wrote it
    const check = (body: unknown, state: string, blame: (path: string) => string = (path) => `body${spotIn(role.body, path)}`) => {
      const problem = validate(validator, op, op.successStatus, body);
      if (problem) throw new SpecError(`${where}/x-jobtwin/${blame(problem.path)}: rendered for a job in state "${state}", the ${problem.message}`);
    };
    const req = (job?: Job) => typicalRequest(prefix, op, job);
    const now = START;
    if (role.role === 'create') {
      const job = newJob()!;
      const view = twin.view(api, job);
      check(role.body.render(jobScope({ req: req(), now }, view)), view.status);
    } else if (role.role === 'cancel') {
      for (const state of lc.cancel?.allowed ?? []) {
        const job = newJob(state);
        if (!job) continue;
        const cancelled = twin.cancel(api, job);
        if (cancelled.outcome === 'cancelled') check(role.body.render(jobScope({ req: req(job), now }, cancelled.view)), state);
      }
    } else if (role.role === 'list') {
      checkList(role, api, twin, inEveryState(), req(), now, check);
    } else {
      // status and results: the job as read in each state
      for (const { state, job } of inEveryState()) check(role.body.render(jobScope({ req: req(job), now }, twin.view(api, job))), state);
    }
  }
  checkErrorRendering(api, ajv, (op) => typicalRequest(prefix, op), START);
}

/** One page per state, holding that state's item, and an empty page; a failure inside the items is the item's. */
function checkList(
  role: Extract<RoleOperation, { role: 'list' }>,
  api: ApiModel,
  twin: Twin,
  jobs: Array<{ state: string; job: Job }>,
  req: ErrorRequest,
  now: number,
  check: (body: unknown, state: string, blame: (path: string) => string) => void,
): void {
  const itemsAt = role.body.bindings.find((b) => b.expression.paths[0].join('.') === 'page.items')?.pointer;
  const blame = (path: string) => {
    const inItem = itemsAt === undefined ? null : new RegExp(`^${escapeRegExp(itemsAt)}/\\d+(/.*)?$`).exec(path);
    return inItem ? `item${spotIn(role.item, inItem[1] ?? '')}` : `body${spotIn(role.body, path)}`;
  };
  // a cursor as the twin issues one ({"after":1}, base64url) where the list pages by cursor
  const cursor = role.ext.paging?.style === 'cursor' ? 'eyJhZnRlciI6MX0' : null;
  const paged = role.ext.paging !== undefined;
  for (const { state, job } of jobs) {
    const item = role.item.render(jobScope({ req, now }, twin.view(api, job)));
    // a page with more to come, so the next-page fields are rendered as a client sees them mid-walk
    const links = { hasMore: paged, next: paged ? `${req.origin}${req.path}?page=2` : null, previous: null };
    const body = role.body.render(
      pageScope(
        { req, now },
        { items: [item], total: 1, limit: role.ext.paging?.limit?.default ?? null, nextCursor: cursor, firstId: job.id, lastId: job.id, ...links },
      ),
    );
    check(body, state, blame);
  }
  const empty = {
    items: [],
    total: 0,
    limit: role.ext.paging?.limit?.default ?? null,
    nextCursor: null,
    firstId: null,
    lastId: null,
    hasMore: false,
    next: null,
    previous: null,
  };
  check(role.body.render(pageScope({ req, now }, empty)), 'none (an empty page)', blame);
}

/** ajv's complaint about a body sent as JSON and the path of its first error; responses documenting no JSON are not the templates' to judge. */
function validate(validator: ResponseValidator, op: OperationModel, status: number, body: unknown): { message: string; path: string } | undefined {
  const content = documentedResponse(op, status)?.response.content ?? {};
  const media = Object.keys(content).find((m) => isJsonMedia(m) || m === '*/*' || m === 'application/*');
  if (!media) return undefined;
  const result = validator.check(op, status, media === '*/*' || media === 'application/*' ? 'application/json' : media, body);
  if (result.ok) return undefined;
  const path = result.errors?.[0]?.path ?? '';
  return { message: result.message, path: path === '/' ? '' : path };
}

/** The pointer of the expression that wrote the value at `path`: the longest one holding it, '' when none does. */
function spotIn(template: CompiledTemplate, path: string): string {
  let best = '';
  for (const { pointer } of template.expressions) {
    if ((path === pointer || path.startsWith(`${pointer}/`)) && pointer.length > best.length) best = pointer;
  }
  return best;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What a typical create request carries: its documented example (as the control interface uses), with
 * a JSON body's required properties the example leaves out filled with values their schemas accept.
 */
function typicalInput(api: ApiModel): Record<string, unknown> {
  const input = defaultInput(api);
  const [mediaType, media] = Object.entries(api.byRole.create?.requestBody?.content ?? {})[0] ?? [];
  if (!media || !/json/i.test(mediaType)) return input;
  const sample = sampleOf(schemaObject(media.schema) ?? {});
  return sample && typeof sample === 'object' && !Array.isArray(sample) ? { ...(sample as Record<string, unknown>), ...input } : input;
}

/** The request a client would typically send: the job's id where the operation takes it, the query's defaults. */
function typicalRequest(prefix: string, op: OperationModel, job?: Job): ErrorRequest {
  const params: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const p of op.parameters) {
    const value = op.ext?.jobId?.name === p.name && op.ext.jobId.in === p.in && job ? job.id : schemaObject(p.schema)?.default;
    if (value === undefined) continue;
    if (p.in === 'path') params[p.name] = value;
    if (p.in === 'query') query[p.name] = structuredClone(value);
  }
  const path = prefix + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? name)));
  return { path, method: op.method.toUpperCase(), params, query, origin: 'http://localhost:4010', base: prefix };
}
