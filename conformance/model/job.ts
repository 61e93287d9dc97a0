// What the suite knows of one job it created: its id and every observation of it, in order.
import type { Exchange } from '../http/types.js';
import type { Observation } from './observation.js';

export interface JobTrace {
  id: string;
  /** the create exchange */
  created: Exchange;
  /** the status read out of the create answer (when its template binds job.status), then every status read */
  observations: Observation[];
  /** the latest exchanges about this job (create, reads, cancel, lists), for reports */
  exchanges: Exchange[];
  /** a cancel was accepted (2xx) */
  cancelled: boolean;
  /** a cancel was accepted and the rules say the job is removed: it must read as not found */
  removed: boolean;
}

const KEEP = 12;

export function newTrace(id: string, created: Exchange): JobTrace {
  return { id, created, observations: [], exchanges: [created], cancelled: false, removed: false };
}

export function remember(job: JobTrace, exchange: Exchange): void {
  job.exchanges.push(exchange);
  if (job.exchanges.length > KEEP) job.exchanges.splice(1, job.exchanges.length - KEEP);
}

/** The observations that carry a status, in order. */
export function statusObservations(job: JobTrace): Observation[] {
  return job.observations.filter((o) => o.status !== undefined);
}

export function lastStatus(job: JobTrace): string | undefined {
  const withStatus = statusObservations(job);
  return withStatus[withStatus.length - 1]?.status;
}
