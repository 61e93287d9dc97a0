// A filter that gives up: fast-check's own .filter loops for ever when nothing passes.
import fc from 'fast-check';

class BoundedFilterArbitrary<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly arb: fc.Arbitrary<T>,
    private readonly keep: (value: T) => boolean,
    private readonly what: string,
    private readonly tries: number,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let i = 0; i < this.tries; i++) {
      const value = this.arb.generate(mrng, biasFactor);
      if (this.keep(value.value_)) return value;
    }
    throw new Error(`jobtwin arbitraries: no acceptable value for ${this.what} in ${this.tries} tries (unsupported or contradictory schema?)`);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.arb.canShrinkWithoutContext(value) && this.keep(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.arb.shrink(value, context).filter((v) => this.keep(v.value_));
  }
}

/** Values of arb that pass keep; throws a readable error after `tries` misses in a row. */
export function boundedFilter<T>(arb: fc.Arbitrary<T>, keep: (value: T) => boolean, what: string, tries = 200): fc.Arbitrary<T> {
  return new BoundedFilterArbitrary(arb, keep, what, tries);
}

/** One value, the same on every call (fixed seed): for deterministic fills. */
export function sampleOne<T>(arb: fc.Arbitrary<T>, seed = 42): T {
  return fc.sample(arb, { seed, numRuns: 1 })[0];
}
