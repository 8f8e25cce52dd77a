// Signing-key rollover (issue 17) as an API and MSAL Node meet it: a resource API verifying with
// jose's remote JWKS (a real cache: 10 minutes, refetching on an unknown kid) keeps accepting tokens
// across `keys.rotate()`, accepts the new key's tokens once it signs, and refuses a retired key's
// tokens once its cache refreshes; Entrada's own verifier (Graph's bearer check) refuses them at
// once. Then automatic rotation, `?appid=` on the keys endpoints, and two nodes on one PostgreSQL
// schema: a rotation through one node is published by the other before either signs with it.

import { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, customFetch, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeyError, startEntrada, type StartedEntrada } from '../../src/api/index.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';

/** A rotated key is published this long before it signs (ENTRADA_KEY_PUBLISH_LEAD; default 1h). */
const LEAD = '10m';
const GRAPH = 'https://graph.microsoft.com/.default';

const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;

/** MSAL Node as an app's daemon uses it; skipCache because Entrada's clock moves and MSAL's does not. */
function daemon(entrada: StartedEntrada, name: string) {
  const app = entrada.app(name);
  const msal = new ConfidentialClientApplication({
    auth: { clientId: app.appId, clientSecret: app.clientSecret!, authority: entrada.authority(), knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
  return async (scope: string) => (await msal.acquireTokenByClientCredential({ scopes: [scope], skipCache: true }))!.accessToken;
}

/** The kids of the tenant's v2 keys document, in order. */
async function publishedKids(entrada: StartedEntrada, query = ''): Promise<string[]> {
  const res = await entrada.fetch(`${entrada.authority()}/discovery/v2.0/keys${query}`);
  return ((await res.json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
}

/** Graph's answer to a bearer token: Entrada checking a token it issued, with its own keys. */
async function graphStatus(entrada: StartedEntrada, token: string): Promise<number> {
  return (await entrada.fetch(`${entrada.url}/v1.0/applications?$top=1`, { headers: { authorization: `Bearer ${token}` } })).status;
}

/** Polls `read` (up to 10 s) until `ok`: notifications between nodes take a moment. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('signing-key rollover on one node', () => {
  let entrada: StartedEntrada;
  beforeAll(async () => {
    entrada = await startEntrada({ env: { ENTRADA_KEY_PUBLISH_LEAD: LEAD } });
  });
  afterAll(() => entrada?.stop());

  it('a verifier caching the JWKS accepts tokens across a rotation and refuses the retired key once it refreshes', async () => {
    const api = entrada.app('Demo API');
    const tokenFor = daemon(entrada, 'Demo Daemon');
    const graphToken = daemon(entrada, 'Demo Automation');
    let fetches = 0;
    const jwks = createRemoteJWKSet(new URL(`${entrada.authority()}/discovery/v2.0/keys`), {
      [customFetch]: (url, options) => {
        fetches++;
        return entrada.fetch(url, options as RequestInit);
      },
      cacheMaxAge: 10 * 60_000,
      // An unknown kid is looked up again at once (jose's default waits 30 s between fetches).
      cooldownDuration: 0,
    });
    const verify = (token: string) => jwtVerify(token, jwks, { issuer: `${entrada.authority()}/v2.0`, audience: api.appId, currentDate: entrada.clock.now() });

    const [first] = await entrada.keys.list();
    expect(first).toMatchObject({ state: 'current', generation: 1, retiresAt: null, retiredAt: null });
    const oldToken = await tokenFor(api.defaultScope);
    const oldGraphToken = await graphToken(GRAPH);
    expect(kidOf(oldToken)).toBe(first.kid);
    await verify(oldToken);
    expect(fetches).toBe(1);

    // Nothing else could sign yet: retiring the current key is refused, saying what to do.
    await expect(entrada.keys.retire(first.kid)).rejects.toThrow(SigningKeyError);
    await expect(entrada.keys.retire(first.kid)).rejects.toThrow(/entrada keys rotate/);

    const next = await entrada.keys.rotate();
    expect(next).toMatchObject({ state: 'next', generation: 2 });
    expect(Date.parse(next.activatesAt) - entrada.clock.now().getTime()).toBeGreaterThan(9 * 60_000);
    // Published at once (current first), signing nothing yet.
    expect(await publishedKids(entrada)).toEqual([first.kid, next.kid]);
    expect(kidOf(await tokenFor(api.defaultScope))).toBe(first.kid);
    await verify(oldToken);
    expect(fetches).toBe(1);

    entrada.clock.advance('11m');
    const newToken = await tokenFor(api.defaultScope);
    expect(kidOf(newToken)).toBe(next.kid);
    // The cached document lacks the new kid: jose fetches it again, and finds it.
    await verify(newToken);
    expect(fetches).toBe(2);
    // The previous key stays published until every token it signed has expired.
    await verify(oldToken);
    expect((await entrada.keys.list()).map((k) => [k.kid, k.state])).toEqual([[next.kid, 'current'], [first.kid, 'previous']]);
    expect(await graphStatus(entrada, oldGraphToken)).toBe(200);

    const retired = await entrada.keys.retire(first.kid);
    expect(retired).toMatchObject({ state: 'retired', retiredAt: expect.any(String) });
    expect(retired.retiresAt).toBe(retired.retiredAt);
    expect(await publishedKids(entrada)).toEqual([next.kid]);
    // Entrada's own verifiers refuse it at once; a fresh token is fine.
    expect(await graphStatus(entrada, oldGraphToken)).toBe(401);
    expect(await graphStatus(entrada, await graphToken(GRAPH))).toBe(200);
    // The API's cache still holds the old document until it refreshes.
    await verify(oldToken);
    await jwks.reload();
    await expect(verify(oldToken)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    await verify(newToken);

    // The one key left cannot be retired either.
    await expect(entrada.keys.retire(next.kid)).rejects.toMatchObject({ reason: 'no-successor' });
    await expect(entrada.keys.retire('no-such-kid')).rejects.toMatchObject({ reason: 'unknown' });
  });

  it('rotate({ now: true }) signs at once (a compromised key), and the old key can be retired straight away', async () => {
    const api = entrada.app('Demo API');
    const tokenFor = daemon(entrada, 'Demo Daemon');
    const graphToken = daemon(entrada, 'Demo Automation');
    const before = (await entrada.keys.list()).find((k) => k.state === 'current')!;
    const oldGraphToken = await graphToken(GRAPH);
    const fresh = await entrada.keys.rotate({ now: true });
    expect(fresh.state).toBe('current');
    expect(Date.parse(fresh.activatesAt)).toBeLessThanOrEqual(entrada.clock.now().getTime());
    expect(kidOf(await tokenFor(api.defaultScope))).toBe(fresh.kid);
    expect(await graphStatus(entrada, oldGraphToken)).toBe(200);
    await entrada.keys.retire(before.kid);
    expect(await graphStatus(entrada, oldGraphToken)).toBe(401);
  });

  it('?appid= on discovery and the keys endpoints: the tenant\'s keys (Entrada has no per-app keys)', async () => {
    const appId = entrada.app('Demo API').appId;
    expect(await publishedKids(entrada, `?appid=${appId}`)).toEqual(await publishedKids(entrada));
    const v1 = await (await entrada.fetch(`${entrada.authority()}/discovery/keys?appid=${appId}`)).json();
    expect((v1 as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid)).toEqual(await publishedKids(entrada));
    const doc = (await (await entrada.fetch(`${entrada.authority()}/v2.0/.well-known/openid-configuration?appid=${appId}`)).json()) as { jwks_uri: string };
    expect(doc.jwks_uri).toBe(`${entrada.authority()}/discovery/v2.0/keys?appid=${appId}`);
  });
});

describe('automatic rotation (ENTRADA_KEY_ROTATION)', () => {
  let entrada: StartedEntrada;
  beforeAll(async () => {
    entrada = await startEntrada({ env: { ENTRADA_KEY_ROTATION: '30d', ENTRADA_KEY_PUBLISH_LEAD: LEAD } });
  });
  afterAll(() => entrada?.stop());

  it('publishes a next key once the current one has signed for the interval; it signs after the lead', async () => {
    const api = entrada.app('Demo API');
    const tokenFor = daemon(entrada, 'Demo Daemon');
    const [first] = await entrada.keys.list();
    entrada.clock.advance('29d');
    expect(await publishedKids(entrada)).toEqual([first.kid]);
    entrada.clock.advance('1d');
    // The first look after the interval (a token, a keys document) starts the rotation.
    expect(kidOf(await tokenFor(api.defaultScope))).toBe(first.kid);
    const keys = await eventually(() => publishedKids(entrada), (kids) => kids.length === 2);
    expect(keys[0]).toBe(first.kid);
    expect((await entrada.keys.list()).map((k) => k.state)).toEqual(['next', 'current']);
    entrada.clock.advance('11m');
    expect(kidOf(await tokenFor(api.defaultScope))).toBe(keys[1]);
  });
});

const unreachable = await probe();
if (unreachable !== undefined && !IN_CI) console.warn(`[signing-key rollover, two nodes] skipped: PostgreSQL not reachable (${unreachable})`);

describe.skipIf(unreachable !== undefined && !IN_CI)('two nodes on one PostgreSQL schema', () => {
  const schemas = schemaFactory('entrada_keys2');
  let a: StartedEntrada;
  let b: StartedEntrada;
  beforeAll(async () => {
    if (unreachable !== undefined) throw new Error(`PostgreSQL is required when CI=true: ${unreachable}`);
    const storage = await schemas.fresh();
    a = await startEntrada({ storage, env: { ENTRADA_KEY_PUBLISH_LEAD: LEAD } });
    b = await startEntrada({ storage, env: { ENTRADA_KEY_PUBLISH_LEAD: LEAD } });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await schemas.dispose();
  });

  it('a rotation through node A is published by node B before either signs with it; a retirement through B reaches A', async () => {
    const scope = a.app('Demo API').defaultScope;
    const [first] = await a.keys.list();
    expect((await b.keys.list())[0].kid).toBe(first.kid);
    const oldGraphToken = await daemon(a, 'Demo Automation')(GRAPH);

    const next = await a.keys.rotate();
    const seenByB = await eventually(() => publishedKids(b), (kids) => kids.includes(next.kid));
    expect(seenByB).toEqual([first.kid, next.kid]);
    for (const node of [a, b]) expect(kidOf(await daemon(node, 'Demo Daemon')(scope))).toBe(first.kid);

    // Each node's own clock passes the lead: both sign with the new key, and each accepts the other's tokens.
    a.clock.advance('11m');
    b.clock.advance('11m');
    const fromA = await daemon(a, 'Demo Automation')(GRAPH);
    const fromB = await daemon(b, 'Demo Daemon')(scope);
    expect([kidOf(fromA), kidOf(fromB)]).toEqual([next.kid, next.kid]);
    expect(await graphStatus(b, fromA)).toBe(200);
    expect(await graphStatus(a, oldGraphToken)).toBe(200);

    await b.keys.retire(first.kid);
    expect(await eventually(() => graphStatus(a, oldGraphToken), (status) => status === 401)).toBe(401);
    expect(await publishedKids(a)).toEqual([next.kid]);
  });
});
