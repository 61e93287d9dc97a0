// Jobs: list, inspect with the full timeline, create in a chosen state or with a chosen outcome,
// move (or force) a transition, cancel, delete.
import { defaultInput } from '../default-input.js';
import { Router } from 'express';
import type { ApiModel } from '../../spec/model.js';
import type { Job } from '../../core/store/job.js';
import { snapshotOf } from '../../core/lifecycle/view.js';
import type { ControlDeps } from './router.js';
import { badRequest, conflict, notFound, show } from './errors.js';
import { apiAt, apiNamed, jobAt, optionalString, queryLimit, queryString, readBody, requiredString } from './input.js';
import { jobDetail, jobSummary } from './job-view.js';
import { overridesFromBody } from './job-options.js';

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 10_000;

const CREATE_FIELDS = ['api', 'tenant', 'state', 'outcome', 'failures', 'durations', 'type', 'input', 'headers', 'count'] as const;
export const MAX_BULK = 1_000_000;

export function jobsRouter({ twin }: ControlDeps): Router {
  const router = Router();
  const detail = (api: ApiModel, job: Job) => jobDetail(api, job, twin.clock.now());

  router.get('/', (req, res) => {
    const apiName = queryString(req, 'api');
    const api = apiName === undefined ? undefined : apiNamed(twin, apiName);
    const tenant = queryString(req, 'tenant');
    const state = queryString(req, 'state');
    const limit = queryLimit(req, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    if (state !== undefined) {
      const known = new Set((api ? [api] : twin.apiList()).flatMap((a) => a.ext.lifecycle.states));
      if (!known.has(state)) throw badRequest(`"state": "${state}" is not a state of ${api ? api.name : 'any API served'} (${[...known].join(', ')})`);
    }
    twin.sweep();
    const now = twin.clock.now();
    const matching = [...twin.jobs()]
      .filter((job) => (!api || job.api === api.name) && (tenant === undefined || job.tenant === tenant))
      .filter((job) => state === undefined || snapshotOf(twin.api(job.api)!, job, now).state === state)
      .sort((a, b) => b.seq - a.seq);
    res.json({ jobs: matching.slice(0, limit).map((job) => jobSummary(twin.api(job.api)!, job, now)), total: matching.length });
  });

  router.post('/', (req, res) => {
    const body = readBody(req, CREATE_FIELDS);
    const api = apiNamed(
      twin,
      requiredString(
        body,
        'api',
        `one of ${twin
          .apiList()
          .map((a) => a.name)
          .join(', ')}`,
      ),
    );
    const tenant = requiredString(body, 'tenant', "the tenant that owns the job (the bearer token, or a JWT's sub)");
    const state = optionalString(body, 'state');
    const type = optionalString(body, 'type');
    if (body.input !== undefined && (body.input === null || typeof body.input !== 'object' || Array.isArray(body.input))) {
      throw badRequest(`"input" must be a JSON object: the request body the job was created with (got ${show(body.input)})`);
    }
    const headers = body.headers ?? {};
    if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
      throw badRequest(
        `"headers" must be an object of strings: the request headers the job was created with, e.g. {"Cancel-After": "30s"} (got ${show(body.headers)})`,
      );
    }
    const given = Object.fromEntries(Object.entries(headers as Record<string, string>).map(([n, v]) => [n.toLowerCase(), v]));
    const input = body.input ?? defaultInput(api);
    // a deadline the create request would give (lifecycle.deadlines[].param) is read as the API's create reads it
    const deadlineSource = {
      header: (name: string) => given[name.toLowerCase()],
      body: (name: string) => (input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>)[name] : undefined),
    };
    const overrides = overridesFromBody(body, api.ext.lifecycle);
    const count = body.count ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_BULK) {
      throw badRequest(`"count" must be a whole number from 1 to ${MAX_BULK} (got ${show(body.count)})`);
    }
    const args = { tenant, input, type: type ?? api.byRole.create?.ext?.jobType, overrides, state, deadlineSource };
    // Unknown or unreachable state: TwinError invalid, 400 with the API's states.
    const job = twin.create(api, args);
    if (body.count === undefined) {
      res.status(201).json(detail(api, job));
      return;
    }
    // Bulk: seeds a store for load tests; each job draws its own plan.
    let last = job;
    for (let i = 1; i < (count as number); i++) last = twin.create(api, args);
    res.status(201).json({ created: count, first: job.id, last: last.id, jobs: twin.jobCount });
  });

  router.get('/:api/:id', (req, res) => {
    const api = apiAt(twin, req.params.api);
    res.json(detail(api, jobAt(twin, api, req.params.id)));
  });

  router.delete('/:api/:id', (req, res) => {
    const api = apiAt(twin, req.params.api);
    twin.remove(jobAt(twin, api, req.params.id));
    res.status(204).end();
  });

  router.post('/:api/:id/transition', (req, res) => {
    const api = apiAt(twin, req.params.api);
    const job = jobAt(twin, api, req.params.id);
    const body = readBody(req, ['to', 'force']);
    const to = requiredString(body, 'to', `the state to move to (${api.ext.lifecycle.states.join(', ')})`);
    if (body.force !== undefined && typeof body.force !== 'boolean') throw badRequest(`"force" must be true or false (got ${show(body.force)})`);
    // Undeclared move without force: TwinError conflict, 409 naming the allowed ones.
    twin.moveTo(api, job, to, body.force === true);
    res.json(detail(api, job));
  });

  router.post('/:api/:id/cancel', (req, res) => {
    const api = apiAt(twin, req.params.api);
    const job = jobAt(twin, api, req.params.id);
    readBody(req, []);
    const rule = api.ext.lifecycle.cancel;
    const result = twin.cancelByControl(api, job);
    if (result.outcome === 'cancelled') {
      const removed = rule?.removes === true;
      res.json({ cancelled: true, removed, job: removed ? null : detail(api, job) });
      return;
    }
    if (result.outcome === 'unsupported') {
      throw conflict(
        `this API has no way to cancel: ${api.name} declares neither lifecycle.cancel nor lifecycle.controlCancel (or a control state named "cancelled"); POST /__jobtwin/jobs/${api.name}/${job.id}/transition moves it to any state`,
      );
    }
    const allowed = rule && rule.allowed.length ? rule.allowed.join(', ') : 'no state';
    if (result.outcome === 'conflict') {
      throw conflict(
        `${job.id} is "${result.state}": ${api.name}'s cancel operation refuses it (409) in ${rule?.conflict.join(', ')}; it cancels in ${allowed}`,
      );
    }
    throw notFound(
      `${job.id} is "${result.state}": ${api.name}'s cancel operation answers 404 in ${rule?.notFound.join(', ')}, as for an unknown id; it cancels in ${allowed}`,
    );
  });

  return router;
}
