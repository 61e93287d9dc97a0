// A bad spec fails at load with a message that names the file and the spot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadApi } from '../../src/spec/load.js';
import { loadFailure } from '../helpers/load-failure.js';
import { bundledSpecPath } from '../../src/spec/bundled.js';

const FILE = bundledSpecPath('alchemyst')!;
const original = parseYaml(readFileSync(FILE, 'utf8'));
const STATUS = '/api/v1/context/add-async/{id}/status';

const failure = (mutate: (doc: any) => void) => loadFailure(original, mutate);

describe('spec errors name the spot', () => {
  it('accepts the bundled spec as it is', async () => {
    await expect(loadApi('my.yaml', structuredClone(original))).resolves.toMatchObject({ name: 'alchemyst' });
  });

  it('refuses another OpenAPI version', async () => {
    expect(await failure((d) => (d.openapi = '3.2.0'))).toMatch(/my\.yaml#\/openapi: jobtwin reads OpenAPI 3\.1 and 3\.0/);
  });

  it('refuses a control cancel state that is not a control state', async () => {
    const message = await failure((d) => (d['x-jobtwin'].lifecycle.controlCancel = 'completed'));
    expect(message).toMatch(/#\/x-jobtwin\/lifecycle\/controlCancel: "completed" must be one of lifecycle\.controlStates/);
  });

  it('refuses a spec without the extension', async () => {
    expect(await failure((d) => delete d['x-jobtwin'])).toMatch(/my\.yaml#\/x-jobtwin: missing/);
  });

  it('points at a bad field of the extension', async () => {
    expect(await failure((d) => delete d['x-jobtwin'].lifecycle.initial)).toMatch(/#\/x-jobtwin\/lifecycle: must have required property 'initial'/);
    expect(await failure((d) => (d['x-jobtwin'].lifecycle.retry.maxAttempts = 0))).toMatch(/#\/x-jobtwin\/lifecycle\/retry\/maxAttempts: must be >= 1/);
    expect(await failure((d) => (d['x-jobtwin'].surprise = 1))).toMatch(/must NOT have additional properties \("surprise"\)/);
  });

  it('points at lifecycle rules that do not hang together', async () => {
    expect(await failure((d) => (d['x-jobtwin'].lifecycle.transitions.active = ['completed', 'failed']))).toMatch(
      /#\/x-jobtwin\/lifecycle\/transitions\/active: must allow "delayed" \(retry path\)/,
    );
    expect(await failure((d) => (d['x-jobtwin'].lifecycle.initial = 'queued'))).toMatch(/\/lifecycle\/initial: "queued" is not in lifecycle.states/);
    expect(await failure((d) => delete d['x-jobtwin'].simulation.durations.delayed)).toMatch(/\/simulation\/durations: give a \[min, max\] for "delayed"/);
  });

  it('points at a bad operation extension or template', async () => {
    expect(await failure((d) => (d.paths[STATUS].get['x-jobtwin'].role = 'peek'))).toMatch(
      /my\.yaml#\/paths\/~1api~1v1~1context~1add-async~1\{id\}~1status\/get\/x-jobtwin\/role: must be equal to one of the allowed values/,
    );
    expect(await failure((d) => (d.paths[STATUS].get['x-jobtwin'].body.status = '{{job.status|shout}}'))).toMatch(
      /get\/x-jobtwin\/body\/status: unknown filter "shout"/,
    );
    expect(await failure((d) => (d.paths[STATUS].get['x-jobtwin'].jobId.name = 'job'))).toMatch(/x-jobtwin\/jobId: the operation has no path parameter "job"/);
  });

  it('points at an assumed error answer that cannot hold', async () => {
    const problem = { mediaType: 'application/problem+json', schema: { type: 'object', required: ['title'] } };
    // the status operation documents 404: assuming it there contradicts the document
    expect(await failure((d) => (d.paths[STATUS].get['x-jobtwin'].errors = { assumed: { '404': problem } }))).toMatch(
      /my\.yaml#\/paths\/~1api~1v1~1context~1add-async~1\{id\}~1status\/get\/x-jobtwin\/errors\/assumed\/404: the operation documents 404 \(responses\/404\): an assumed answer is for a status it does not document/,
    );
    expect(await failure((d) => (d['x-jobtwin'].errors.assumed = { '404': { mediaType: 'text/html' } }))).toMatch(
      /my\.yaml#\/x-jobtwin\/errors\/assumed\/404\/mediaType: must match pattern/,
    );
    expect(await failure((d) => (d['x-jobtwin'].errors.assumed = { '200': problem }))).toMatch(
      /my\.yaml#\/x-jobtwin\/errors\/assumed: property name must be valid/,
    );
    expect(await failure((d) => (d['x-jobtwin'].errors.assumed = { '418': { mediaType: 'application/json', schema: { type: 'teapot' } } }))).toMatch(
      /my\.yaml#\/x-jobtwin\/errors\/assumed\/418\/schema: not a valid JSON Schema/,
    );
  });

  it("lets an operation's documented answer win over the root's assumed one", async () => {
    const doc = structuredClone(original);
    doc['x-jobtwin'].errors.assumed = { '404': { mediaType: 'application/problem+json' }, '409': { mediaType: 'application/problem+json' } };
    const api = await loadApi('my.yaml', doc);
    expect(Object.keys(api.byRole.status!.assumed)).toEqual(['409']);
    expect(Object.keys(api.byRole.cancel!.assumed)).toEqual([]);
    expect(api.byRole.list!.assumed['404']).toEqual({ mediaType: 'application/problem+json', from: 'root' });
  });

  it('points at a template whose braces do not pair up', async () => {
    expect(await failure((d) => (d.paths[STATUS].get['x-jobtwin'].body.status = '{{job.status'))).toMatch(
      /my\.yaml#\/paths\/~1api~1v1~1context~1add-async~1\{id\}~1status\/get\/x-jobtwin\/body\/status: unclosed "\{\{"/,
    );
    expect(await failure((d) => (d['x-jobtwin'].errors.envelope.message = 'error.message}}'))).toMatch(
      /my\.yaml#\/x-jobtwin\/errors\/envelope\/message: stray "\}\}"/,
    );
    expect(await failure((d) => (d['x-jobtwin'].simulation.result.source = '{{ }}'))).toMatch(/#\/x-jobtwin\/simulation\/result\/source: empty "\{\{ \}\}"/);
  });

  it('points at a template that reads a field its scope lacks', async () => {
    expect(await failure((d) => (d.paths[STATUS].get['x-jobtwin'].body.status = '{{job.stauts}}'))).toMatch(
      /get\/x-jobtwin\/body\/status: unknown field job\.stauts \(did you mean job\.status\?\)/,
    );
    expect(await failure((d) => (d.paths[STATUS].get['x-jobtwin'].errors.envelope.message = '{{error.mesage}}'))).toMatch(
      /get\/x-jobtwin\/errors\/envelope\/message: unknown field error\.mesage \(did you mean error\.message\?\)/,
    );
    expect(await failure((d) => (d['x-jobtwin'].errors.messages.notFound = 'No job {{error.status}}'))).toMatch(
      /#\/x-jobtwin\/errors\/messages\/notFound: unknown field error \(an error message reads req, now\)/,
    );
  });

  it('reports a document swagger-parser rejects', async () => {
    expect(await failure((d) => (d.paths[STATUS].get.responses = 'nope'))).toMatch(/my\.yaml: not a valid OpenAPI document/);
  });

  it('reports a file it cannot read or parse', async () => {
    await expect(loadApi('/no/such/spec.yaml')).rejects.toThrow(/\/no\/such\/spec\.yaml: cannot read the spec/);
  });
});
