// A list paged by the last item's id, as OpenAI's batches (after, before, limit; first_id, last_id,
// has_more), over real HTTP on the frozen clock: pages both ways, cursors that name no batch, the
// creation window (created_after inclusive, created_before exclusive) and the pages' own URLs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { SpecError } from '../../src/spec/load.js';
import { startTwin, T0, type Harness } from '../helpers/twin.js';

const DIR = join(import.meta.dirname, '../../fixtures/specs/vendor30');
const SPEC = join(DIR, 'list-batch.openapi.yaml');
const OVERLAY = join(DIR, 'list-batch.overlay.yaml');
const s = (ms: number) => Math.floor(ms / 1000);
const tmp = mkdtempSync(join(tmpdir(), 'jobtwin-id-paging-'));
let written = 0;

function overlay(target: string, update: unknown): string {
  const file = join(tmp, `extra-${++written}.overlay.json`);
  writeFileSync(file, JSON.stringify({ overlay: '1.0.0', info: { title: 'extra', version: '1' }, actions: [{ target, update }] }));
  return file;
}

const LIST = "$.paths['/batches'].get['x-jobtwin']";

/** Five batches of tenant-a, one a second apart from T0 (ids[0] oldest), and one of tenant-b. */
async function seed(t: Harness): Promise<{ ids: string[]; other: string }> {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const created = await t.call('POST', '/v1/batches', { body: { input_file_id: `file-${i}` } });
    expect(created.status, created.text).toBe(200);
    ids.push(created.body.id);
    t.advance(1000);
  }
  const other = (await t.call('POST', '/v1/batches', { token: 'tenant-b', body: { input_file_id: 'file-b' } })).body.id as string;
  return { ids, other };
}

describe('id paging (OpenAI-style after/before/limit)', () => {
  let t: Harness;
  let ids: string[];
  let other: string;
  const list = async (query: string) => t.call('GET', `/v1/batches${query}`);
  const dataIds = (body: any) => (body.data as Array<{ id: string }>).map((b) => b.id);

  beforeAll(async () => {
    // next/previous added to the vendor's page so that both kinds of page link are served
    t = await startTwin({ specs: [SPEC], overlays: [OVERLAY, overlay(LIST, { body: { next: '{{page.next}}', previous: '{{page.previous}}' } })] });
    ({ ids, other } = await seed(t));
  });
  afterAll(() => t.close());

  it('pages newest first by the last id, with first_id, last_id and has_more', async () => {
    const [b1, b2, b3, b4, b5] = ids;
    const first = await list('?limit=2');
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ object: 'list', first_id: b5, last_id: b4, has_more: true });
    expect(dataIds(first.body)).toEqual([b5, b4]);
    const second = await list(`?limit=2&after=${b4}`);
    expect(dataIds(second.body)).toEqual([b3, b2]);
    expect(second.body).toMatchObject({ first_id: b3, last_id: b2, has_more: true });
    const third = await list(`?limit=2&after=${b2}`);
    expect(dataIds(third.body)).toEqual([b1]);
    expect(third.body).toMatchObject({ first_id: b1, last_id: b1, has_more: false, next: null });
    const past = await list(`?limit=2&after=${b1}`);
    expect(past.body).toMatchObject({ data: [], first_id: null, last_id: null, has_more: false, next: null, previous: null });
  });

  it('pages backwards with before: the jobs just ahead, in list order, has_more saying whether more are ahead', async () => {
    const [, b2, b3, b4, b5] = ids;
    const back = await list(`?limit=2&before=${b2}`);
    expect(dataIds(back.body)).toEqual([b4, b3]);
    expect(back.body.has_more).toBe(true);
    const front = await list(`?limit=2&before=${b4}`);
    expect(dataIds(front.body)).toEqual([b5]);
    expect(front.body.has_more).toBe(false);
  });

  it("links the neighbouring pages by absolute URLs on the twin's origin, keeping the request's other parameters", async () => {
    const [, b2, b3, b4] = ids;
    const page = await list(`?limit=2&after=${b4}`);
    expect(page.body.next).toBe(`${t.url}/v1/batches?limit=2&after=${b2}`);
    expect(page.body.previous).toBe(`${t.url}/v1/batches?limit=2&before=${b3}`);
    // following next walks on
    const followed = await fetch(page.body.next, { headers: { authorization: 'Bearer tenant-a' } });
    expect(((await followed.json()) as any).first_id).toBe(ids[0]);
  });

  it("answers a cursor that names no batch of the caller's with 400 in the API's envelope", async () => {
    for (const query of ['?after=batch_nosuchbatchatall00', `?after=${other}`, `?before=batch_nosuchbatchatall00`]) {
      const answer = await list(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body).toEqual({
        error: { message: expect.stringMatching(/^(after|before): no job batch_\w+ in this list$/), type: 'invalid_request_error' },
      });
    }
    const both = await list(`?after=${ids[1]}&before=${ids[3]}`);
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe('give after or before, not both');
  });

  it('keeps a cursor whose batch left the window: its place in the order is what counts', async () => {
    const [b1, b2, b3] = ids;
    const windowed = await list(`?created_before=${s(T0) + 2}&after=${b3}`);
    expect(dataIds(windowed.body)).toEqual([b2, b1]);
  });

  it('lists a window of creation times, created_after inclusive and created_before exclusive (unix seconds)', async () => {
    const [b1, b2, b3, b4, b5] = ids;
    expect(dataIds((await list(`?created_before=${s(T0) + 2}`)).body)).toEqual([b2, b1]);
    expect(dataIds((await list(`?created_after=${s(T0) + 1}&created_before=${s(T0) + 3}`)).body)).toEqual([b3, b2]);
    expect(dataIds((await list(`?created_after=${s(T0) + 3}`)).body)).toEqual([b5, b4]);
    // windows that meet at one instant list each batch once
    const before = dataIds((await list(`?created_before=${s(T0) + 2}`)).body);
    const from = dataIds((await list(`?created_after=${s(T0) + 2}`)).body);
    expect([...from, ...before]).toEqual([b5, b4, b3, b2, b1]);
    expect((await list(`?created_before=${s(T0)}`)).body.data).toEqual([]);
    const bad = await list('?created_before=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/created_before/);
  });
});

describe('list parameters are checked at start-up', () => {
  async function refusal(extra: string): Promise<string> {
    let twin: Awaited<ReturnType<typeof startMock>> | undefined;
    try {
      twin = await startMock({ specs: [SPEC], overlays: [OVERLAY, extra] });
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      return (error as Error).message;
    }
    await twin.close();
    throw new Error('the twin started');
  }

  it('refuses a paging, window or filter parameter the operation does not have, naming its spot', async () => {
    const at = '#/paths/~1batches/get/x-jobtwin';
    expect(await refusal(overlay(LIST, { paging: { after: { param: 'starting_after' } } }))).toContain(
      `${at}/paging/after/param: the operation has no query parameter "starting_after"`,
    );
    expect(await refusal(overlay(LIST, { until: { param: 'created_lt' } }))).toContain(`${at}/until/param: the operation has no query parameter "created_lt"`);
    expect(await refusal(overlay(LIST, { filter: { param: 'status', values: { all: '*' } } }))).toContain(
      `${at}/filter/param: the operation has no query parameter "status"`,
    );
  });

  it('refuses a paging field the style does not read', async () => {
    expect(await refusal(overlay(LIST, { paging: { cursor: { param: 'after' } } }))).toContain(
      '/paging/cursor: paging style "id" does not read cursor (it reads after, before)',
    );
    expect(await refusal(overlay(`${LIST}.paging`, { style: 'offset', offset: { param: 'after' } }))).toContain(
      '/paging/after: paging style "offset" does not read after (it reads offset)',
    );
  });
});
