// The x-jobtwin extension's TypeScript types, derived from its JSON Schema (extension-schema.ts): a
// field added to the schema is typed at once, and a type cannot say what the schema refuses. Two
// things the schema cannot say are set here: a duration range is a pair, and control states are
// always present once loaded (root-extension.ts applies the default).
import type { FromSchema } from 'json-schema-to-ts';
import type { ERROR_KINDS, operationExtensionSchema, ROLES, rootExtensionSchema } from './extension-schema.js';

type RootInput = FromSchema<typeof rootExtensionSchema>;
type OperationInput = FromSchema<typeof operationExtensionSchema>;

/** a response template: any JSON, with {{…}} expressions in its strings */
export type Template = unknown;
/** [least, most] milliseconds */
export type Range = [number, number];

export type Role = (typeof ROLES)[number];
export type ErrorKind = (typeof ERROR_KINDS)[number];

export type IdRule = RootInput['ids'];
export type CancelRule = NonNullable<RootInput['lifecycle']['cancel']>;
export type RetentionRule = NonNullable<RootInput['lifecycle']['retention']>;
export type AttemptsCount = NonNullable<RootInput['lifecycle']['attempts']>;
export type Lifecycle = Omit<RootInput['lifecycle'], 'controlStates'> & { controlStates: string[] };
export type Simulation = Omit<RootInput['simulation'], 'durations' | 'retryDurations'> & {
  durations: Record<string, Range>;
  retryDurations?: Record<string, Range>;
};
export type ErrorCatalog = RootInput['errors'];
/** an error answer the vendor does not document (errors.assumed): its media type and envelope schema */
export type AssumedAnswer = NonNullable<ErrorCatalog['assumed']>[string];
export type Limits = NonNullable<RootInput['limits']>;
export type HttpRules = NonNullable<RootInput['http']>;
export type RootExtension = Omit<RootInput, 'lifecycle' | 'simulation'> & { lifecycle: Lifecycle; simulation: Simulation };

export type OperationExtension = OperationInput;
export type ParamRef = NonNullable<OperationInput['jobId']>;
export type ListPaging = NonNullable<OperationInput['paging']>;
