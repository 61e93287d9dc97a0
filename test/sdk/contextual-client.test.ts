// Contextual AI's own TypeScript client, unchanged, against the twin serving Contextual alone: the
// base URL is the only thing that changes (…/v1, as for the real service).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ContextualAI, { toFile } from 'contextual-client';
import { startMock, type RunningMock } from '../../src/index.js';

describe('contextual-client against the twin', () => {
  let twin: RunningMock;
  let client: ContextualAI;
  beforeAll(async () => {
    twin = await startMock({ apis: ['contextual'], seed: 5, start: '2026-03-01T00:00:00.000Z' });
    client = new ContextualAI({ apiKey: 'key-of-tenant-a', baseURL: `${twin.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => twin.close());

  it('parses a file: create, status, list and results, through the job lifecycle', async () => {
    const file = await toFile(Buffer.from('%PDF-1.7 attention is all you need'), 'attention.pdf', { type: 'application/pdf' });
    const { job_id } = await client.parse.create({ raw_file: file, parse_mode: 'standard', enable_document_hierarchy: true });
    expect(job_id).toMatch(/^[0-9a-f-]{36}$/);

    const pending = await client.parse.jobStatus(job_id);
    expect(pending).toMatchObject({ status: 'pending', file_name: 'attention.pdf' });

    const listed = await client.parse.jobs({ limit: 10 });
    expect(listed.jobs.map((j) => j.id)).toContain(job_id);

    twin.advance('1h');
    const done = await client.parse.jobStatus(job_id);
    expect(['completed', 'failed']).toContain(done.status);
    if (done.status === 'completed') {
      const results = await client.parse.jobResults(job_id, { output_types: ['markdown-document'] });
      expect(results).toMatchObject({ status: 'completed', file_name: 'attention.pdf' });
      expect(typeof results.markdown_document).toBe('string');
    }
  });

  it("gets the SDK's own typed errors: 404 for an unknown job, 401 without a key", async () => {
    await expect(client.parse.jobStatus('3c90c3cc-0d44-4b50-8888-8dd25736052a')).rejects.toBeInstanceOf(ContextualAI.NotFoundError);
    const anonymous = new ContextualAI({ apiKey: '', baseURL: `${twin.url}/v1`, maxRetries: 0, defaultHeaders: { authorization: null } });
    await expect(anonymous.parse.jobs()).rejects.toBeInstanceOf(ContextualAI.AuthenticationError);
  });

  it('sees a job as gone 30 days on, as the vendor documents', async () => {
    const file = await toFile(Buffer.from('%PDF-1.7'), 'old.pdf', { type: 'application/pdf' });
    const { job_id } = await client.parse.create({ raw_file: file });
    twin.advance('31d');
    await expect(client.parse.jobStatus(job_id)).rejects.toBeInstanceOf(ContextualAI.NotFoundError);
    expect((await client.parse.jobs()).jobs.map((j) => j.id)).not.toContain(job_id);
  });
});
