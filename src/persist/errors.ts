// A state file that cannot be used: start-up stops with one line naming the file and why (exit 2).
import { JobtwinError } from '../errors.js';

export class StateFileError extends JobtwinError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('state-file', `state file ${file}: ${reason}`);
  }
}
