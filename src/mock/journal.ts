// A ring buffer of recent requests, for the control interface's journal.

/** How much of a body the journal keeps: enough to read an answer, bounded so 1000 entries stay small. */
export const BODY_EXCERPT_CHARS = 4096;

/** The start of a JSON or text body, as sent or received. */
export interface BodyExcerpt {
  contentType: string;
  /** the first BODY_EXCERPT_CHARS characters */
  text: string;
  /** the whole body's length, in characters */
  length: number;
  truncated: boolean;
}

export function excerpt(contentType: string, text: string): BodyExcerpt {
  const truncated = text.length > BODY_EXCERPT_CHARS;
  return { contentType, text: truncated ? text.slice(0, BODY_EXCERPT_CHARS) : text, length: text.length, truncated };
}

export interface JournalEntry {
  seq: number;
  /** the twin's clock */
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  api?: string;
  operationId?: string;
  tenant?: string;
  jobId?: string;
  fault?: string;
  /** a CORS preflight, answered before any operation */
  preflight?: boolean;
  /** the request body (JSON, or a multipart form's fields and file names), bounded */
  request?: BodyExcerpt;
  /** the response body, bounded */
  response?: BodyExcerpt;
}

export class Journal {
  private readonly entries: JournalEntry[] = [];
  private next = 0;
  private seq = 0;

  constructor(private readonly capacity = 1000) {}

  record(entry: Omit<JournalEntry, 'seq'>): void {
    const full = { seq: ++this.seq, ...entry };
    if (this.entries.length < this.capacity) this.entries.push(full);
    else this.entries[this.next] = full;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Newest first. */
  list(filter: { limit?: number; api?: string; tenant?: string } = {}): JournalEntry[] {
    const ordered = [...this.entries].sort((a, b) => b.seq - a.seq);
    const kept = ordered.filter((e) => (!filter.api || e.api === filter.api) && (!filter.tenant || e.tenant === filter.tenant));
    return kept.slice(0, filter.limit ?? 100);
  }

  clear(): void {
    this.entries.length = 0;
    this.next = 0;
  }
}
