// How a client presents its credential, read from the document's security schemes. The twin reads a
// bearer token (`Authorization: Bearer <token>`) unless every secured job operation names only an
// apiKey scheme in the Authorization header: then the header holds the key as it is
// (AssemblyAI: `Authorization: <key>`), and the key names the tenant as a bearer token would.
import type { OperationModel } from './model.js';

export type Credential = 'bearer' | 'raw';

const isRawKey = (scheme: any) => scheme?.type === 'apiKey' && scheme.in === 'header' && String(scheme.name ?? '').toLowerCase() === 'authorization';

export function credentialOf(document: Record<string, any>, operations: OperationModel[]): Credential {
  const schemes: Record<string, unknown> = document.components?.securitySchemes ?? {};
  const jobOps = operations.filter((op) => op.ext !== undefined);
  const alternatives = jobOps.flatMap((op) => op.security);
  if (alternatives.length === 0) return 'bearer';
  return alternatives.every((alt) => Object.keys(alt).length > 0 && Object.keys(alt).every((name) => isRawKey(schemes[name]))) ? 'raw' : 'bearer';
}

/** The Authorization header a client sends with `token`, as the API wants it. */
export function authorizationFor(credential: Credential | undefined, token: string): string {
  return credential === 'raw' ? token : `Bearer ${token}`;
}
