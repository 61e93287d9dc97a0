// Standard Webhooks signatures (as Replicate signs its webhooks): webhook-id, webhook-timestamp and
// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the secret's bytes
// (the base64 after `whsec_`). The timestamp is real time, not the twin's clock: receivers check it
// against their own clock (Standard Webhooks allows 5 minutes).
import { createHmac } from 'node:crypto';

/** The twin's signing secret when none is given: fixed, so tests can verify without configuring one. */
export const DEFAULT_WEBHOOK_SECRET = `whsec_${Buffer.from('jobtwin webhook signing secret').toString('base64')}`;

export function checkSecret(secret: string): string {
  const key = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length < 8) {
    throw new Error('a Standard Webhooks secret: whsec_ and at least 8 bytes in base64');
  }
  return secret;
}

export function signatureHeaders(secret: string, id: string, body: string, now: number = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
