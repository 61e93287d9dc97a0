// The in-memory job store: by id, and per (api, tenant) in creation order for lists. Deleting marks
// the job and compacts the tenant's list later, so dropping many jobs never costs quadratic time.
import type { Job } from './job.js';

const key = (api: string, id: string) => `${api}\u0000${id}`;

interface TenantJobs {
  jobs: Job[];
  dead: number;
}

export class MemoryStore {
  private readonly byId = new Map<string, Job>();
  private readonly byTenant = new Map<string, TenantJobs>();
  private sequence = 0;

  nextSeq(): number {
    return ++this.sequence;
  }

  /** the sequence number of the latest job created */
  get lastSeq(): number {
    return this.sequence;
  }

  resetSequence(): void {
    this.sequence = 0;
  }

  get size(): number {
    return this.byId.size;
  }

  add(job: Job): void {
    this.byId.set(key(job.api, job.id), job);
    const k = key(job.api, job.tenant);
    let list = this.byTenant.get(k);
    if (!list) this.byTenant.set(k, (list = { jobs: [], dead: 0 }));
    list.jobs.push(job);
  }

  get(api: string, id: string): Job | undefined {
    return this.byId.get(key(api, id));
  }

  delete(job: Job): void {
    if (this.byId.get(key(job.api, job.id)) !== job) return;
    this.byId.delete(key(job.api, job.id));
    job.gone = true;
    const list = this.byTenant.get(key(job.api, job.tenant));
    if (!list) return;
    list.dead++;
    if (list.dead === list.jobs.length) this.byTenant.delete(key(job.api, job.tenant));
    else if (list.dead > 64 && list.dead * 2 > list.jobs.length) this.compact(list);
  }

  /** A tenant's jobs of one API, oldest first (the array is live: do not keep it). */
  ofTenant(api: string, tenant: string): readonly Job[] {
    const list = this.byTenant.get(key(api, tenant));
    if (!list) return [];
    if (list.dead) this.compact(list);
    return list.jobs;
  }

  all(): IterableIterator<Job> {
    return this.byId.values();
  }

  clear(): void {
    this.byId.clear();
    this.byTenant.clear();
  }

  private compact(list: TenantJobs): void {
    list.jobs = list.jobs.filter((job) => !job.gone);
    list.dead = 0;
  }
}
