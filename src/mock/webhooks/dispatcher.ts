// Webhooks as the twin sends them: each state a job enters (the twin tells it at the virtual time it
// happens) becomes a delivery to the URL its create request gave, if the events it maps to are wanted.
// A job's deliveries go out one at a time, in order; a failed one (non-2xx, unreachable) is retried
// on the twin's clock, so moving the clock delivers, and retries, in order. In record mode they are
// kept for GET /__jobtwin/webhooks instead of sent.
import type { Twin, JobChange } from '../../core/twin.js';
import type { Job } from '../../core/store/job.js';
import type { Alarm } from '../../core/clock/alarms.js';
import type { ApiModel } from '../../spec/model.js';
import { jobView } from '../../core/lifecycle/view.js';
import { eventsFor, fieldOf, headerAllowed, webhookHeaders, webhookRuleOf as ruleOf } from '../../spec/create-extras.js';
import type { ErrorRequest } from '../errors.js';
import { refusalOf, type WebhookMode, type WebhookOptions } from './policy.js';
import { postJson, type SendResult } from './send.js';
import { DEFAULT_WEBHOOK_SECRET, signatureHeaders } from './signing.js';

export interface Delivery {
  id: number;
  api: string;
  jobId: string;
  url: string;
  /** the events this state change stands for, as the spec names them (the state's name without events) */
  events: string[];
  state: string;
  /** when the job entered the state, epoch ms on the twin's clock */
  at: number;
  body: unknown;
  /** the headers the create request asked for (webhook.headers), rendered when the state was entered */
  headers: Record<string, string>;
  /** attempts made so far */
  attempts: number;
  /** when the next attempt is due, on the twin's clock */
  dueAt: number;
}

/** A delivery as shown: recorded (record mode) or attempted (send mode, with the receiver's answer). */
export interface DeliveryEntry extends Pick<Delivery, 'id' | 'api' | 'jobId' | 'url' | 'events' | 'state' | 'body'> {
  /** when the job entered the state, ISO 8601 */
  at: string;
  attempt: number;
  /** webhook.headers as sent (left out when there are none) */
  headers?: Record<string, string>;
  /** send mode: the receiver's status (0: unreachable) and what became of the delivery */
  status?: number;
  error?: string;
  outcome?: 'delivered' | 'retrying' | 'dropped';
}

// Deliveries shown at most; older ones are forgotten.
const LOG_SIZE = 1000;
const PART = 'webhooks';

type SavedDelivery = [string, string, string, string[], string, number, unknown, number, number, Record<string, string>?];

export class WebhookDispatcher {
  readonly mode: WebhookMode;
  readonly allow: readonly string[];
  private readonly secret: string;
  private readonly queues = new Map<string, Delivery[]>();
  private readonly alarms = new Map<string, Alarm>();
  private readonly log: DeliveryEntry[] = [];
  private readonly origins = new WeakMap<Job, Pick<ErrorRequest, 'origin' | 'base'>>();
  private nextId = 1;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  /** the latest change handed over: a restored twin tells again the ones after it */
  private handedUntil = -Infinity;
  /** grows on reset: answers to sends from before it are ignored */
  private generation = 0;

  constructor(
    private readonly twin: Twin,
    options: WebhookOptions = {},
    /** the twin's own origin, for templates' req.origin when the create request's is not known */
    private readonly defaultOrigin: () => string = () => 'http://127.0.0.1',
    private readonly send: (url: string, body: unknown, headers: Record<string, string>) => Promise<SendResult> = postJson,
  ) {
    this.mode = options.mode ?? 'send';
    this.allow = options.allow ?? [];
    this.secret = options.secret ?? DEFAULT_WEBHOOK_SECRET;
    if (!twin.apiList().some((api) => ruleOf(api))) return;
    twin.onChange(
      (change) => this.changed(change),
      (job) => this.urlOf(job) !== undefined,
    );
    twin.onReset(() => this.clear());
    twin.keep(PART, { save: () => this.save(), restore: (saved) => this.restore(saved) });
  }

  /** Why the twin refuses this create body's webhook URL, or null (none given, or allowed). */
  refusal(api: ApiModel, body: unknown): string | null {
    const rule = ruleOf(api);
    if (!rule) return null;
    const url = fieldOf(body, rule.url);
    return url === undefined || url === null ? null : refusalOf(url, this.allow);
  }

  /** Where the create request reached the twin: templates' req.origin and req.base. */
  noteOrigin(job: Job, req: Pick<ErrorRequest, 'origin' | 'base'>): void {
    this.origins.set(job, { origin: req.origin, base: req.base });
  }

  /** Deliveries recorded (record mode) or attempted (send mode), oldest first. */
  entries(): DeliveryEntry[] {
    return [...this.log];
  }

  /** Deliveries not yet made, by job, in order. */
  pending(): Array<Omit<DeliveryEntry, 'attempt' | 'at'> & { at: string; attempts: number; dueAt: string }> {
    return [...this.queues.values()].flat().map((d) => ({ ...show(d), attempts: d.attempts, dueAt: new Date(d.dueAt).toISOString() }));
  }

  clearLog(): number {
    const n = this.log.length;
    this.log.length = 0;
    return n;
  }

  /** Resolves once no delivery is on its way to a receiver (tests: then the clock may move on). */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private urlOf(job: Job): string | undefined {
    const api = this.twin.api(job.api);
    const rule = api && ruleOf(api);
    const url = rule ? fieldOf(job.input, rule.url) : undefined;
    return typeof url === 'string' && url !== '' ? url : undefined;
  }

  private changed(change: JobChange): void {
    const { api, job } = change;
    this.handedUntil = Math.max(this.handedUntil, change.at);
    const rule = ruleOf(api)!;
    const url = this.urlOf(job)!;
    const events = eventsFor(rule, change.to, fieldOf(job.input, rule.filter ?? []));
    if (!events.length) return;
    const delivery: Delivery = {
      id: this.nextId++,
      api: api.name,
      jobId: job.id,
      url,
      events,
      state: change.to,
      at: change.at,
      ...this.render(api, job, change.at),
      attempts: 0,
      dueAt: change.at,
    };
    this.enqueue(delivery);
  }

  private render(api: ApiModel, job: Job, at: number): Pick<Delivery, 'body' | 'headers'> {
    const rule = ruleOf(api)!;
    const template = rule.body ?? api.byRole.status?.body ?? api.byRole.create?.body;
    const status = api.byRole.status;
    const where = this.origins.get(job) ?? { origin: this.defaultOrigin(), base: '' };
    const req: ErrorRequest = {
      path: status ? `${where.base}${status.path}` : where.base,
      method: 'POST',
      params: {},
      query: {},
      origin: where.origin,
      base: where.base,
    };
    const scope = { req, now: at, job: jobView(api, job, at) };
    return { body: template?.render(scope), headers: webhookHeaders(rule, scope) };
  }

  private enqueue(delivery: Delivery): void {
    const key = `${delivery.api}\u0000${delivery.jobId}`;
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = []));
    queue.push(delivery);
    this.twin.touch();
    if (queue.length === 1) this.kick(key);
  }

  /** Makes the head delivery of a job's queue when due, then the next. */
  private kick(key: string): void {
    this.alarms.get(key)?.cancel();
    this.alarms.delete(key);
    const queue = this.queues.get(key);
    while (queue?.length) {
      const head = queue[0];
      if (head.dueAt > this.twin.clock.now()) {
        this.alarms.set(
          key,
          this.twin.alarms.at(head.dueAt, () => this.kick(key)),
        );
        return;
      }
      head.attempts++;
      if (this.mode === 'record') {
        this.remember({ ...show(head), attempt: head.attempts });
        queue.shift();
        this.twin.touch();
        continue;
      }
      this.deliver(key, head);
      return;
    }
    this.queues.delete(key);
  }

  private deliver(key: string, head: Delivery): void {
    const generation = this.generation;
    const refused = refusalOf(head.url, this.allow);
    const sent = refused
      ? Promise.resolve<SendResult>({ status: 0, error: refused })
      : this.send(head.url, head.body, {
          ...head.headers,
          'x-jobtwin-delivery': String(head.id),
          'x-jobtwin-event': head.events.join(','),
          ...this.signed(head),
        });
    this.inFlight++;
    void sent
      .catch((error: unknown) => ({ status: 0, error: String((error as Error)?.message ?? error) }))
      .then((result) => {
        this.inFlight--;
        if (generation === this.generation) this.answered(key, head, result, refused !== null);
        if (this.inFlight === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }

  /** Standard Webhooks headers where the spec asks for them; the id is the same for every attempt. */
  private signed(d: Delivery): Record<string, string> {
    const rule = ruleOf(this.twin.api(d.api)!);
    if (rule?.signing !== 'standard') return {};
    return signatureHeaders(this.secret, `msg_${d.jobId}_${d.at}_${d.state}`, JSON.stringify(d.body));
  }

  private answered(key: string, head: Delivery, result: SendResult, refused: boolean): void {
    const queue = this.queues.get(key);
    if (!queue || queue[0] !== head) return;
    const ok = result.status >= 200 && result.status < 300;
    const rule = ruleOf(this.twin.api(head.api)!);
    const retries = rule?.retries ?? { max: 0, backoffMs: 0 };
    const outcome = ok ? 'delivered' : refused || head.attempts > retries.max ? 'dropped' : 'retrying';
    // the receiver's answer is the job's (AssemblyAI's webhook_status_code); an unreachable one leaves it
    const api = this.twin.api(head.api);
    const job = result.status > 0 && api ? this.twin.find(api, null, head.jobId) : undefined;
    if (job) this.twin.mark(job, { webhookStatus: result.status });
    this.remember({ ...show(head), attempt: head.attempts, status: result.status, ...(result.error ? { error: result.error } : {}), outcome });
    if (outcome === 'retrying') {
      // doubling back-off on the twin's clock, from when the failure was known
      head.dueAt = this.twin.clock.now() + retries.backoffMs * 2 ** (head.attempts - 1);
    } else queue.shift();
    this.twin.touch();
    this.kick(key);
  }

  private remember(entry: DeliveryEntry): void {
    this.log.push(entry);
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
  }

  private clear(): void {
    for (const alarm of this.alarms.values()) alarm.cancel();
    this.alarms.clear();
    this.queues.clear();
    this.log.length = 0;
    this.handedUntil = -Infinity;
    this.generation++;
  }

  private save(): unknown {
    if (this.handedUntil === -Infinity && this.queues.size === 0) return undefined;
    const pending: SavedDelivery[] = [...this.queues.values()]
      .flat()
      .map((d) => [d.api, d.jobId, d.url, d.events, d.state, d.at, d.body, d.attempts, d.dueAt, d.headers]);
    return { since: Number.isFinite(this.handedUntil) ? this.handedUntil : null, pending };
  }

  private restore(saved: unknown): void {
    if (saved === undefined) return;
    const s = saved as { since?: unknown; pending?: unknown };
    const pending = Array.isArray(s.pending) ? (s.pending as unknown[]) : [];
    for (const row of pending) {
      if (!Array.isArray(row) || row.length < 9) continue;
      const [api, jobId, url, events, state, at, body, attempts, dueAt, headers] = row as SavedDelivery;
      if (typeof api !== 'string' || typeof jobId !== 'string' || typeof url !== 'string' || !Number.isFinite(at) || !Number.isFinite(dueAt)) continue;
      // a state file is read as untrusted: only headers the twin would have rendered itself
      const kept = Object.fromEntries(Object.entries(headers !== null && typeof headers === 'object' ? headers : {}).filter(([n, v]) => headerAllowed(n, v)));
      this.enqueue({ id: this.nextId++, api, jobId, url, events: Array.isArray(events) ? events : [], state, at, body, headers: kept, attempts, dueAt });
    }
    // the changes after the last one handed over (while the twin was down, too) are told now, in order
    if (typeof s.since === 'number') {
      this.handedUntil = s.since;
      this.twin.rewatch(s.since);
    }
  }
}

function show(d: Delivery): Omit<DeliveryEntry, 'attempt'> {
  const headers = Object.keys(d.headers).length ? { headers: d.headers } : {};
  return { id: d.id, api: d.api, jobId: d.jobId, url: d.url, events: d.events, state: d.state, at: new Date(d.at).toISOString(), body: d.body, ...headers };
}
