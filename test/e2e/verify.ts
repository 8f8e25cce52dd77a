// Verify tokens the way a resource server would: discover the issuer's JWKS, check signature,
// issuer and audience with jose.

import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

export async function discover(authorityV2: string): Promise<{ issuer: string; jwks_uri: string; token_endpoint: string }> {
  const res = await fetch(`${authorityV2}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery ${res.status}`);
  return (await res.json()) as { issuer: string; jwks_uri: string; token_endpoint: string };
}

export async function verifyToken(token: string, expected: { issuer: string; audience: string; jwksUri: string }): Promise<JWTPayload> {
  let jwks = jwksCache.get(expected.jwksUri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(expected.jwksUri));
    jwksCache.set(expected.jwksUri, jwks);
  }
  const { payload } = await jwtVerify(token, jwks, { issuer: expected.issuer, audience: expected.audience, algorithms: ['RS256'] });
  return payload;
}
