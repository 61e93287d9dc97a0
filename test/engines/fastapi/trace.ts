// Traces of one pinned plan: the states a poller sees, in order, and which fields are non-null in each.
// The twin is stepped on its frozen clock; the FastAPI app runs on real time and is polled.

export interface TraceStep {
  state: string;
  /** fields present with a non-null value, sorted */
  fields: string[];
}

export interface Poll {
  status: number;
  body: any;
}

/** What one answer contributes to a trace: its state and its non-null fields (`omit`: fields not compared). */
export function stepOf(body: any, stateField: string, omit: string[] = []): TraceStep {
  const fields = Object.keys(body ?? {})
    .filter((k) => body[k] !== null && body[k] !== undefined && !omit.includes(k))
    .sort();
  return { state: String(body?.[stateField]), fields };
}

function push(trace: TraceStep[], step: TraceStep): void {
  const last = trace[trace.length - 1];
  if (!last || last.state !== step.state || last.fields.join() !== step.fields.join()) trace.push(step);
}

/** The twin: `advance` moves its frozen clock; `totalMs` covers the plan, `stepMs` is finer than any state. */
export async function twinTrace(
  poll: () => Promise<Poll>,
  advance: (ms: number) => void,
  o: { totalMs: number; stepMs: number; stateField: string; omit?: string[] },
): Promise<TraceStep[]> {
  const trace: TraceStep[] = [];
  for (let t = 0; t <= o.totalMs; t += o.stepMs) {
    const answer = await poll();
    if (answer.status !== 200) throw new Error(`twin answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    push(trace, stepOf(answer.body, o.stateField, o.omit));
    advance(o.stepMs);
  }
  return trace;
}

/**
 * The app on real time: polls until a terminal state (or, for a plan that never ends, until
 * `untilMs` has passed). Polling has no fixed pace: each answer is taken as soon as the last is in.
 */
export async function appTrace(
  poll: () => Promise<Poll>,
  o: { terminal: string[]; untilMs: number; deadlineMs: number; stateField: string; omit?: string[] },
): Promise<TraceStep[]> {
  const trace: TraceStep[] = [];
  const started = Date.now();
  for (;;) {
    const answer = await poll();
    if (answer.status !== 200) throw new Error(`app answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const step = stepOf(answer.body, o.stateField, o.omit);
    push(trace, step);
    const elapsed = Date.now() - started;
    if (o.terminal.includes(step.state) || elapsed > o.untilMs) return trace;
    if (elapsed > o.deadlineMs) throw new Error(`no terminal state within ${o.deadlineMs} ms: ${JSON.stringify(trace)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function json(res: Response): Promise<Poll & { headers: Headers; text: string }> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers, text };
}

/** A 422 body's items, loosely: both pydantic majors give loc, msg and type; input and ctx may be absent. */
export function validationItems(body: any): Array<{ loc: (string | number)[]; msg: string; type: string }> {
  if (!body || !Array.isArray(body.detail)) throw new Error(`not a validation body: ${JSON.stringify(body)}`);
  for (const item of body.detail) {
    if (!Array.isArray(item.loc) || typeof item.msg !== 'string' || typeof item.type !== 'string')
      throw new Error(`not a validation item: ${JSON.stringify(item)}`);
  }
  return body.detail;
}
