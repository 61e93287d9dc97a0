// A spec changed from a loaded original must fail to load with a SpecError: its message, for the
// tests that check where a mistake is said to be.
import { expect } from 'vitest';
import { loadApi, SpecError } from '../../src/spec/load.js';

export async function loadFailure(original: unknown, mutate: (doc: any) => void): Promise<string> {
  const doc = structuredClone(original) as Record<string, any>;
  mutate(doc);
  try {
    await loadApi('my.yaml', doc);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  throw new Error('the spec loaded');
}
