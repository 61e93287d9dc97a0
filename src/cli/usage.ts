// A mistake in how jobtwin was called: reported in one line, exit code 2.
import { JobtwinError } from '../errors.js';

export class UsageError extends JobtwinError {
  constructor(message: string) {
    super('usage', message);
  }
}
