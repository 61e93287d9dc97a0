// Two sides' observations of one scenario → the differences a client would notice: status codes,
// body shapes, the states a job passes and their order, its attempts, the fields each state carries,
// and how its times behave. Values are never compared: ids, times and messages differ by nature.
import { curlOfRequest } from '../../conformance/http/curl.js';
import type { LifecycleModel } from '../../conformance/model/lifecycle.js';
import { describeShape, mergeShapes, shapeGaps, timeMs, type Shape, type ShapeGap } from './shape.js';
import type { Answer, Aspect, CancelRun, Difference, JobRun, Read } from './types.js';

export interface CompareContext {
  model: LifecycleModel;
  pollMs: number;
  /** literal token → the variable a curl line shows instead */
  secrets: Record<string, string>;
}

export interface Found {
  differences: Difference[];
  notes: Difference[];
}

const TIME_TYPES = ['date-time', 'unix-seconds', 'epoch-ms'];

function answerLine(answer: Answer): string {
  if (answer.status === undefined) return `no answer (${answer.error})`;
  return `${answer.status} ${describeShape(answer.shape)}`;
}

function gapLine(gap: ShapeGap, side: 'target' | 'twin'): string {
  const types = gap[side];
  return `${gap.pointer || '(body)'}: ${types ?? 'absent'}`;
}

function aspectOf(gaps: ShapeGap[], fallback: Aspect): Aspect {
  const timely = (t?: string) => t !== undefined && t.split('|').some((x) => TIME_TYPES.includes(x));
  return gaps.every((g) => timely(g.target) || timely(g.twin)) ? 'timestamps' : fallback;
}

/** Status first; with the same status, the body's shape. */
export function compareAnswers(c: CompareContext, scenario: string, target: Answer, twin: Answer): Difference[] {
  const curl = curlOfRequest(target.request, { secrets: c.secrets });
  if (target.status !== twin.status) return [{ scenario, aspect: 'status', curl, target: answerLine(target), twin: answerLine(twin) }];
  const gaps = shapeGaps(target.shape, twin.shape);
  if (gaps.length === 0) return [];
  return [
    {
      scenario,
      aspect: aspectOf(gaps, 'shape'),
      curl,
      target: `${target.status} ${gaps.map((g) => gapLine(g, 'target')).join('; ')}`,
      twin: `${twin.status} ${gaps.map((g) => gapLine(g, 'twin')).join('; ')}`,
    },
  ];
}

/** The states in the order seen, each once per visit. */
export function stateTrail(reads: Read[]): string[] {
  const out: string[] = [];
  for (const r of reads) if (r.state !== undefined && r.state !== out.at(-1)) out.push(r.state);
  return out;
}

/** The states of `part` in the order of `whole`, with states of `whole` left out: which ones. */
function leftOut(part: string[], whole: string[]): string[] | undefined {
  const missing: string[] = [];
  let i = 0;
  for (const state of whole) {
    if (i < part.length && part[i] === state) i++;
    else missing.push(state);
  }
  return i === part.length ? missing : undefined;
}

function byState(reads: Read[]): Map<string, Read[]> {
  const out = new Map<string, Read[]>();
  for (const r of reads) if (r.state !== undefined) (out.get(r.state) ?? out.set(r.state, []).get(r.state)!).push(r);
  return out;
}

/** Per time pointer (outside arrays): whether its values never went back, read after read. */
function monotonic(reads: Read[]): Map<string, boolean> {
  const last = new Map<string, number>();
  const out = new Map<string, boolean>();
  for (const r of reads) {
    for (const [pointer, types] of Object.entries(r.answer.shape)) {
      if (pointer.includes('/*') || !types.split('|').some((t) => TIME_TYPES.includes(t))) continue;
      const value = timeMs(pointerValue(r.answer.body, pointer));
      if (value === undefined) continue;
      const before = last.get(pointer);
      out.set(pointer, (out.get(pointer) ?? true) && (before === undefined || value >= before));
      last.set(pointer, value);
    }
  }
  return out;
}

function pointerValue(body: unknown, pointer: string): unknown {
  let node = body;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** A job run on both sides: its create answer, its states, attempts, fields per state and times. */
export function compareJobs(c: CompareContext, scenario: string, target: JobRun, twin: JobRun): Found {
  const found: Found = { differences: compareAnswers(c, `${scenario}: create`, target.create, twin.create), notes: [] };
  const lastRead = target.reads.at(-1)?.answer ?? target.create;
  const curl = curlOfRequest(lastRead.request, { secrets: c.secrets });
  const add = (aspect: Aspect, t: string, w: string, note?: string) =>
    (note ? found.notes : found.differences).push({ scenario, aspect, curl, target: t, twin: w, note });
  if (!target.id || !twin.id) return found;
  if (!target.ended) add('outcome', 'did not end within --max-wait-ms', twin.ended ? 'ended' : 'did not end', 'the twin was pinned to never end');

  const t = stateTrail(target.reads);
  const w = stateTrail(twin.reads);
  if (t.join() !== w.join()) {
    const missing = leftOut(t, w);
    const transient = missing !== undefined && missing.every((s) => !c.model.isTerminal(s));
    if (transient)
      add(
        'states',
        t.join(' → '),
        w.join(' → '),
        `not seen on the target: ${missing.join(', ')}; it may have lasted less than --poll-ms (${c.pollMs} ms) there`,
      );
    else add('states', t.join(' → ') || '(no state read)', w.join(' → ') || '(no state read)');
  }

  const tStates = byState(target.reads);
  const wStates = byState(twin.reads);
  for (const [state, tReads] of tStates) {
    const wReads = wStates.get(state);
    if (!wReads) continue;
    // every count the target showed in a state, the twin (which passes every step) must show there too;
    // polling may miss a visit, so the twin may show more
    const wAttempts = new Set(wReads.map((r) => r.attempts).filter((a) => a !== undefined));
    const tAttempts = [...new Set(tReads.map((r) => r.attempts).filter((a) => a !== undefined))];
    const unmatched = tAttempts.filter((a) => !wAttempts.has(a));
    if (wAttempts.size && unmatched.length) add('attempts', `${state}: attempts ${tAttempts.join(', ')}`, `${state}: attempts ${[...wAttempts].join(', ')}`);
    const tShape: Shape = mergeShapes(tReads.map((r) => r.answer.shape));
    const wShape: Shape = mergeShapes(wReads.map((r) => r.answer.shape));
    const gaps = shapeGaps(tShape, wShape);
    if (gaps.length)
      add(
        aspectOf(gaps, 'fields'),
        `${state}: ${gaps.map((g) => gapLine(g, 'target')).join('; ')}`,
        `${state}: ${gaps.map((g) => gapLine(g, 'twin')).join('; ')}`,
      );
  }

  const tMono = monotonic(target.reads);
  const wMono = monotonic(twin.reads);
  for (const [pointer, ok] of tMono) {
    const other = wMono.get(pointer);
    if (other !== undefined && other !== ok)
      add('timestamps', `${pointer} ${ok ? 'never goes back' : 'goes back'}`, `${pointer} ${other ? 'never goes back' : 'goes back'}`);
  }

  for (const [name, answer] of Object.entries(target.after)) {
    const other = twin.after[name];
    if (other) found.differences.push(...compareAnswers(c, `${scenario}: ${name}`, answer, other));
  }
  return found;
}

/**
 * A job cancelled on both sides from the same state. The target's job moves on its own between the
 * read and the cancel: when it was seen in another state after a refused cancel, the cancel may have
 * met that state, and a different answer is a note, not a difference.
 */
export function compareCancels(c: CompareContext, scenario: string, target: CancelRun, twin: CancelRun): Found {
  const differences = compareAnswers(c, `${scenario}: create`, target.create, twin.create);
  const notes: Difference[] = [];
  const refused = !target.cancel?.status || target.cancel.status < 200 || target.cancel.status > 299;
  const before = target.before?.state;
  const after = target.after?.state;
  const moved = refused && before !== undefined && after !== undefined && after !== before;
  if (target.cancel && twin.cancel) {
    const found = compareAnswers(c, `${scenario}: cancel from ${before ?? 'its first state'}`, target.cancel, twin.cancel);
    const note = `the target's job was seen in ${before} before the cancel and in ${after} after it: the cancel may have met ${after}`;
    if (moved) notes.push(...found.map((d) => ({ ...d, note })));
    else differences.push(...found);
  }
  if (target.after && twin.after && !moved) {
    differences.push(...compareAnswers(c, `${scenario}: status after the cancel`, target.after.answer, twin.after.answer));
    if (target.after.state !== twin.after.state && target.after.answer.status === twin.after.answer.status)
      differences.push({
        scenario: `${scenario}: status after the cancel`,
        aspect: 'states',
        curl: curlOfRequest(target.after.answer.request, { secrets: c.secrets }),
        target: target.after.state ?? '(no state)',
        twin: twin.after.state ?? '(no state)',
      });
  }
  return { differences, notes };
}
