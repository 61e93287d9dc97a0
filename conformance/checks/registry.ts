// Every check, by name. `--checks a,b` and `--exclude-checks a,b` choose among them.
import type { Check } from './types.js';
import { notAServerError } from './not-a-server-error.js';
import { statusCodeConformance } from './status-code-conformance.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { responseHeadersConformance } from './response-headers-conformance.js';
import { negativeDataRejection } from './negative-data-rejection.js';
import { positiveDataAcceptance } from './positive-data-acceptance.js';
import { authRequired } from './auth-required.js';
import { tenantIsolation } from './tenant-isolation.js';
import { unknownJobNotFound } from './unknown-job-not-found.js';
import { undocumentedRoutes } from './undocumented-routes.js';
import { lifecycleStates } from './lifecycle-states.js';
import { lifecycleTransitions } from './lifecycle-transitions.js';
import { lifecycleTimestamps } from './lifecycle-timestamps.js';
import { attemptsBounds } from './attempts-bounds.js';
import { cancelSemantics } from './cancel-semantics.js';
import { listConsistency } from './list-consistency.js';
import { listPaging } from './list-paging.js';
import { listWindow } from './list-window.js';
import { resultsContent } from './results-content.js';
import { eventualCompletion } from './eventual-completion.js';
import { retention } from './retention.js';
import { dataRemoval } from './data-removal.js';
import { progressMonotonic } from './progress-monotonic.js';
import { lifecyclePaths } from './lifecycle-paths.js';
import { deadline } from './deadline.js';
import { webhookDelivery } from './webhook-delivery.js';
import { createWait } from './create-wait.js';

export const CHECKS: readonly Check[] = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  responseHeadersConformance,
  negativeDataRejection,
  positiveDataAcceptance,
  authRequired,
  tenantIsolation,
  unknownJobNotFound,
  undocumentedRoutes,
  lifecycleStates,
  lifecycleTransitions,
  lifecycleTimestamps,
  lifecyclePaths,
  attemptsBounds,
  progressMonotonic,
  cancelSemantics,
  listConsistency,
  listPaging,
  listWindow,
  resultsContent,
  eventualCompletion,
  deadline,
  retention,
  dataRemoval,
  webhookDelivery,
  createWait,
];

export const CHECK_NAMES = CHECKS.map((c) => c.name);

export class UnknownCheckError extends Error {}

/** The checks a run uses; an unknown name is an error that lists the known ones. */
export function selectChecks(only?: string[], exclude?: string[]): Check[] {
  for (const name of [...(only ?? []), ...(exclude ?? [])]) {
    if (!CHECK_NAMES.includes(name)) throw new UnknownCheckError(`unknown check "${name}"; the checks are ${CHECK_NAMES.join(', ')}`);
  }
  return CHECKS.filter((c) => (!only || only.length === 0 || only.includes(c.name)) && !(exclude ?? []).includes(c.name));
}
