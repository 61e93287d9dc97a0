// The extension's types follow its schema: what the schema allows is typed, what it refuses is not.
import { describe, expectTypeOf, it } from 'vitest';
import type { AssumedAnswer, ErrorCatalog, Lifecycle, ListPaging, OperationExtension, RootExtension, Simulation } from '../../src/spec/extension-types.js';

describe('x-jobtwin types derived from the schema', () => {
  it('types enums, optional fields and the normalised defaults', () => {
    expectTypeOf<Lifecycle['attempts']>().toEqualTypeOf<'started' | 'ended' | undefined>();
    expectTypeOf<Lifecycle['controlStates']>().toEqualTypeOf<string[]>();
    expectTypeOf<Lifecycle['outcomes']>().toEqualTypeOf<{ succeeded: string; failed: string; partial?: string }>();
    expectTypeOf<NonNullable<Lifecycle['retention']>['applies']>().toEqualTypeOf<'all' | 'terminal'>();
    expectTypeOf<Simulation['durations']>().toEqualTypeOf<Record<string, [number, number]>>();
    expectTypeOf<ErrorCatalog['validationStyle']>().toEqualTypeOf<'default' | 'fastapi' | 'pydantic' | 'nestjs' | undefined>();
    expectTypeOf<AssumedAnswer['mediaType']>().toEqualTypeOf<string>();
    expectTypeOf<AssumedAnswer['description']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<OperationExtension['errors']>['assumed']>().toEqualTypeOf<ErrorCatalog['assumed']>();
    expectTypeOf<RootExtension['version']>().toEqualTypeOf<1>();
    expectTypeOf<RootExtension['trailingSlash']>().toEqualTypeOf<'redirect' | 'notFound' | undefined>();
    expectTypeOf<OperationExtension['role']>().toEqualTypeOf<'create' | 'status' | 'cancel' | 'list' | 'results'>();
    expectTypeOf<OperationExtension['order']>().toEqualTypeOf<'newest' | 'oldest' | 'unspecified' | undefined>();
    expectTypeOf<ListPaging['style']>().toEqualTypeOf<'offset' | 'cursor' | 'id'>();
    expectTypeOf<NonNullable<ListPaging['after']>['param']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<OperationExtension['filter']>['values'][string]>().toEqualTypeOf<'*' | string[]>();
    // a field the schema does not have is not typed
    expectTypeOf<RootExtension>().not.toHaveProperty('retries');
  });
});
