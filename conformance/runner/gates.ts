// The points where the concurrent parts of a run wait for each other. At real speed a run is mostly
// waiting for jobs to end; the parts wait together, and meet only where one would disturb another:
// a list walk is not read while jobs are being created (offsets would shift under it), and the
// target's clock is not moved while any job is still watched.
export class Gate {
  readonly opened: Promise<void>;
  private release!: () => void;
  isOpen = false;

  constructor() {
    this.opened = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.isOpen = true;
    this.release();
  }
}

export interface RunGates {
  /** the list tour's first walk is done: the other parts may create jobs */
  listed: Gate;
  /** retention's job is created (or none will be) */
  retentionCreated: Gate;
  /** nothing creates or changes jobs any more (stateless, cancel tour, sequences done): the last walk may start */
  quiet: Gate;
  /** every job but retention's is done with: the target's clock may be moved */
  settled: Gate;
}

export function newGates(): RunGates {
  return { listed: new Gate(), retentionCreated: new Gate(), quiet: new Gate(), settled: new Gate() };
}
