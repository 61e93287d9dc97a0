// Collects failure drafts into reported failures: the same failure (check, operation, key) is kept
// once with a count, and while fast-check shrinks, the smaller failing case replaces the example.
import type { OperationModel } from '../../src/spec/model.js';
import type { Check, FailureDraft } from '../checks/types.js';
import { curlOf } from '../http/curl.js';
import type { Exchange } from '../http/types.js';
import { describeObservation } from '../model/observation.js';
import { toObservationRecord, toRecord } from '../report/record.js';
import type { Failure } from './types.js';
import type { Where } from './context.js';

interface Entry {
  failure: Failure;
  /** the property run that found it (a property run by several workers has one scope each) */
  scope: string;
}

/** A draft's key when it gives none: its message with ids, times and numbers blanked. */
function defaultKey(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b[A-Za-z]+_[A-Za-z0-9]{6,}\b/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, '<time>')
    .replace(/\d+/g, '<n>');
}

export class FailureCollector {
  private readonly entries = new Map<string, Entry>();
  /** the property runs under way whose failing case fast-check is shrinking */
  private readonly shrinking = new Set<string>();

  constructor(
    private readonly seed: number,
    private readonly replayBase: string,
    private readonly secrets: Record<string, string>,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** A property run starts (scope: where.scope, else its property). */
  begin(scope: string): void {
    this.shrinking.delete(scope);
  }

  /** The property run failed once: from now on fast-check only shrinks it. */
  startShrinking(scope: string): void {
    this.shrinking.add(scope);
  }

  /** The property run is done: its failures replay with its seed and fast-check's path (and a command sequence's replayPath). */
  end(w: Where, path: string | undefined, replayPath?: string): void {
    const scope = w.scope ?? w.property;
    this.shrinking.delete(scope);
    if (path === undefined) return;
    const suffix = replayPath !== undefined ? `~${replayPath}` : '';
    for (const entry of this.entries.values()) {
      if (entry.scope === scope) this.setReplay(entry.failure, `${w.property}:${w.seed ?? this.seed}:${path}${suffix}`);
    }
  }

  add(check: Check, op: OperationModel, draft: FailureDraft, exchange: Exchange, where: Where): void {
    const key = `${check.name}\u0000${op.operationId}\u0000${draft.key ?? defaultKey(draft.message)}`;
    const scope = where.scope ?? where.property;
    const shrinking = this.shrinking.has(scope);
    const existing = this.entries.get(key);
    if (existing && !(shrinking && existing.scope === scope)) {
      if (!shrinking) existing.failure.count++;
      return;
    }
    if (!existing && shrinking) return;
    const failure: Failure = {
      check: check.name,
      title: check.title,
      severity: draft.severity ?? 'error',
      phase: where.phase,
      operation: op.operationId,
      endpoint: `${op.method.toUpperCase()} ${op.path}`,
      message: draft.message,
      expected: draft.expected,
      received: draft.received,
      count: existing?.failure.count ?? 1,
      exchanges: [...(draft.exchanges ?? []).filter((x) => x.seq !== exchange.seq), exchange].slice(-4).map((x) => toRecord(x, Object.keys(this.secrets))),
      observations: draft.observations?.map(describeObservation),
      timeline: draft.observations?.map(toObservationRecord),
      curl: curlOf(exchange, { secrets: this.secrets }),
      seed: where.seed ?? this.seed,
      replay: '',
      replayCommand: '',
    };
    this.setReplay(failure, `${where.property}:${where.seed ?? this.seed}`);
    this.entries.set(key, { failure, scope });
  }

  private setReplay(failure: Failure, replay: string): void {
    failure.replay = replay;
    failure.replayCommand = `${this.replayBase} --replay '${replay}'`;
  }

  failures(): Failure[] {
    return [...this.entries.values()].map((e) => e.failure);
  }
}
