// The in-memory job store: by id, and per (api, tenant) in creation order for lists. Deleting marks
// the job and compacts the tenant's list later, so dropping many jobs never costs quadratic time.
import type { Job } from './job.js';

interface TenantJobs {
  jobs: Job[];
  dead: number;
}

export class MemoryStore {
  // Maps per API rather than one map of "api:id" keys: a million jobs keep no second copy of their ids.
  private readonly byId = new Map<string, Map<string, Job>>();
  private readonly byTenant = new Map<string, Map<string, TenantJobs>>();
  private sequence = 0;
  private count = 0;
  private changes = 0;

  nextSeq(): number {
    return ++this.sequence;
  }

  /** Grows on every change to the jobs, so a saver can tell whether there is anything new to write. */
  get revision(): number {
    return this.changes;
  }

  /** Records a change made to a job in place (a re-drawn timeline). */
  touch(): void {
    this.changes++;
  }

  /** Puts the counter back where a saved store left it, so the next job gets the next number. */
  restoreSequence(sequence: number): void {
    this.sequence = sequence;
    this.changes++;
  }

  /** the sequence number of the latest job created */
  get lastSeq(): number {
    return this.sequence;
  }

  resetSequence(): void {
    this.sequence = 0;
    this.changes++;
  }

  get size(): number {
    return this.count;
  }

  add(job: Job): void {
    this.changes++;
    let ids = this.byId.get(job.api);
    if (!ids) this.byId.set(job.api, (ids = new Map()));
    if (!ids.has(job.id)) this.count++;
    ids.set(job.id, job);
    let tenants = this.byTenant.get(job.api);
    if (!tenants) this.byTenant.set(job.api, (tenants = new Map()));
    let list = tenants.get(job.tenant);
    if (!list) tenants.set(job.tenant, (list = { jobs: [], dead: 0 }));
    list.jobs.push(job);
  }

  get(api: string, id: string): Job | undefined {
    return this.byId.get(api)?.get(id);
  }

  delete(job: Job): void {
    const ids = this.byId.get(job.api);
    if (ids?.get(job.id) !== job) return;
    ids.delete(job.id);
    this.count--;
    this.changes++;
    job.gone = true;
    const tenants = this.byTenant.get(job.api);
    const list = tenants?.get(job.tenant);
    if (!tenants || !list) return;
    list.dead++;
    if (list.dead === list.jobs.length) tenants.delete(job.tenant);
    else if (list.dead > 64 && list.dead * 2 > list.jobs.length) this.compact(list);
  }

  /** A tenant's jobs of one API, oldest first (the array is live: do not keep it). */
  ofTenant(api: string, tenant: string): readonly Job[] {
    const list = this.byTenant.get(api)?.get(tenant);
    if (!list) return [];
    if (list.dead) this.compact(list);
    return list.jobs;
  }

  *all(): IterableIterator<Job> {
    for (const ids of this.byId.values()) yield* ids.values();
  }

  clear(): void {
    this.changes++;
    this.byId.clear();
    this.byTenant.clear();
    this.count = 0;
  }

  private compact(list: TenantJobs): void {
    list.jobs = list.jobs.filter((job) => !job.gone);
    list.dead = 0;
  }
}
