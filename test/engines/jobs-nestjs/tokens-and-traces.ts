// Tokens and traces shared by the jobs engine tests: HS256 JWTs as a Cognito-fronted Nest service
// would verify them, and a job's history reduced to what the twin and the engine must agree on.
import { createHmac } from 'node:crypto';

export const SECRET = 'jobtwin-test-secret';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 JWT for `claims`, signed with `secret`. */
export function hs256(claims: Record<string, unknown>, secret = SECRET): string {
  const signed = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

export interface JobView {
  status: string;
  attempts: number;
  type?: string;
}

const NULLABLE = ['result', 'error', 'startedAt', 'completedAt'] as const;

/** One step of a trace: the state, its attempts, and which nullable fields are set. */
export function step(job: JobView): string {
  const fields = job as unknown as Record<string, unknown>;
  const set = NULLABLE.filter((f) => fields[f] !== null && fields[f] !== undefined);
  return `${job.status} attempts=${job.attempts} set=[${set.join(',')}]`;
}

/** Each distinct step once, in order. */
export function steps(jobs: JobView[]): string[] {
  return jobs.map(step).filter((s, i, all) => i === 0 || all[i - 1] !== s);
}

/** Whether `part` appears in `whole` in order (polling may miss a step, never reorder one). */
export function inOrder(part: string[], whole: string[]): boolean {
  let i = 0;
  for (const s of whole) if (s === part[i]) i++;
  return i === part.length;
}

/** The envelope's shape: its keys in order, and the type of `message`. */
export function shape(body: any): string {
  if (!body || typeof body !== 'object') return typeof body;
  return `${Object.keys(body).join(',')} message:${Array.isArray(body.message) ? 'string[]' : typeof body.message}`;
}
