// endedStatus, wait and webhook on a create's x-jobtwin: a mistake stops the load with the JSON
// pointer of the field at fault.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadApi } from '../../src/spec/load.js';
import { loadFailure } from '../helpers/load-failure.js';

const FILE = join(import.meta.dirname, '../../fixtures/specs/replicate/predictions.openapi.yaml');
const original = parseYaml(readFileSync(FILE, 'utf8'));
const CREATE = '#/paths/~1v1~1predictions/post/x-jobtwin';

const failure = (mutate: (create: any, doc: any) => void) => loadFailure(original, (doc) => mutate(doc.paths['/v1/predictions'].post['x-jobtwin'], doc));

describe('a create operation extras', () => {
  it('load as declared', async () => {
    const api = await loadApi('my.yaml', structuredClone(original));
    const create = api.byRole.create!.asRole;
    expect(create?.role === 'create' && create.extras).toMatchObject({
      endedStatus: 201,
      waitMax: 60,
      webhook: { url: ['webhook'], filter: ['webhook_events_filter'], retries: { max: 3, backoffMs: 2000 } },
    });
  });

  it('refuse an endedStatus the operation does not document', async () => {
    expect(await failure((c) => (c.endedStatus = 200))).toContain(`my.yaml${CREATE}/endedStatus: 200 is not among the operation's documented responses`);
  });

  it('refuse an event on a state the lifecycle lacks', async () => {
    expect(await failure((c) => (c.webhook.events.completed = ['succeeded', 'done']))).toContain(
      `${CREATE}/webhook/events/completed/1: "done" is not a state of the lifecycle`,
    );
  });

  it('refuse a URL field the request body does not have', async () => {
    expect(await failure((c) => (c.webhook.url = 'callback'))).toContain(`${CREATE}/webhook/url: the JSON request body has no field "callback"`);
  });

  it('refuse a filter without events', async () => {
    expect(await failure((c) => delete c.webhook.events)).toContain(`${CREATE}/webhook/filter: a filter names events`);
  });

  it('refuse the create-only fields on another role', async () => {
    const message = await failure((_c, doc) => (doc.paths['/v1/predictions/{prediction_id}'].get['x-jobtwin'].wait = { max: 5 }));
    expect(message).toContain(`#/paths/~1v1~1predictions~1{prediction_id}/get/x-jobtwin/wait: only a create operation takes it`);
  });

  it('refuse a webhook body template reading what a job template cannot', async () => {
    expect(await failure((c) => (c.webhook.body = { id: '{{page.total}}' }))).toContain(`${CREATE}/webhook/body`);
  });

  it('refuse a webhook header that is no header name, one the twin sets itself, or a template that reads too far', async () => {
    expect(await failure((c) => (c.webhook.headers = [{ name: 'X Secret', value: 'v' }]))).toBe(
      `my.yaml${CREATE}/webhook/headers/0/name: "X Secret" is not a header name a webhook may carry`,
    );
    expect(
      await failure(
        (c) =>
          (c.webhook.headers = [
            { name: 'x-ok', value: 'v' },
            { name: 'Content-Length', value: '1' },
          ]),
      ),
    ).toContain(`${CREATE}/webhook/headers/1/name: "Content-Length" is not a header name`);
    expect(await failure((c) => (c.webhook.headers = [{ name: 'x-k', value: '{{job.inptu.key}}' }]))).toContain(`${CREATE}/webhook/headers/0/value`);
    expect(await failure((c) => (c.webhook.headers = [{ name: 'x-k' }]))).toContain('headers/0');
  });
});
