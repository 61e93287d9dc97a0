// The in-memory job store: by id, and per (api, tenant) in creation order for lists.
import type { Job } from './job.js';

const key = (api: string, id: string) => `${api}\u0000${id}`;

export class MemoryStore {
  private readonly byId = new Map<string, Job>();
  private readonly byTenant = new Map<string, Job[]>();
  private sequence = 0;

  nextSeq(): number {
    return ++this.sequence;
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
    if (!list) this.byTenant.set(k, (list = []));
    list.push(job);
  }

  get(api: string, id: string): Job | undefined {
    return this.byId.get(key(api, id));
  }

  delete(job: Job): void {
    if (!this.byId.delete(key(job.api, job.id))) return;
    const list = this.byTenant.get(key(job.api, job.tenant));
    if (!list) return;
    const i = list.indexOf(job);
    if (i >= 0) list.splice(i, 1);
  }

  /** A tenant's jobs of one API, oldest first (the array is live: do not keep it). */
  ofTenant(api: string, tenant: string): readonly Job[] {
    return this.byTenant.get(key(api, tenant)) ?? [];
  }

  all(): IterableIterator<Job> {
    return this.byId.values();
  }

  clear(): void {
    this.byId.clear();
    this.byTenant.clear();
  }
}
