// A spec that cannot be served: the message names the file and the JSON pointer of the spot.
import { JobtwinError } from '../errors.js';

export class SpecError extends JobtwinError {
  constructor(message: string) {
    super('spec', message);
  }
}

/** One segment of a JSON pointer. */
export function pointerPart(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
