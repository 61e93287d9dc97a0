// Jobs processed in-process, in real time, as the worker behind the API does: PENDING → PROCESSING
// (each start: attempts + 1, startedAt) → COMPLETED | FAILED; a failed attempt with attempts left
// goes back to PENDING and runs again; the third failed attempt fails the job with `error`.
import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException, type OnModuleDestroy } from '@nestjs/common';
import { decorateClass } from './decorate.js';
import type { JobPlan } from './job-plan.js';

export const MAX_ATTEMPTS = 3;
const REASON = 'Bedrock API error: ThrottlingException - Rate exceeded';

export interface JobRecord {
  id: string;
  type: string;
  status: 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';
  result: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
}

interface Entry {
  owner: string;
  plan: JobPlan;
  job: JobRecord;
  /** the record after each change, oldest first: the trace the tests compare with the twin's */
  history: JobRecord[];
}

export class JobsService implements OnModuleDestroy {
  private readonly jobs = new Map<string, Entry>();
  private readonly timers = new Set<NodeJS.Timeout>();

  create(owner: string, type: string, plan: JobPlan, input: { userPromptTemplate: string }): JobRecord {
    const now = new Date().toISOString();
    const job: JobRecord = {
      id: randomUUID(),
      type,
      status: 'PENDING',
      result: null,
      error: null,
      attempts: 0,
      createdAt: now,
      startedAt: null,
      completedAt: null,
      updatedAt: now,
    };
    const entry: Entry = { owner, plan, job, history: [{ ...job }] };
    this.jobs.set(job.id, entry);
    this.later(plan.queueMs, () => this.start(entry, input));
    return job;
  }

  /** Another user's job is not found, exactly as an unknown id. */
  find(owner: string, id: string): JobRecord {
    // a Postgres `uuid` column compares uuids whatever their case; so does this store
    const entry = this.jobs.get(id.toLowerCase());
    if (!entry || entry.owner !== owner) throw new NotFoundException(`Job ${id} not found`);
    return { ...entry.job };
  }

  /** Every state the job has been in, with its fields at the time. */
  history(id: string): JobRecord[] {
    return (this.jobs.get(id)?.history ?? []).map((r) => ({ ...r }));
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, step: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, ms);
    this.timers.add(timer);
  }

  private start(entry: Entry, input: { userPromptTemplate: string }): void {
    const { job, plan } = entry;
    const now = new Date().toISOString();
    job.status = 'PROCESSING';
    job.attempts += 1;
    job.startedAt = now;
    job.updatedAt = now;
    entry.history.push({ ...job });
    if (plan.outcome === 'never') return;
    const started = Date.now();
    this.later(plan.runMs, () => {
      const end = new Date().toISOString();
      const fails = job.attempts <= plan.failures || plan.outcome === 'fail';
      if (!fails) {
        Object.assign(job, {
          status: 'COMPLETED',
          result: {
            output: `Preview of: ${input.userPromptTemplate.slice(0, 80)}`,
            tokensUsed: 120 + (input.userPromptTemplate.length % 780),
            processingTime: Date.now() - started,
          },
          completedAt: end,
          updatedAt: end,
        });
      } else if (job.attempts >= MAX_ATTEMPTS) {
        Object.assign(job, { status: 'FAILED', error: REASON, completedAt: end, updatedAt: end });
      } else {
        Object.assign(job, { status: 'PENDING', updatedAt: end });
        this.later(plan.backoffMs, () => this.start(entry, input));
      }
      entry.history.push({ ...job });
    });
  }
}
decorateClass(JobsService, [Injectable()], []);
