// A min-heap of (expiry time, job): sweeping pops only the jobs that are due, so moving the clock
// 31 days costs time in proportion to the jobs that expire, not to the store. Entries are lazy:
// a job whose timeline changed is pushed again, and a stale entry is checked when it surfaces.
import type { Job } from './job.js';

interface Entry {
  at: number;
  job: Job;
}

export class ExpiryQueue {
  private heap: Entry[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(at: number, job: Job): void {
    if (!Number.isFinite(at)) return;
    const heap = this.heap;
    heap.push({ at, job });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].at <= heap[i].at) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  /** Removes and returns every entry due at `now`, earliest first. */
  popDue(now: number): Entry[] {
    const out: Entry[] = [];
    while (this.heap.length && this.heap[0].at <= now) out.push(this.pop()!);
    return out;
  }

  clear(): void {
    this.heap = [];
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].at < heap[m].at) m = l;
        if (r < heap.length && heap[r].at < heap[m].at) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  }
}
