// Finds the job operations of a vendor's spec by their shape, not their names: the POST that starts a
// job, the GET that reads its status, its cancel, the list of jobs and the results. Each pick says why.
import { mediaExamples } from './schema-view.js';
import { findField, idScore, itemsOf, opKey, statesOf, statusScore, type FieldAt, type SpecOperation } from './spec-operations.js';

export interface CreateFound {
  op: SpecOperation;
  /** where the new job's id sits in the answer */
  id?: FieldAt;
  why: string;
}

export interface JobFound {
  op: SpecOperation;
  /** the path parameter that names the job */
  jobParam: string;
  why: string;
}

export interface StatusFound extends JobFound {
  field?: FieldAt;
  states?: { states: string[]; from: 'enum' | 'examples' };
}

export interface ListFound {
  op: SpecOperation;
  /** where the array of jobs sits in the answer ([] for an answer that is the array) */
  itemsPath: string[];
  items: Record<string, any>;
  why: string;
}

export interface FoundRoles {
  create?: CreateFound;
  status?: StatusFound;
  cancel?: JobFound;
  list?: ListFound;
  results?: JobFound;
}

const RESULTS_TAIL = /\/(results?|outputs?|download|content|artifacts?)$/i;
const CANCEL_TAIL = /[/:](cancel|cancellation|abort|stop)$/i;
const ACTION_TAIL = /[/:](cancel|cancellation|abort|stop|retry|restart|resume|pause|delete|archive|login|logout|token|refresh)$/i;
const endsWithParam = (path: string) => /\}$/.test(path);
const trimmed = (path: string) => path.replace(/\/+$/, '');
/** `inner` sits below `outer` (/batches/{id}/status below /batches) */
const below = (inner: string, outer: string) => trimmed(inner).startsWith(`${trimmed(outer)}/`);

/** the path up to the job's id: /jobs/{id} of /jobs/{id}/status */
const jobPath = (path: string) => path.replace(/(\{[^}]+\})[^{}]*$/, '$1');

function best<T>(scored: Array<{ score: number; found: T }>): T | undefined {
  let top: { score: number; found: T } | undefined;
  for (const entry of scored) if (entry.score > 0 && (!top || entry.score > top.score)) top = entry;
  return top?.found;
}

function statusCandidates(ops: SpecOperation[]): Array<{ score: number; found: StatusFound }> {
  return ops
    .filter((op) => op.method === 'get' && op.pathParams.length > 0 && !RESULTS_TAIL.test(op.path) && !CANCEL_TAIL.test(op.path))
    .map((op) => {
      const field = findField(op.success?.schema, statusScore);
      const states = field ? statesOf(mediaExamples(op.success?.media), field) : undefined;
      const jobParam = op.pathParams[op.pathParams.length - 1];
      let score = field ? (states?.from === 'enum' ? 6 : states ? 4 : 1) : 0;
      if (score && (endsWithParam(op.path) || /\/status$/i.test(op.path))) score += 1;
      const how = states ? `its ${states.from === 'enum' ? 'enum' : 'documented examples'}` : 'no value list';
      const why = field
        ? `GET on a path with the job's id ({${jobParam}}); its answer has a status field, /${field.path.join('/')}, with ${how}`
        : 'no status field';
      return { score, found: { op, jobParam, field, states, why } };
    });
}

function createCandidates(ops: SpecOperation[], statuses: Array<{ score: number; found: StatusFound }>): Array<{ score: number; found: CreateFound }> {
  return ops
    .filter((op) => op.method === 'post' && !endsWithParam(op.path) && !ACTION_TAIL.test(op.path))
    .map((op) => {
      const id = findField(op.success?.schema, idScore);
      const accepted = op.statuses.filter((s) => s === '201' || s === '202');
      let score = (id ? (id.path.length === 1 ? 4 : 3) : 0) + (accepted.length ? 2 : 0);
      if (!score) return { score, found: { op, why: '' } };
      if (op.operation.requestBody) score += 1;
      // a job that can be read back below the path it was created at, or named alike; the more that
      // read-back looks like a job's status, the likelier this is the job's create (in a document of
      // 200 operations, POST /evals answers 201 with an id, yet only GET /batches/{id} has a state enum)
      const related = statuses
        .filter(({ found: s }) => below(s.op.path, op.path) || (id && s.jobParam === id.path[id.path.length - 1]))
        .sort((a, b) => b.score - a.score)[0];
      if (related) score += 2 + related.score;
      const reasons = [
        'POST on a collection',
        accepted.length ? `answers ${accepted.join('/')}` : undefined,
        id ? `the answer holds an id at /${id.path.join('/')}` : undefined,
        related ? `jobs are read back at ${opKey(related.found.op)}` : undefined,
      ];
      return { score, found: { op, id, why: reasons.filter(Boolean).join('; ') } };
    });
}

function cancelCandidates(ops: SpecOperation[], status: StatusFound | undefined): Array<{ score: number; found: JobFound }> {
  return ops
    .filter((op) => ['post', 'delete', 'put', 'patch'].includes(op.method) && op.pathParams.length > 0)
    .map((op) => {
      const jobParam = op.pathParams[op.pathParams.length - 1];
      if (CANCEL_TAIL.test(op.path)) return { score: 3, found: { op, jobParam, why: `${op.method.toUpperCase()} on .../{${jobParam}}/cancel` } };
      if (op.method === 'delete' && endsWithParam(op.path) && status && trimmed(op.path) === trimmed(status.op.path))
        return { score: 2, found: { op, jobParam, why: "DELETE on the job's own path" } };
      return { score: 0, found: { op, jobParam, why: '' } };
    });
}

function resultsCandidates(ops: SpecOperation[], status: StatusFound | undefined): Array<{ score: number; found: JobFound }> {
  return ops
    .filter((op) => op.method === 'get' && op.pathParams.length > 0 && RESULTS_TAIL.test(op.path))
    .map((op) => {
      const jobParam = op.pathParams[op.pathParams.length - 1];
      // a job's results sit below the job's own path (/jobs/{id} of /jobs/{id}/status); elsewhere they
      // are another resource's content
      const score = !status || below(op.path, jobPath(status.op.path)) ? 2 : 0;
      return { score, found: { op, jobParam, why: `GET on .../{${jobParam}}/${op.path.split('/').pop()}` } };
    });
}

function listCandidates(ops: SpecOperation[], create: CreateFound | undefined, status: StatusFound | undefined): Array<{ score: number; found: ListFound }> {
  return ops
    .filter((op) => op.method === 'get' && !endsWithParam(op.path))
    .map((op) => {
      const found = itemsOf(op.success?.schema);
      if (!found) return { score: 0, found: { op, itemsPath: [], items: {}, why: '' } };
      const hasId = !!findField(found.items, idScore, 0);
      const hasStatus = !!findField(found.items, statusScore, 0);
      let score = (hasId ? 2 : 0) + (hasStatus ? 2 : 0);
      if (!score) return { score, found: { op, itemsPath: [], items: {}, why: '' } };
      const sameAsCreate = create && trimmed(op.path) === trimmed(create.op.path);
      const aboveStatus = status && below(status.op.path, op.path);
      if (sameAsCreate || aboveStatus) score += 3;
      const where = found.path.length ? `an array of jobs at /${found.path.join('/')}` : 'an array of jobs';
      const why = `GET on a collection answering ${where}${hasStatus ? ' with their status' : ''}${sameAsCreate ? ' (the path jobs are created at)' : aboveStatus ? ' (above the status path)' : ''}`;
      return { score, found: { op, itemsPath: found.path, items: found.items, why } };
    });
}

/** The lifecycle operations found; each operation takes at most one role. */
export function findRoles(ops: SpecOperation[]): FoundRoles {
  const taken = new Set<string>();
  const free = () => ops.filter((op) => !taken.has(opKey(op)));
  const take = <T extends { op: SpecOperation }>(found: T | undefined) => {
    if (found) taken.add(opKey(found.op));
    return found;
  };
  const statuses = statusCandidates(ops);
  const create = take(best(createCandidates(free(), statuses)));
  const status = take(
    best(
      statuses
        .filter((s) => !taken.has(opKey(s.found.op)))
        .map((s) => ({ ...s, score: s.score && create && below(s.found.op.path, create.op.path) ? s.score + 2 : s.score })),
    ),
  );
  // results are GETs on a tail no status path has: they never compete with the picks above
  const results = take(best(resultsCandidates(free(), status)));
  const cancel = take(best(cancelCandidates(free(), status)));
  const list = take(best(listCandidates(free(), create, status)));
  return { create, status, cancel, list, results };
}
