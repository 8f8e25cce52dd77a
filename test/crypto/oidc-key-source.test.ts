// OidcKeySource (crypto/oidc-key-source.ts): discovery → jwks_uri → keys, cached per issuer,
// fetched again once for an unknown kid, and every way an issuer can fail (unreachable, slow,
// oversized, not JSON, not https). And the JWK signature check for RS256, PS256 and ES256.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { parseAddressPolicy } from '../../src/core/policy/network-address.js';
import { ensureTls } from '../../src/crypto/local-ca.js';
import { pinnedGet } from '../../src/crypto/pinned-get.js';
import { jwkFits, verifyWithJwk } from '../../src/crypto/jwk-verify.js';
import { OidcKeySource } from '../../src/crypto/oidc-key-source.js';
import type { ExternalJws } from '../../src/core/ports.js';
import { issuerFetch, issuerKey, signJwt, TestIssuer, type IssuerKey } from '../support/federated-issuer.js';
import { TestClock } from '../support/clock.js';

const ISS = 'https://issuer.test/tenant-a';
/** DNS for the in-memory issuers: every name resolves to a public address. */
const PUBLIC_DNS = { resolve: async () => [{ address: '20.190.160.1', family: 4 }] };
const rsa = issuerKey('rsa-1', 'RS256');
const ps = issuerKey('ps-1', 'PS256');
const ec = issuerKey('ec-1', 'ES256');
const rotated = issuerKey('rsa-2', 'RS256');

function jwsOf(compact: string): ExternalJws {
  const [h, p, s] = compact.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: ExternalJws['alg']; kid?: string; x5t?: string };
  return { alg: header.alg, kid: header.kid, x5t: header.x5t, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}
const tokenBy = (key: IssuerKey, header: Record<string, unknown> = {}) => jwsOf(signJwt(key, { iss: ISS, sub: 's' }, header));

function setup(keys: IssuerKey[] = [rsa, ps, ec]) {
  const issuer = new TestIssuer(ISS, keys);
  const clock = new TestClock(Date.parse('2026-03-01T12:00:00Z'));
  const source = new OidcKeySource({ ...PUBLIC_DNS, fetch: issuerFetch([issuer]), clock });
  return { issuer, clock, source };
}

describe('verifyWithJwk', () => {
  it.each([rsa, ps, ec])('$alg: a signature by the key verifies, a tampered one does not', (key) => {
    const jws = tokenBy(key);
    expect(verifyWithJwk(key.alg, key.jwk, jws.signingInput, jws.signature)).toBe(true);
    expect(verifyWithJwk(key.alg, key.jwk, `${jws.signingInput}x`, jws.signature)).toBe(false);
    expect(verifyWithJwk(key.alg, rotated.jwk, jws.signingInput, jws.signature)).toBe(false);
  });

  it('an RSA key for ES256, an EC key for RS256, use enc, or another alg do not fit', () => {
    expect(jwkFits(rsa.jwk, 'ES256')).toBe(false);
    expect(jwkFits(ec.jwk, 'RS256')).toBe(false);
    expect(jwkFits({ ...rsa.jwk, use: 'enc' }, 'RS256')).toBe(false);
    expect(jwkFits({ ...rsa.jwk, alg: 'PS256' }, 'RS256')).toBe(false);
    expect(jwkFits({ ...rsa.jwk, alg: 'RS256' }, 'RS256')).toBe(true);
  });

  it('an unreadable JWK or a garbage signature is just "does not verify"', () => {
    const jws = tokenBy(rsa);
    expect(verifyWithJwk('RS256', { kty: 'RSA', n: '!!', e: 'AQAB' }, jws.signingInput, jws.signature)).toBe(false);
    expect(verifyWithJwk('RS256', rsa.jwk, jws.signingInput, new Uint8Array([1, 2, 3]))).toBe(false);
    expect(verifyWithJwk('ES256', ec.jwk, jws.signingInput, new Uint8Array(10))).toBe(false);
  });
});

describe('OidcKeySource', () => {
  it.each([rsa, ps, ec])('verifies $alg with the key named by kid', async (key) => {
    const { source } = setup();
    expect(await source.verify(ISS, tokenBy(key))).toEqual({ ok: true, kid: key.kid });
  });

  it('without kid, tries every key fitting the alg; by x5t when only x5t is sent', async () => {
    const { source } = setup([{ ...rsa, jwk: { ...rsa.jwk, x5t: 'thumb' } }, rotated]);
    expect(await source.verify(ISS, tokenBy(rotated, { kid: undefined }))).toEqual({ ok: true, kid: 'rsa-2' });
    expect(await source.verify(ISS, tokenBy(rsa, { kid: undefined, x5t: 'thumb' }))).toEqual({ ok: true, kid: 'rsa-1' });
  });

  it('fetches discovery and JWKS once, then serves from the cache for 10 minutes', async () => {
    const { source, issuer, clock } = setup();
    await source.verify(ISS, tokenBy(rsa));
    await source.verify(ISS, tokenBy(ec));
    expect(issuer.requests).toEqual([`${ISS}/.well-known/openid-configuration`, `${ISS}/keys`]);
    clock.advance(10 * 60_000);
    await source.verify(ISS, tokenBy(rsa));
    expect(issuer.requests).toHaveLength(4);
  });

  it('concurrent requests share one fetch', async () => {
    const { source, issuer } = setup();
    await Promise.all([source.verify(ISS, tokenBy(rsa)), source.verify(ISS, tokenBy(ps)), source.verify(ISS, tokenBy(ec))]);
    expect(issuer.requests).toHaveLength(2);
  });

  it('an unknown kid makes one new fetch (the issuer rotated), at most once per 10 s', async () => {
    const { source, issuer, clock } = setup([rsa]);
    await source.verify(ISS, tokenBy(rsa));
    issuer.keys = [rsa, rotated];
    // Within 10 s of the last fetch: no new fetch, the kid stays unknown.
    expect(await source.verify(ISS, tokenBy(rotated))).toMatchObject({ ok: false, failure: 'no-key' });
    expect(issuer.requests).toHaveLength(2);
    clock.advance(10_000);
    expect(await source.verify(ISS, tokenBy(rotated))).toEqual({ ok: true, kid: 'rsa-2' });
    expect(issuer.requests).toHaveLength(4);
    // A made-up kid right after: one fetch at most, then "no key".
    clock.advance(10_000);
    const bogus = await source.verify(ISS, tokenBy(rsa, { kid: 'made-up' }));
    expect(bogus).toMatchObject({ ok: false, failure: 'no-key' });
    expect(bogus.ok || bogus.detail).toContain("kid 'made-up'");
    expect(bogus.ok || bogus.detail).toContain('rsa-1, rsa-2');
    expect(issuer.requests).toHaveLength(6);
    expect(await source.verify(ISS, tokenBy(rsa, { kid: 'made-up' }))).toMatchObject({ failure: 'no-key' });
    expect(issuer.requests).toHaveLength(6);
  });

  it('a key with the kid that does not verify → bad-signature', async () => {
    const { source } = setup([rsa]);
    const forged = tokenBy({ ...rotated, kid: 'rsa-1' });
    expect(await source.verify(ISS, forged)).toMatchObject({ ok: false, failure: 'bad-signature' });
  });

  it('an ES256 token naming an RSA kid finds no key', async () => {
    const { source } = setup();
    expect(await source.verify(ISS, tokenBy({ ...ec, kid: 'rsa-1' }))).toMatchObject({ ok: false, failure: 'no-key' });
  });

  it('discovery URL: the issuer without its trailing slash + /.well-known/openid-configuration', async () => {
    const issuer = new TestIssuer('https://issuer.test/aks/guid/', [rsa]);
    const source = new OidcKeySource({ ...PUBLIC_DNS, fetch: issuerFetch([issuer]) });
    expect(await source.verify('https://issuer.test/aks/guid/', tokenBy(rsa))).toEqual({ ok: true, kid: 'rsa-1' });
    expect(issuer.requests[0]).toBe('https://issuer.test/aks/guid/.well-known/openid-configuration');
  });

  const failing = (respond: (url: string) => Response | Promise<Response>, options = {}) =>
    new OidcKeySource({ ...PUBLIC_DNS, fetch: async (input) => respond(String(input)), ...options });
  const discovery = new Response(JSON.stringify({ jwks_uri: `${ISS}/keys` }));

  it.each<[string, OidcKeySource, RegExp]>([
    ['discovery 404', failing(() => new Response('no', { status: 404 })), /answered HTTP 404/],
    ['JWKS 500', failing((u) => (u.endsWith('/keys') ? new Response('x', { status: 500 }) : discovery.clone())), /JWKS\) answered HTTP 500/],
    ['connection refused', failing(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }))), /ECONNREFUSED/],
    ['not JSON', failing(() => new Response('<html>')), /did not return JSON/],
    ['a JSON array', failing(() => new Response('[]')), /did not return a JSON object/],
    ['no jwks_uri', failing(() => new Response('{}')), /has no jwks_uri/],
    ['jwks_uri over http', failing(() => new Response(JSON.stringify({ jwks_uri: 'http://issuer.test/keys' }))), /is not an https:\/\/ URL/],
    ['JWKS without keys', failing((u) => (u.endsWith('/keys') ? new Response('{"keys":{}}') : discovery.clone())), /has no keys array/],
    ['declared too large', failing(() => new Response('{}', { headers: { 'content-length': '999999' } }), { maxBytes: 1000 }), /larger than 1000 bytes/],
    ['streamed too large', failing(() => new Response(JSON.stringify({ pad: 'x'.repeat(5000) })), { maxBytes: 1000 }), /larger than 1000 bytes/],
  ])('%s → unreachable', async (_name, source, detail) => {
    const r = await source.verify(ISS, tokenBy(rsa));
    expect(r).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(r.ok || r.detail).toMatch(detail);
  });

  it('an http:// issuer is never fetched', async () => {
    let calls = 0;
    const source = new OidcKeySource({ ...PUBLIC_DNS, fetch: async () => {
      calls++;
      return new Response('{}');
    } });
    const r = await source.verify('http://issuer.test', tokenBy(rsa));
    expect(r).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(r.ok || r.detail).toMatch(/not an https:\/\/ URL/);
    expect(calls).toBe(0);
  });

  it('a slow issuer times out', async () => {
    const source = new OidcKeySource({
      ...PUBLIC_DNS,
      timeoutMs: 50,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error))),
    });
    const r = await source.verify(ISS, tokenBy(rsa));
    expect(r).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(r.ok || r.detail).toMatch(/timeout|aborted/i);
  });

  it('a failed fetch is remembered for refetchAfterMs (a dead issuer is not asked on every request), then asked again', async () => {
    let up = false;
    let calls = 0;
    let now = Date.parse('2026-11-26T10:00:00Z');
    const issuer = new TestIssuer(ISS, [rsa]);
    const ok = issuerFetch([issuer]);
    const source = new OidcKeySource({
      ...PUBLIC_DNS,
      clock: { now: () => new Date(now) },
      fetch: async (input, init) => {
        calls++;
        return up ? ok(input, init) : new Response('down', { status: 503 });
      },
    });
    expect(await source.verify(ISS, tokenBy(rsa))).toMatchObject({ failure: 'unreachable' });
    up = true;
    expect(await source.verify(ISS, tokenBy(rsa))).toMatchObject({ failure: 'unreachable' });
    expect(calls).toBe(1);
    now += 10_000;
    expect(await source.verify(ISS, tokenBy(rsa))).toEqual({ ok: true, kid: 'rsa-1' });
  });

  it('never follows a redirect to http (the http URL is not even requested)', async () => {
    const issuer = new TestIssuer(ISS, [rsa]);
    const ok = issuerFetch([issuer]);
    const asked: string[] = [];
    const redirecting = (target: string) => async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      asked.push(url);
      if (url.endsWith('/.well-known/openid-configuration')) return new Response(null, { status: 302, headers: { location: target } });
      return ok(input, init);
    };
    const toHttp = new OidcKeySource({ ...PUBLIC_DNS, fetch: redirecting('http://127.0.0.1:1/internal') });
    expect(await toHttp.verify(ISS, tokenBy(rsa))).toMatchObject({ failure: 'unreachable', detail: expect.stringContaining('non-https') });
    expect(asked.some((u) => u.startsWith('http:'))).toBe(false);
  });
});

// Issue 9, finding 8: registered URLs must not make Entrada request loopback, link-local (cloud
// metadata) or private addresses, by the issuer, by its jwks_uri, or by a redirect.
describe('OidcKeySource: only public addresses unless opted in', () => {
  /** DNS as a table; names not in it do not resolve. */
  const dnsOf = (table: Record<string, string[]>) => async (host: string) => {
    const addresses = table[host];
    if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const DNS = {
    'issuer.test': ['20.190.160.1'],
    'loopback.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'split.test': ['20.190.160.2', '10.0.0.9'],
    'mapped.test': ['::ffff:192.168.0.10'],
  };
  /** A fetch that records every URL asked and answers as the issuer would at `iss`, or `other(url)`. */
  const recording = (iss: string, other: (url: string) => Response | undefined = () => undefined) => {
    const issuer = new TestIssuer(iss, [rsa]);
    const ok = issuerFetch([issuer]);
    const asked: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      asked.push(String(input));
      return other(String(input)) ?? ok(input, init);
    };
    return { asked, fetch };
  };
  const refusedWith = (pattern: RegExp) => ({ ok: false, failure: 'unreachable', detail: expect.stringMatching(pattern) });

  it.each([
    ['https://127.0.0.1:8443/internal', /127\.0\.0\.1 is a loopback address, which Entrada does not connect to/],
    ['https://[::1]/tenant', /::1 is a loopback address/],
    ['https://2130706433/tenant', /127\.0\.0\.1 is a loopback address/],
    ['https://0x7f.1/tenant', /127\.0\.0\.1 is a loopback address/],
    ['https://169.254.169.254/metadata', /169\.254\.169\.254 is a link-local address/],
    ['https://[::ffff:a9fe:a9fe]/metadata', /::ffff:a9fe:a9fe is a link-local address/],
    ['https://loopback.test/tenant', /loopback\.test resolves to 127\.0\.0\.1, a loopback address/],
    ['https://split.test/tenant', /split\.test resolves to 10\.0\.0\.9, a private address/],
    ['https://mapped.test/tenant', /mapped\.test resolves to ::ffff:192\.168\.0\.10, a private address/],
    ['https://0.0.0.0/tenant', /0\.0\.0\.0 is an unspecified address/],
  ])('an issuer at %s is refused without a request, naming the opt-in', async (iss, detail) => {
    const { asked, fetch } = recording(iss);
    const source = new OidcKeySource({ fetch, resolve: dnsOf(DNS) });
    const r = await source.verify(iss, tokenBy(rsa));
    expect(r).toEqual(refusedWith(detail));
    expect(r.ok || r.detail).toContain('ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS');
    expect(asked).toEqual([]);
  });

  it('a jwks_uri on 127.0.0.1 is refused; only the discovery document was requested', async () => {
    const { asked, fetch } = recording(ISS, (url) =>
      url.endsWith('/openid-configuration') ? new Response(JSON.stringify({ jwks_uri: 'https://127.0.0.1:9443/internal/admin?confirm=yes' })) : undefined,
    );
    const source = new OidcKeySource({ fetch, resolve: dnsOf(DNS) });
    expect(await source.verify(ISS, tokenBy(rsa))).toEqual(refusedWith(/\(JWKS\) refused: 127\.0\.0\.1 is a loopback address/));
    expect(asked).toEqual([`${ISS}/.well-known/openid-configuration`]);
  });

  it.each([
    ['a name resolving to cloud metadata', 'https://metadata.test/latest', /metadata\.test resolves to 169\.254\.169\.254, a link-local address/],
    ['a private address', 'https://10.1.2.3/keys', /10\.1\.2\.3 is a private address/],
  ])('a redirect from an allowed host to %s is refused before it is requested', async (_name, target, detail) => {
    const { asked, fetch } = recording(ISS, (url) =>
      url.endsWith('/openid-configuration') ? new Response(null, { status: 302, headers: { location: target } }) : undefined,
    );
    const source = new OidcKeySource({ fetch, resolve: dnsOf(DNS) });
    expect(await source.verify(ISS, tokenBy(rsa))).toEqual(refusedWith(detail));
    expect(asked).toEqual([`${ISS}/.well-known/openid-configuration`]);
  });

  it('a redirect to another public host is followed', async () => {
    const { asked, fetch } = recording('https://issuer.test/moved', (url) =>
      url === `${ISS}/.well-known/openid-configuration`
        ? new Response(null, { status: 302, headers: { location: 'https://issuer.test/moved/.well-known/openid-configuration' } })
        : undefined,
    );
    const source = new OidcKeySource({ fetch, resolve: dnsOf(DNS) });
    expect(await source.verify(ISS, tokenBy(rsa))).toEqual({ ok: true, kid: 'rsa-1' });
    expect(asked).toHaveLength(3);
  });

  it('a name that does not resolve is unreachable', async () => {
    const source = new OidcKeySource({ fetch: async () => new Response('{}'), resolve: dnsOf(DNS) });
    expect(await source.verify('https://nowhere.test', tokenBy(rsa))).toEqual(refusedWith(/nowhere\.test could not be resolved: getaddrinfo ENOTFOUND/));
  });

  it('with the opt-in, a loopback issuer is fetched (local test issuers); a list opts in only its networks', async () => {
    const iss = 'https://loopback.test/tenant';
    const { fetch } = recording(iss);
    const all = new OidcKeySource({ fetch, resolve: dnsOf(DNS), addressPolicy: { any: true } });
    expect(await all.verify(iss, tokenBy(rsa))).toEqual({ ok: true, kid: 'rsa-1' });
    const policy = parseAddressPolicy('127.0.0.0/8');
    if (!policy.ok) throw new Error(policy.error);
    const listed = new OidcKeySource({ fetch, resolve: dnsOf(DNS), addressPolicy: policy.policy });
    expect(await listed.verify(iss, tokenBy(rsa))).toEqual({ ok: true, kid: 'rsa-1' });
    expect(await listed.verify('https://metadata.test', tokenBy(rsa))).toEqual(refusedWith(/a link-local address/));
  });
});

// pinnedGet: the connection goes to the vetted address whatever the name would resolve to now
// (rebind.test does not exist in DNS), while TLS and Host still use the name.
describe('pinnedGet', () => {
  it('connects to the pinned address, with the URL host name as SNI and Host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entrada-pinned-'));
    try {
      const tls = await ensureTls({ dir, hostnames: ['rebind.test'] });
      const seen: Array<{ host?: string; servername?: string | false | null }> = [];
      const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
        seen.push({ host: req.headers.host, servername: (req.socket as TLSSocket).servername });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"pinned":true}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      try {
        const res = await pinnedGet(new URL(`https://rebind.test:${port}/x`), [{ address: '127.0.0.1', family: 4 }], {
          signal: AbortSignal.timeout(5000),
          ca: tls.caCertPem,
        });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ pinned: true });
        expect(seen).toEqual([{ host: `rebind.test:${port}`, servername: 'rebind.test' }]);
      } finally {
        server.close();
        server.closeAllConnections();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
