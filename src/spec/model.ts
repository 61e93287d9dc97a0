// The loaded form of one spec: what the twin and the conformance suite work from.
import type { CompiledTemplate } from '../template/compile.js';
import type { OperationExtension, ParamRef, Role, RootExtension } from './extension-types.js';
import type { JsonSchema, OperationView } from './operation-view.js';
import type { CreateExtras } from './create-extras.js';
import type { Credential } from './credential.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type Method = (typeof METHODS)[number];

/** One operation; its parameters, request body, responses and security as typed fields (OperationView). */
export interface OperationModel extends OperationView {
  apiName: string;
  method: Method;
  /** the spec's path template, e.g. /parse/jobs/{job_id}/status */
  path: string;
  operationId: string;
  ext?: OperationExtension;
  /** success status of a lifecycle operation */
  successStatus: number;
  /** statuses the operation documents */
  statuses: Set<string>;
  /** error answers it does not document but x-jobtwin errors.assumed declares, by status ({} when none) */
  assumed: Record<string, AssumedResponse>;
  body?: CompiledTemplate;
  item?: CompiledTemplate;
  /** the operation as its lifecycle role sees it, with what the role needs present (set at load) */
  asRole?: RoleOperation;
}

/** An assumed error answer as an operation holds it, the root's and its own merged. */
export interface AssumedResponse {
  mediaType: string;
  /** absent: the body is not schema-checked */
  schema?: JsonSchema;
  /** where it was declared, for messages: x-jobtwin errors.assumed, at the root or on the operation */
  from: 'root' | 'operation';
}

interface RoleParts extends OperationModel {
  ext: OperationExtension;
  body: CompiledTemplate;
}

/** role: create */
export interface CreateOperation extends RoleParts {
  role: 'create';
  /** endedStatus, Prefer: wait, webhooks (src/spec/create-extras.ts) */
  extras: CreateExtras;
}

/** roles that name one job: status, results, cancel */
export interface JobOperation extends RoleParts {
  role: 'status' | 'results' | 'cancel';
  jobId: ParamRef;
}

/** role: list */
export interface ListOperation extends RoleParts {
  role: 'list';
  item: CompiledTemplate;
}

export type RoleOperation = CreateOperation | JobOperation | ListOperation;
export type { Role };

export interface ApiModel {
  name: string;
  title: string;
  /** where the spec came from, for messages (the spec file, and the overlays applied to it) */
  source: string;
  /** the spec file itself */
  file: string;
  /**
   * With overlays: the document as the twin follows it (the vendor's, overlays applied, pruned to the
   * job operations), before conversion; what the state file stamps and /__jobtwin/specs serves.
   */
  overlaid?: Record<string, any>;
  /** a bundled spec, validated by the test suite: some start-up checks are skipped */
  trusted?: boolean;
  /** the document's own OpenAPI version (3.0 ones are converted to 3.1 on load) and the overlays applied */
  origin?: { openapi: string; overlays: string[] };
  /** the dereferenced document */
  document: Record<string, any>;
  /** the path of servers[0].url, '' when none (e.g. '/v1') */
  basePath: string;
  ext: RootExtension;
  /** terminal states plus control-only states */
  endStates: ReadonlySet<string>;
  operations: OperationModel[];
  result?: CompiledTemplate;
  partialResult?: CompiledTemplate;
  /** the operation holding each lifecycle role */
  byRole: Partial<Record<NonNullable<OperationExtension['role']>, OperationModel>>;
  /** how clients send their credential (src/spec/credential.ts); absent: a bearer token */
  credential?: Credential;
}
