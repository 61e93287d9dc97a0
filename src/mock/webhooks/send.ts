// One webhook POST: JSON body, a bounded real-time wait for the receiver, its answer read and dropped.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface SendResult {
  /** the receiver's status, or 0 when it could not be reached */
  status: number;
  /** why it failed to be reached */
  error?: string;
}

const TIMEOUT_MS = 10_000;

export function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<SendResult> {
  const text = JSON.stringify(body);
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: SendResult) => {
      if (!done) {
        done = true;
        resolve(result);
      }
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'user-agent': 'jobtwin', ...headers },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => finish({ status: res.statusCode ?? 0 }));
        res.on('error', (error) => finish({ status: 0, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (error) => finish({ status: 0, error: error.message }));
    req.end(text);
  });
}
