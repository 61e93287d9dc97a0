// A state file that cannot be used: start-up stops with one line naming the file and why (exit 2).
import { UsageError } from '../cli/usage.js';

export class StateFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`state file ${file}: ${reason}`);
  }
}
