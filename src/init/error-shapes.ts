// The documented error bodies of a spec grouped by shape, so a draft's error templates fit every one the
// twin can answer: one root envelope for the most common shape, a root byStatus where a status has its
// own shape across operations, and an operation's own envelope or byStatus where it differs. A template
// fits a body when its rendering, for a typical error of that status, passes the body's schema (ajv).
import type { ValidateFunction } from 'ajv';
import { compileTemplate } from '../template/compile.js';
import { createAjv } from '../validation/ajv.js';
import { KIND_STATUS, statusTitle } from '../mock/errors.js';
import { plain } from './commented-yaml.js';

type Schema = Record<string, any>;

/** One documented error body: an operation's status and its schema, and the envelope drafted from it. */
export interface ErrorBody<Op> {
  op: Op;
  status: string;
  schema: Schema;
  /** the envelope drafted from this schema (with its comments), when its fields say what goes where */
  envelope?: Record<string, unknown>;
}

export interface ErrorPlan<Op> {
  envelope: ErrorBody<Op>;
  byStatus: Map<string, ErrorBody<Op>>;
  /** per operation: its own envelope, or its own template per status (`fits` false: none drafted fits, a person decides) */
  own: Map<Op, { envelope?: ErrorBody<Op>; byStatus: Map<string, { body: ErrorBody<Op>; fits: boolean }> }>;
  /** how many documented error bodies the root envelope fits, of how many */
  fits: { root: number; of: number };
}

let ajv: ReturnType<typeof createAjv> | undefined;
const validators = new WeakMap<object, ValidateFunction | null>();

function validatorOf(schema: Schema): ValidateFunction | null {
  let v = validators.get(schema);
  if (v === undefined) {
    try {
      v = (ajv ??= createAjv()).compile(schema);
    } catch {
      v = null; // a schema ajv cannot take holds nothing to (the loader reports it)
    }
    validators.set(schema, v);
  }
  return v;
}

/** The envelope's rendering for a typical error of the status, as the twin would answer it. */
function rendered(envelope: Record<string, unknown>, status: number): unknown {
  const kind = Object.entries(KIND_STATUS).find(([, s]) => s === status)?.[0] ?? 'invalid';
  const message = statusTitle(status);
  return compileTemplate(plain(envelope)).render({
    req: { path: '/jobs/1', method: 'GET', params: {}, query: {}, origin: 'http://localhost:4010', base: '' },
    now: Date.UTC(2026, 0, 1),
    error: {
      status,
      message,
      title: statusTitle(status),
      code: statusTitle(status)
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_'),
      details: [{ loc: [], msg: message, type: kind }],
    },
  });
}

export function fits(envelope: Record<string, unknown> | undefined, body: ErrorBody<unknown>): boolean {
  if (!envelope) return false;
  const validate = validatorOf(body.schema);
  return !validate || validate(rendered(envelope, Number(body.status))) === true;
}

/** The distinct envelopes drafted from the bodies, in the bodies' order (which puts the preferred first). */
function candidates<Op>(bodies: Array<ErrorBody<Op>>): Array<ErrorBody<Op>> {
  const seen = new Set<string>();
  return bodies.filter((b) => {
    if (!b.envelope || !Object.keys(b.envelope).length) return false;
    const key = JSON.stringify(plain(b.envelope));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The candidate that fits the most of `bodies`, the earliest on a tie. */
function best<Op>(options: Array<ErrorBody<Op>>, bodies: Array<ErrorBody<Op>>): { body: ErrorBody<Op>; count: number } | undefined {
  let out: { body: ErrorBody<Op>; count: number } | undefined;
  for (const option of options) {
    const count = bodies.filter((b) => fits(option.envelope, b)).length;
    if (!out || count > out.count) out = { body: option, count };
  }
  return out;
}

/**
 * `bodies`: every documented error body, the preferred source of the root envelope first; `canOwn`:
 * whether an operation can hold templates of its own (only a role's operation has an x-jobtwin).
 */
export function planErrors<Op>(bodies: Array<ErrorBody<Op>>, canOwn: (op: Op) => boolean): ErrorPlan<Op> | undefined {
  const options = candidates(bodies);
  const root = best(options, bodies);
  if (!root) return undefined;
  const byStatus = new Map<string, ErrorBody<Op>>();
  const statuses = [...new Set(bodies.map((b) => b.status))];
  for (const status of statuses) {
    const ofStatus = bodies.filter((b) => b.status === status);
    const misfits = ofStatus.filter((b) => !fits(root.body.envelope, b));
    if (!misfits.length) continue;
    // a shape drafted from this status's own bodies first, so a tie keeps the status's own words
    const ranked = [...candidates(ofStatus), ...options];
    const shared = best(ranked, ofStatus);
    if (shared && shared.count === ofStatus.length && new Set(ofStatus.map((b) => b.op)).size > 1) {
      byStatus.set(status, shared.body);
      continue;
    }
    // an operation without its own x-jobtwin can only be answered through the root: the shape that fits
    // it and the most of the others (those with an x-jobtwin then get their own where it does not fit)
    const stuck = misfits.some((b) => !canOwn(b.op)) ? ofStatus.filter((b) => !canOwn(b.op)) : [];
    const forStuck = stuck.length
      ? best(
          ranked.filter((o) => stuck.every((b) => fits(o.envelope, b))),
          ofStatus,
        )
      : undefined;
    if (forStuck) byStatus.set(status, forStuck.body);
  }
  const own: ErrorPlan<Op>['own'] = new Map();
  const ops = [...new Set(bodies.map((b) => b.op))].filter(canOwn);
  for (const op of ops) {
    const mine = bodies.filter((b) => b.op === op);
    const misfits = mine.filter((b) => !fits((byStatus.get(b.status) ?? root.body).envelope, b));
    if (!misfits.length) continue;
    const whole = best([...candidates(mine), ...options], mine);
    if (misfits.length > 1 && whole && whole.count === mine.length) {
      own.set(op, { envelope: whole.body, byStatus: new Map() });
      continue;
    }
    const perStatus = new Map<string, { body: ErrorBody<Op>; fits: boolean }>();
    for (const body of misfits) {
      const fitting = fits(body.envelope, body) ? body : options.find((o) => fits(o.envelope, body));
      perStatus.set(body.status, fitting ? { body: fitting, fits: true } : { body, fits: false });
    }
    own.set(op, { byStatus: perStatus });
  }
  return { envelope: root.body, byStatus, own, fits: { root: root.count, of: bodies.length } };
}
