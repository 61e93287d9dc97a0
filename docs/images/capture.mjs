// Regenerates the web view's pictures in this folder: `npm run build && node docs/images/capture.mjs`.
// A twin on a frozen clock with jobs of all four APIs in mixed states, photographed in headless Chromium.
import { fileURLToPath } from 'node:url';
import { startMock } from '../../dist/src/index.js';
import { chromium } from 'playwright-core';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const twin = await startMock({ seed: 3, start: Date.parse('2026-03-02T09:00:00Z'), clock: 'frozen' });
const C = `${twin.url}/__jobtwin`;
const control = (method, path, body) =>
  fetch(C + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());
const api = (tenant, path, body, headers = {}) =>
  fetch(twin.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then((r) => r.json());

const add = { documents: [{ content: 'Q3 onboarding notes' }], source: 'notion', context_type: 'resource', scope: 'internal' };
await api('alice', '/alchemyst/api/v1/context/add-async', add, { 'x-jobtwin-job': 'outcome=succeed; failures=0; queue=1s; run=2s' });
await control('POST', '/jobs', { api: 'crosmos', tenant: 'bob', outcome: 'partial', durations: { pending: '1s', processing: '3s' } });
await control('POST', '/jobs', { api: 'jobs', tenant: 'alice', state: 'FAILED' });
await control('POST', '/jobs', { api: 'contextual', tenant: 'carol', failures: 1, durations: { run: '8s' } });
await api(
  'bob',
  '/jobs/api/admin/prompts/preview',
  { systemPrompt: 'You are terse.', userPromptTemplate: 'Summarise {{topic}}', variables: { topic: 'risk' } },
  { 'x-jobtwin-job': 'queue=2s; run=30s' },
);
await control('POST', '/clock/advance', { by: '4s' });
const retried = await api('alice', '/alchemyst/api/v1/context/add-async', add, {
  'x-jobtwin-job': 'outcome=succeed; failures=1; queue=1s; run=3s; backoff=4s',
});
await control('POST', '/jobs', { api: 'crosmos', tenant: 'alice', state: 'cancelled' });
await control('POST', '/jobs', { api: 'contextual', tenant: 'alice', durations: { pending: '3s' } });
await control('POST', '/jobs', { api: 'jobs', tenant: 'bob', state: 'COMPLETED' });
await api('carol', '/alchemyst/api/v1/context/add-async', add, { 'x-jobtwin-job': 'queue=30s; run=5s' });
await control('POST', '/clock/advance', { by: '4s' });

const browser = await chromium.launch({ executablePath: process.env.JOBTWIN_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 640 }, colorScheme: 'light' });
  await page.goto(`${C}/ui/`);
  await page.locator('#jobs-body tr').nth(9).waitFor();
  await page.screenshot({ path: here('web-view-jobs.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${C}/ui/#job=alchemyst/${retried.jobId}`);
  await page.locator('#d-timeline li.now').waitFor();
  await page.screenshot({ path: here('web-view-timeline.png') });
  await page.setViewportSize({ width: 1280, height: 640 });
  await page.goto(`${C}/ui/#tab=journal`);
  await page.locator('#journal-body tr.entry').first().click();
  await page.locator('#journal-body tr.bodies').waitFor();
  await page.screenshot({ path: here('web-view-journal.png') });
} finally {
  await browser.close();
  await twin.close();
}
