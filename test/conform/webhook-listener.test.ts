// The suite's webhook listener: where it listens, the URL it hands out (its own, or --webhook-url's),
// what it keeps of each delivery, and the options that configure it.
import { describe, expect, it } from 'vitest';
import { parseListen, startWebhookListener } from '../../conformance/http/webhook-listener.js';
import { runConformance } from '../../conformance/index.js';

describe('the webhook listener', () => {
  it('reads 0, PORT and HOST:PORT, and refuses anything else', () => {
    expect(parseListen('0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListen('8787')).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(parseListen('0.0.0.0:8787')).toEqual({ host: '0.0.0.0', port: 8787 });
    expect(parseListen('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(() => parseListen('host:')).toThrow(/--webhook-listen: \[HOST:\]PORT/);
    expect(() => parseListen('70000')).toThrow(/--webhook-listen/);
  });

  it('keeps each delivery to a job URL, and wakes a waiter when the one it waits for arrives', async () => {
    const listener = await startWebhookListener('0');
    try {
      const url = listener.urlFor('job 1');
      expect(url).toBe(`${listener.local}job%201`);
      const waiting = listener.waitFor('job 1', (all) => all.some((d) => (d.body as { status?: string }).status === 'done'), 5000);
      for (const status of ['running', 'done']) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
        expect(res.status).toBe(200);
      }
      const all = await waiting;
      expect(all.map((d) => d.body)).toEqual([{ status: 'running' }, { status: 'done' }]);
      expect(listener.deliveries('job 2')).toEqual([]);
      expect((await fetch(`${listener.local}x`, { method: 'GET' })).status).toBe(404);
    } finally {
      await listener.close();
    }
  });

  it('hands out the --webhook-url address while listening on its own', async () => {
    const listener = await startWebhookListener('0', 'https://tunnel.example.test/base/');
    try {
      expect(listener.urlFor('k')).toBe('https://tunnel.example.test/base/jobtwin-webhook/k');
      await fetch(`${listener.local}k`, { method: 'POST', body: 'not json' });
      expect(listener.deliveries('k')).toMatchObject([{ text: 'not json', body: undefined }]);
    } finally {
      await listener.close();
    }
  });

  it('makes a bad --webhook-listen or --webhook-url a usage error', async () => {
    const base = { api: 'jobs', target: 'http://127.0.0.1:1' };
    await expect(runConformance({ ...base, webhookListen: 'nope' })).rejects.toThrow(/--webhook-listen: \[HOST:\]PORT/);
    await expect(runConformance({ ...base, webhookListen: '0', webhookUrl: 'ftp://x' })).rejects.toThrow(/--webhook-url: an http or https URL/);
    await expect(runConformance({ ...base, webhookUrl: 'https://x.test' })).rejects.toThrow(/--webhook-url needs --webhook-listen/);
  });
});
