// The X-Jobtwin-Job header, read by this app on its own (the same syntax as the twin's, so one test
// can pin the same plan on both): `failures=N; outcome=succeed|fail|never; queue=…; run=…; backoff=…;
// PENDING=…; PROCESSING=…; type=…`. Durations: 250ms, 2s, 1m, or plain milliseconds.
export const JOB_TYPES = ['AI_PREVIEW', 'PARSE_DOCUMENT', 'GAP_DETECTION', 'RISK_ANALYSIS', 'REPORT_GENERATION'] as const;

export interface JobPlan {
  queueMs: number;
  runMs: number;
  /** PENDING after a failed attempt */
  backoffMs: number;
  failures: number;
  outcome: 'succeed' | 'fail' | 'never';
  type?: string;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function duration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2] ?? 'ms'] : NaN;
}

/** The plan, or a sentence saying what is wrong with the header. */
export function parsePlan(header: string | undefined, defaults: JobPlan): JobPlan | string {
  const plan: JobPlan = { ...defaults };
  let backoff: number | undefined;
  for (const part of (header ?? '').split(/[;,]/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (key === 'outcome') {
      const outcome = value.toLowerCase() === 'success' ? 'succeed' : value.toLowerCase();
      if (outcome !== 'succeed' && outcome !== 'fail' && outcome !== 'never') return `outcome must be succeed, fail or never (got "${value}")`;
      plan.outcome = outcome;
    } else if (key === 'failures') {
      if (!/^\d+$/.test(value)) return `failures must be a whole number (got "${value}")`;
      plan.failures = Number(value);
    } else if (key === 'type') {
      if (!(JOB_TYPES as readonly string[]).includes(value)) return `type must be one of ${JOB_TYPES.join(', ')}`;
      plan.type = value;
    } else {
      const ms = duration(value);
      if (!Number.isFinite(ms)) return `${key} needs a duration such as 500ms or 2s (got "${value}")`;
      if (key === 'queue' || key === 'pending') plan.queueMs = ms;
      else if (key === 'run' || key === 'processing') plan.runMs = ms;
      else if (key === 'backoff') backoff = ms;
      else return `unknown directive "${key}"`;
    }
  }
  plan.backoffMs = backoff ?? plan.queueMs;
  return plan;
}
