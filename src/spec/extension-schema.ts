// JSON Schema of the x-jobtwin extension: checked with ajv when a spec loads, and the source of its
// TypeScript types (extension-types.ts derives them), so the two cannot drift apart.
// docs/extension.md explains each field.
import { DATA_FIELDS } from './data-fields.js';

/** The lifecycle roles an operation can hold; each has its handler in src/mock/handlers (registered in src/mock/pipeline/answer-by-role.ts). */
export const ROLES = ['create', 'status', 'cancel', 'list', 'results'] as const;

const stateList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;
const range = {
  type: 'array',
  prefixItems: [
    { type: 'number', minimum: 0 },
    { type: 'number', minimum: 0 },
  ],
  minItems: 2,
  maxItems: 2,
} as const;
const pathList = { ...stateList, minItems: 2 } as const;
// 1500 (ms), "90s", "10m", "24h", "1h30m"
const duration = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$' },
  ],
} as const;
const deadline = {
  type: 'object',
  additionalProperties: false,
  required: ['to'],
  properties: {
    // from creation; with `param`, the default when the request gives none
    after: duration,
    // where the request gives it: a duration such as "24h", "90s", "1h30m", or a bare number in `unit`
    param: {
      type: 'object',
      additionalProperties: false,
      required: ['in', 'name'],
      properties: { in: { enum: ['header', 'body'] }, name: { type: 'string', minLength: 1 }, unit: { enum: ['ms', 's'] } },
    },
    // the end state when the time passes; a job that has started running by then takes `started`
    to: { type: 'string', minLength: 1 },
    started: { type: 'string', minLength: 1 },
  },
  anyOf: [{ required: ['after'] }, { required: ['param'] }],
} as const;
const dataFields = { type: 'array', items: { enum: DATA_FIELDS }, uniqueItems: true, minItems: 1 } as const;

export const ERROR_KINDS = [
  'invalid',
  'unauthorized',
  'paymentRequired',
  'forbidden',
  'notFound',
  'methodNotAllowed',
  'conflict',
  'tooLarge',
  'rateLimited',
  'internal',
  'unavailable',
] as const;
const assumedAnswer = {
  type: 'object',
  additionalProperties: false,
  required: ['mediaType'],
  properties: {
    // JSON only: the twin writes its envelopes as JSON
    mediaType: { type: 'string', pattern: '^application/([A-Za-z0-9.-]+\\+)?json$' },
    // the envelope's JSON Schema 2020-12; absent: the body is not schema-checked
    schema: { type: ['object', 'boolean'] },
    description: { type: 'string' },
  },
} as const;
const errorCatalog = {
  type: 'object',
  additionalProperties: false,
  properties: {
    validationStatus: { type: 'integer', minimum: 400, maximum: 499 },
    // how validation errors are worded: pydantic: as FastAPI on pydantic 2 (with input and ctx); nestjs:
    // ValidationPipe's array of class-validator messages; default/fastapi: jobtwin's {loc, msg, type}
    validationStyle: { enum: ['default', 'fastapi', 'pydantic', 'nestjs'] },
    // on an operation: that operation's own envelope, over the root's envelope and byStatus
    envelope: {},
    byStatus: { type: 'object', propertyNames: { pattern: '^[1-5][0-9][0-9]$' } },
    // headers per error status, e.g. {"401": {"WWW-Authenticate": "Bearer"}}
    headers: {
      type: 'object',
      propertyNames: { pattern: '^[1-5][0-9][0-9]$' },
      additionalProperties: { type: 'object', propertyNames: { pattern: '^[A-Za-z0-9-]+$' }, additionalProperties: { type: 'string' } },
    },
    messages: {
      type: 'object',
      propertyNames: { enum: ERROR_KINDS },
      additionalProperties: { type: 'string' },
    },
    // error answers the vendor does not document, per status: the twin renders them in mediaType, and
    // the suite accepts the status as documented (media type and schema held only with --strict)
    assumed: {
      type: 'object',
      propertyNames: { pattern: '^[45][0-9][0-9]$' },
      additionalProperties: assumedAnswer,
    },
  },
} as const;
const limits = {
  type: 'object',
  additionalProperties: false,
  // assumed: the vendor documents no such limit (the suite holds a target to it only with --strict)
  properties: { bodyBytes: { type: 'integer', minimum: 1 }, assumed: { type: 'boolean' } },
} as const;
const param = {
  type: 'object',
  additionalProperties: false,
  required: ['param'],
  properties: { param: { type: 'string', minLength: 1 } },
} as const;

export const rootExtensionSchema = {
  $id: 'jobtwin:root-extension',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'name', 'ids', 'lifecycle', 'simulation', 'errors'],
  properties: {
    version: { const: 1 },
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    // redirect: a known path with a trailing slash answers 307 to the path without it (Starlette)
    trailingSlash: { enum: ['redirect', 'notFound'] },
    ids: {
      type: 'object',
      additionalProperties: false,
      required: ['format'],
      properties: {
        format: { enum: ['uuid', 'token'] },
        prefix: { type: 'string', pattern: '^[A-Za-z0-9_-]*$' },
        length: { type: 'integer', minimum: 8, maximum: 64 },
      },
    },
    lifecycle: {
      type: 'object',
      additionalProperties: false,
      required: ['states', 'initial', 'running', 'terminal', 'transitions', 'outcomes'],
      properties: {
        states: { ...stateList, minItems: 2 },
        initial: { type: 'string' },
        running: { type: 'string' },
        terminal: { ...stateList, minItems: 1 },
        transitions: { type: 'object', additionalProperties: stateList },
        outcomes: {
          type: 'object',
          additionalProperties: false,
          required: ['succeeded', 'failed'],
          properties: { succeeded: { type: 'string' }, failed: { type: 'string' }, partial: { type: 'string' } },
        },
        retry: {
          type: 'object',
          additionalProperties: false,
          required: ['maxAttempts', 'via'],
          properties: { maxAttempts: { type: 'integer', minimum: 1, maximum: 100 }, via: stateList },
        },
        // what job.attempts counts: started (default) adds 1 when an attempt starts; ended adds 1 when
        // an attempt fails or finishes (BullMQ's attemptsMade)
        attempts: { enum: ['started', 'ended'] },
        // the states a job passes, in order, per way it can end: `running` once in each path that runs,
        // states after it before the outcome (a finalizing step); `rejected`: a path that never runs
        // (input validation failing), taken at simulation.rejectRate
        paths: {
          type: 'object',
          additionalProperties: false,
          properties: { succeeded: pathList, failed: pathList, partial: pathList, rejected: pathList },
        },
        cancel: {
          type: 'object',
          additionalProperties: false,
          required: ['allowed', 'conflict', 'notFound'],
          properties: {
            allowed: stateList,
            conflict: stateList,
            notFound: stateList,
            // answered with success and the job as it is (an idempotent cancel once the job has ended)
            unchanged: stateList,
            removes: { type: 'boolean' },
            // the job stays, in its state, its data removed now (AssemblyAI's DELETE): job.dataRemoved
            removesData: {
              anyOf: [
                { const: true },
                {
                  type: 'object',
                  additionalProperties: false,
                  properties: { fields: dataFields },
                },
              ],
            },
            to: { type: 'string' },
            // a timed state passed on the way to `to` (its dwell: simulation.durations)
            via: { type: 'string', minLength: 1 },
          },
        },
        // end states reached when a time passes before the job has ended: a fixed window, or one the
        // create request gives (a header or body field holding a duration)
        deadlines: { type: 'array', minItems: 1, items: deadline },
        // outputs removed some time after the job ended, the record kept (job.dataRemoved)
        dataRemoval: {
          type: 'object',
          additionalProperties: false,
          required: ['after'],
          properties: { after: duration, fields: dataFields },
        },
        // states only the control interface moves a job to ([] once loaded); the one its cancel uses
        // where the API has no cancel operation
        controlStates: stateList,
        controlCancel: { type: 'string', minLength: 1 },
        retention: {
          anyOf: [
            { type: 'null' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['days', 'applies'],
              properties: { days: { type: 'number', exclusiveMinimum: 0 }, applies: { enum: ['all', 'terminal'] } },
            },
          ],
        },
      },
    },
    simulation: {
      type: 'object',
      additionalProperties: false,
      required: ['durations', 'attemptFailureRate', 'failureReasons'],
      properties: {
        durations: { type: 'object', additionalProperties: range },
        // dwell per state on the retry path, over durations (BullMQ: waiting [0, 0] after a back-off)
        retryDurations: { type: 'object', additionalProperties: range },
        attemptFailureRate: { type: 'number', minimum: 0, maximum: 1 },
        // chance that a job takes lifecycle.paths.rejected (fails before it runs)
        rejectRate: { type: 'number', minimum: 0, maximum: 1 },
        partialRate: { type: 'number', minimum: 0, maximum: 1 },
        failureReasons: { type: 'array', items: { type: 'string' } },
        result: {},
        partialResult: {},
        jobType: { type: 'string' },
        // the job types a create may ask for (X-Jobtwin-Job: type=…); others are refused
        jobTypes: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, minItems: 1 },
      },
    },
    errors: errorCatalog,
    limits,
    // how requests no operation documents are answered: 405 with Allow, 404 (the suite holds targets to it)
    http: {
      type: 'object',
      additionalProperties: false,
      properties: {
        methodNotAllowed: { const: 405 },
        unknownPath: { const: 404 },
      },
    },
  },
} as const;

const createWait = {
  type: 'object',
  additionalProperties: false,
  required: ['max'],
  properties: { max: { type: 'integer', minimum: 1, maximum: 3600 } },
} as const;
const createWebhook = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    // the create body's field holding the URL: a top-level name or a JSON pointer
    url: { type: 'string', minLength: 1 },
    // event name → the states whose entry sends it; absent: every state entered
    events: { type: 'object', minProperties: 1, additionalProperties: { ...stateList, minItems: 1 } },
    // the create body's field listing the events wanted (absent from a request: all of them)
    filter: { type: 'string', minLength: 1 },
    // the delivery's body, a job template; absent: the status operation's body
    body: {},
    retries: {
      type: 'object',
      additionalProperties: false,
      properties: { max: { type: 'integer', minimum: 0, maximum: 20 }, backoff: { type: 'integer', minimum: 0 } },
    },
    // standard: webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks)
    signing: { enum: ['standard'] },
    // headers the request asks to be sent back (AssemblyAI's webhook_auth_header_name/_value): job templates
    headers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'value'],
        properties: { name: { type: 'string', minLength: 1 }, value: { type: 'string' } },
      },
    },
  },
} as const;

export const operationExtensionSchema = {
  $id: 'jobtwin:operation-extension',
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { enum: [...ROLES] },
    status: { type: 'integer', minimum: 200, maximum: 299 },
    body: {},
    jobId: {
      type: 'object',
      additionalProperties: false,
      required: ['in', 'name'],
      properties: { in: { enum: ['path', 'query'] }, name: { type: 'string', minLength: 1 } },
    },
    jobType: { type: 'string' },
    item: {},
    // unspecified: the vendor documents no order (BullMQ groups by state): a job may move between pages
    order: { enum: ['newest', 'oldest', 'unspecified'] },
    filter: {
      type: 'object',
      additionalProperties: false,
      required: ['param', 'values'],
      properties: {
        param: { type: 'string' },
        values: { type: 'object', additionalProperties: { anyOf: [{ const: '*' }, stateList] } },
      },
    },
    paging: {
      type: 'object',
      additionalProperties: false,
      required: ['style'],
      properties: {
        // id: the cursor is the last (or first) listed item's id (OpenAI's after, Stripe's starting_after)
        style: { enum: ['offset', 'cursor', 'id'] },
        limit: {
          type: 'object',
          additionalProperties: false,
          required: ['param', 'default'],
          properties: {
            param: { type: 'string' },
            default: { type: 'integer', minimum: 1 },
            max: { type: 'integer', minimum: 1 },
          },
        },
        offset: param,
        cursor: param,
        after: param,
        before: param,
      },
      if: { properties: { style: { const: 'id' } } },
      then: { required: ['after'] },
    },
    since: param,
    until: param,
    errors: errorCatalog,
    limits,
    // create only (src/spec/create-extras.ts): the status of a create answered once its job ended,
    // Prefer: wait, and the webhooks a create asks for
    endedStatus: { type: 'integer', minimum: 200, maximum: 299 },
    wait: createWait,
    webhook: createWebhook,
  },
  allOf: [
    { if: { properties: { role: { enum: ['status', 'cancel', 'results'] } } }, then: { required: ['jobId', 'body'] } },
    { if: { properties: { role: { const: 'create' } } }, then: { required: ['body'] } },
    { if: { properties: { role: { const: 'list' } } }, then: { required: ['body', 'item'] } },
  ],
} as const;
