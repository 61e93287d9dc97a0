// The list as diff compares it: only the items of the jobs this run made, whatever else the target lists.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../conformance/http/client.js';
import { Endpoint } from '../../src/diff/endpoint.js';
import { listOwn } from '../../src/diff/list.js';
import { loadApis } from '../../src/spec/resolve.js';

const [alchemyst] = await loadApis({ apis: ['alchemyst'] });

// an Alchemyst list holding a job of this run and an older one that failed an attempt
const LIST = {
  success: true,
  jobs: [
    { jobId: 'mine', status: 'completed', attemptsMade: 1, data: {}, finishedOn: 1767225600000, processedOn: 1767225600000 },
    { jobId: 'older', status: 'completed', attemptsMade: 2, data: {}, failedReason: 'boom', finishedOn: 1767225600000, processedOn: 1767225600000 },
  ],
};

describe('listOwn', () => {
  let server: Server;
  let side: Endpoint;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(LIST)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    side = new Endpoint('target', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, new HttpClient({ requestTimeoutMs: 5000 }), { token: 't' });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("keeps the envelope and the items of this run's jobs only", async () => {
    const answer = await listOwn(alchemyst, side, new Set(['mine']));
    expect(answer?.status).toBe(200);
    expect(answer?.shape['/jobs/*/jobId']).toBe('string');
    expect(answer?.shape).not.toHaveProperty('/jobs/*/failedReason');
    expect(answer?.shape['/success']).toBe('boolean');
  });

  it('leaves the items array empty when none of them is this run’s, so no item is compared', async () => {
    const answer = await listOwn(alchemyst, side, new Set());
    expect(answer?.shape['/jobs']).toBe('array');
    expect(answer?.shape).not.toHaveProperty('/jobs/*');
  });
});
