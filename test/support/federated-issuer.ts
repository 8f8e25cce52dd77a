// An external OpenID Connect issuer for federated identity credential tests: signing keys (RSA for
// RS256/PS256, P-256 for ES256), tokens signed with them, the discovery document and JWKS it
// publishes — answered in memory (a fetch for OidcKeySource) or over HTTPS (startHttpsIssuer).

import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export type IssuerAlg = 'RS256' | 'PS256' | 'ES256';

export interface IssuerKey {
  kid: string;
  alg: IssuerAlg;
  privateKey: KeyObject;
  /** The public JWK as the issuer publishes it. */
  jwk: Record<string, unknown>;
}

export function issuerKey(kid: string, alg: IssuerAlg = 'RS256'): IssuerKey {
  const { privateKey } = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keyFromPem(kid, alg, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
}

/** Rebuild a key from its PKCS#8 PEM (e2e workers get keys from global-setup this way). */
export function keyFromPem(kid: string, alg: IssuerAlg, privateKeyPem: string): IssuerKey {
  const privateKey = createPrivateKey(privateKeyPem);
  const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, use: 'sig' } as Record<string, unknown>;
  return { kid, alg, privateKey, jwk };
}

export const pemOf = (key: IssuerKey) => key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A compact JWS: header `{ alg, typ, kid }` plus `header`, signed with `key` (by its alg unless header.alg says otherwise). */
export function signJwt(key: Pick<IssuerKey, 'kid' | 'alg' | 'privateKey'>, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const h = { alg: key.alg, typ: 'JWT', kid: key.kid, ...header };
  const input = `${b64(h)}.${b64(claims)}`;
  const data = Buffer.from(input);
  const signature =
    key.alg === 'RS256'
      ? sign('sha256', data, key.privateKey)
      : key.alg === 'PS256'
        ? sign('sha256', data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** Claims of a workload token: `iss`, `sub`, `aud`, `iat`/`nbf` = now, `exp` = now + 10 min. */
export function workloadClaims(issuer: string, subject: string, extra: Record<string, unknown> = {}, now = Math.floor(Date.now() / 1000)) {
  return { iss: issuer, sub: subject, aud: 'api://AzureADTokenExchange', iat: now, nbf: now, exp: now + 600, jti: `jti-${now}-${Math.random()}`, ...extra };
}

/** Issuer URL → what it publishes. `keys` may be changed between requests (rotation). */
export class TestIssuer {
  /** Requests served, by URL, for tests of caching. */
  readonly requests: string[] = [];
  constructor(readonly issuer: string, public keys: IssuerKey[], private readonly jwksPath = '/keys') {}

  get jwksUri(): string {
    return `${new URL(this.issuer).origin}${new URL(this.issuer).pathname.replace(/\/+$/, '')}${this.jwksPath}`;
  }

  /** The body for a URL of this issuer, or undefined when it is not one. */
  document(url: string): object | undefined {
    if (url === `${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`) {
      return { issuer: this.issuer, jwks_uri: this.jwksUri, id_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'] };
    }
    if (url === this.jwksUri) return { keys: this.keys.map((k) => k.jwk) };
    return undefined;
  }
}

/** A fetch answering for the given issuers (404 otherwise); `fallback` handles other hosts. */
export function issuerFetch(issuers: TestIssuer[], fallback?: (url: string) => Promise<Response | undefined> | Response | undefined): typeof fetch {
  return async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    for (const issuer of issuers) {
      const doc = issuer.document(url);
      if (doc) {
        issuer.requests.push(url);
        return new Response(JSON.stringify(doc), { status: 200, headers: { 'content-type': 'application/json' } });
      }
    }
    const other = await fallback?.(url);
    if (other) return other;
    return new Response('not found', { status: 404 });
  };
}

/**
 * Serve issuers over HTTPS on 127.0.0.1 (port 0 = any free one) with the given certificate. The
 * issuers' URLs must start with the returned origin; `origin` is known once listening, so issuers
 * are named by path and created by `make(origin)`.
 */
export async function startHttpsIssuer(
  tls: { certPem: string; keyPem: string },
  make: (origin: string) => TestIssuer[],
  port = 0,
): Promise<{ origin: string; issuers: TestIssuer[]; server: Server; close(): Promise<void> }> {
  let issuers: TestIssuer[] = [];
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = `${origin}${req.url ?? '/'}`;
    for (const issuer of issuers) {
      const doc = issuer.document(url);
      if (doc) {
        issuer.requests.push(url);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuers = make(origin);
  return {
    origin,
    issuers,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
