// The stages every API request passes, in order. A new stage is one file and one line here.
import type { OperationExchange, Stage } from './types.js';
import { preflight } from './preflight.js';
import { injectFaults } from './inject-faults.js';
import { route } from './route.js';
import { authenticate } from './authenticate.js';
import { simulateTenant } from './simulate-tenant.js';
import { readRequestBody } from './read-request-body.js';
import { validateRequest } from './validate-request.js';
import { answerByRole } from './answer-by-role.js';

/** Before an operation is known: CORS preflights are never faulted, faults hit unknown paths too. */
export const REQUEST_STAGES: Stage[] = [preflight, injectFaults, route];

/** Once the route found the operation. */
export const OPERATION_STAGES: Stage<OperationExchange>[] = [authenticate, simulateTenant, readRequestBody, validateRequest, answerByRole];
