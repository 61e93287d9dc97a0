// The state file, one JSON value per line (so it is written and read in pieces, never as one string):
//
//   {"format":"jobtwin-state","version":1,"savedAt":…,"apis":[{"name","sha256"}],"twin":{…},"jobs":N}
//   ["alchemyst","job_…","alice",1,null,1767225600000,123,0,[[0,"waiting",0],[850,"active",1]],{…input}]
//   … one line per job, in creation order …
//   {"end":"jobtwin-state","jobs":N,"sha256":"<hex of every byte before this line>"}
//
// The end line proves the file is whole; its hash proves nothing in it changed.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ApiModel } from '../spec/model.js';
import { MARK_NAMES, type Job, type JobMarks } from '../core/store/job.js';
import type { Step } from '../core/lifecycle/plan.js';

export const STATE_FORMAT = 'jobtwin-state';
export const STATE_VERSION = 1;

/** A served API and the hash of the spec it was loaded from: jobs drawn from one spec mean nothing under another. */
export interface ApiStamp {
  name: string;
  sha256: string;
}

export type SavedClock = { frozen: true; now: number } | { frozen: false; offsetMs: number };

export interface SavedTwin {
  seed: number;
  /** the last job sequence number handed out */
  sequence: number;
  speed: number;
  clock: SavedClock;
  /** tenant → simulated status (402 or 403) */
  tenants: Array<[string, 402 | 403]>;
  /** other parts of the twin by name, e.g. pending webhook deliveries (absent in older files) */
  parts?: Record<string, unknown>;
}

export interface StateHeader {
  format: typeof STATE_FORMAT;
  version: number;
  savedAt: string;
  apis: ApiStamp[];
  twin: SavedTwin;
  jobs: number;
}

export interface StateEnd {
  end: typeof STATE_FORMAT;
  jobs: number;
  sha256: string;
}

export async function stampApis(apis: ApiModel[]): Promise<ApiStamp[]> {
  return Promise.all(
    apis.map(async (api) => ({
      name: api.name,
      // with overlays, the document they make: an edit to either is another API
      sha256: createHash('sha256')
        .update(api.overlaid ? JSON.stringify(api.overlaid) : await readFile(api.file))
        .digest('hex'),
    })),
  );
}

/**
 * Encodes jobs as lines: [api, id, tenant, seq, type, createdAt, seed, itemCount, steps, input?, deadline?, marks?],
 * each step [at, state, attempt, failure?]; with marks, a job without a deadline has 0 there when it has
 * no input, else null. Built by hand rather than through arrays and one
 * JSON.stringify: a million jobs take a third of the time. Jobs created in bulk share one input
 * object, so the last input's text is reused.
 */
export class JobEncoder {
  private lastInput: unknown = undefined;
  private lastInputText = '';
  private readonly texts = new Map<string, string>();

  encode(job: Job, steps: Step[]): string {
    let line = `[${this.text(job.api)},${JSON.stringify(job.id)},${this.text(job.tenant)},${num(job.seq)},${job.type === null ? 'null' : this.text(job.type)},${num(job.createdAt)},${num(job.seed)},${num(job.itemCount)},[`;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      line += `${i ? ',' : ''}[${num(s.at)},${this.text(s.state)},${num(s.attempt)}${s.failure === undefined ? '' : `,${this.text(s.failure)}`}]`;
    }
    line += ']';
    if (job.marks && Object.keys(job.marks).length) {
      const input = job.input === undefined ? 'null' : JSON.stringify(job.input);
      const deadline = job.deadline
        ? `[${num(job.deadline.at)},${num(job.deadline.rule)}${job.input === undefined ? ',0' : ''}]`
        : job.input === undefined
          ? '0'
          : 'null';
      return `${line},${input},${deadline},${JSON.stringify(job.marks)}]`;
    }
    if (job.deadline) {
      // an 11th item [at, rule] (and 0 when the job has no input): older files stay readable
      const input = job.input === undefined ? 'null' : JSON.stringify(job.input);
      return `${line},${input},[${num(job.deadline.at)},${num(job.deadline.rule)}${job.input === undefined ? ',0' : ''}]]`;
    }
    if (job.input !== undefined) {
      if (job.input !== this.lastInput) {
        this.lastInput = job.input;
        this.lastInputText = JSON.stringify(job.input) ?? 'null';
      }
      line += `,${this.lastInputText}`;
    }
    return `${line}]`;
  }

  /** Names, tenants, states and reasons repeat: their JSON text is kept (up to a bound). */
  private text(value: string): string {
    let text = this.texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      if (this.texts.size < 10_000) this.texts.set(value, text);
    }
    return text;
  }
}

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** A job line back into a job, or the reason it is not one. */
export function decodeJob(value: unknown, apis: ReadonlyMap<string, ApiModel>): Job | string {
  if (!Array.isArray(value) || value.length < 9 || value.length > 12) return 'not a job row';
  const [api, id, tenant, seq, type, createdAt, seed, itemCount, rows, given, slot, marked] = value as unknown[];
  const model = typeof api === 'string' ? apis.get(api) : undefined;
  if (!model) return `unknown API ${JSON.stringify(api)}`;
  if (typeof id !== 'string' || id === '') return 'no job id';
  if (typeof tenant !== 'string') return 'no tenant';
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return 'bad sequence number';
  if (type !== null && typeof type !== 'string') return 'bad type';
  if (!Number.isFinite(createdAt)) return 'bad creation time';
  if (!Number.isSafeInteger(seed)) return 'bad seed';
  if (!Number.isSafeInteger(itemCount) || (itemCount as number) < 0) return 'bad item count';
  if (!Array.isArray(rows) || rows.length === 0) return 'no steps';
  let input = given;
  // null: no deadline; 0: no deadline and no input (a row with marks)
  if (slot === 0) input = undefined;
  const deadline = slot === null || slot === 0 ? undefined : slot;
  const marks = marksOf(marked);
  if (typeof marks === 'string') return marks;
  if (deadline !== undefined) {
    if (!Array.isArray(deadline) || deadline.length < 2 || !Number.isFinite(deadline[0]) || !Number.isSafeInteger(deadline[1])) return 'bad deadline';
    if (!model.ext.lifecycle.deadlines?.[deadline[1] as number]) return `deadline rule ${String(deadline[1])} is not declared`;
    if (deadline[2] === 0) input = undefined;
  }
  const states = model.ext.lifecycle.states;
  const steps: Step[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || (row.length !== 3 && row.length !== 4)) return 'bad step';
    const [at, state, attempt, failure] = row as unknown[];
    if (!Number.isFinite(at) || !Number.isSafeInteger(attempt) || typeof state !== 'string') return 'bad step';
    if (!states.includes(state)) return `"${state}" is not a state of ${model.name}`;
    if (row.length === 4 && typeof failure !== 'string') return 'bad failure reason';
    steps.push(
      row.length === 4
        ? { at: at as number, state, attempt: attempt as number, failure: failure as string }
        : { at: at as number, state, attempt: attempt as number },
    );
  }
  const job: Job = {
    api: model.name,
    id,
    tenant,
    seq: seq as number,
    type: type as string | null,
    createdAt: createdAt as number,
    input,
    seed: seed as number,
    steps,
    itemCount: itemCount as number,
  };
  if (Array.isArray(deadline)) job.deadline = { at: deadline[0] as number, rule: deadline[1] as number };
  if (marks) job.marks = marks;
  return job;
}

/** A row's marks: an object of the known names, each a finite number; others are left out. */
function marksOf(value: unknown): JobMarks | undefined | string {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'bad marks';
  const out: JobMarks = {};
  for (const name of MARK_NAMES) {
    const v = (value as Record<string, unknown>)[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return `bad mark ${name}`;
    out[name] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
