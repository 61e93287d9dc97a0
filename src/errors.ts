// The one error type of start-up and the command line: a code that says what went wrong (a usage
// mistake, a bad spec, an unusable state file) and the exit status it stops with. Each is reported
// in one line that names the spot.
export type ErrorCode = 'usage' | 'spec' | 'state-file';

export class JobtwinError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** the process's exit status when this stops the command line */
    readonly exitStatus = 2,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
