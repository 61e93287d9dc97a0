// Bearer tokens name tenants: a JWT's `sub` claim, or the token itself. Signatures are not checked:
// the twin stands in for the service, not for its identity provider.
const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

export function tenantOf(authorization: string | string[] | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  const match = BEARER.exec(authorization);
  if (!match) return null;
  const token = match[1];
  const parts = token.split('.');
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (claims && typeof claims.sub === 'string' && claims.sub !== '') return claims.sub;
    } catch {
      // not a JWT after all: the token itself names the tenant
    }
  }
  return token;
}

