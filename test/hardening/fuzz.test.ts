// Whole HTTP requests, byte by byte, against every API of the twin: each answer is well-formed, in
// time, documented (or a 404/405/HTTP-layer refusal), in the API's envelope, never 5xx; the twin
// still serves afterwards and no prototype changed. A longer run: scripts/fuzz.mjs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { Router, mountsFor } from '../../src/mock/router.js';
import { ResponseValidator } from '../../src/validation/response.js';
import { createAjv } from '../../src/validation/ajv.js';
// @ts-expect-error plain ESM shared with scripts/fuzz.mjs, typed by JSDoc
import { fuzz } from './fuzz/run.mjs';
// @ts-expect-error see above
import { caseArbitrary } from './fuzz/request.mjs';

const SEED = 20260101;
const RUNS = Number(process.env.JOBTWIN_FUZZ_RUNS ?? 3000);

describe('fuzzing every API with raw HTTP requests', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed: 1, start: '2026-01-01T00:00:00.000Z' });
  });
  afterAll(() => mock.close());

  it(`answers ${RUNS} generated requests as the specs document (seed ${SEED})`, { timeout: 55_000 }, async () => {
    const result = await fuzz({ mock, Router, mountsFor, ResponseValidator, createAjv }, { runs: RUNS, seed: SEED, arbitrary: caseArbitrary });
    expect(result.cases).toBeGreaterThanOrEqual(RUNS);
  });
});
