// Refresh tokens over time and across endpoints, over app.inject() with a clock the tests move:
// the 90-day sliding inactivity window (AADSTS700082), the old token not being revoked on use,
// v1 refreshes, "the family keeps its sign-in's scopes", the client type a refresh token keeps
// whatever redirect_uri the refresh names, and tenant aliases (entra-protocol.md §3.3, §2.2, §2.4).

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { ALICE, API_ID, CLI_ID, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient, type Reply } from '../support/token-client.js';
import { claimsOf, errorCode, form } from '../support/wire.js';

const SECOND = 1000;
const DAY = 86_400 * SECOND;
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const API_SCOPE = 'api://entrada-demo-api/access_as_user';
const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;

/** One Entrada and its clock per describe block. */
function harness(seedFile?: string) {
  const clock = new TestClock();
  const entrada = useEntrada({ clock, seed: seedFile });
  const h = {
    clock,
    entrada,
    post: tokenClient(entrada).post,
    /** Demo CLI (public) signs Alice in with ROPC and gets a refresh token. */
    async signIn(scope = `${API_SCOPE} openid offline_access`): Promise<string> {
      const r = await h.post(V2, form({ grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password: ALICE.password, scope }));
      expect(r.status).toBe(200);
      expect(typeof r.json.refresh_token).toBe('string');
      return String(r.json.refresh_token);
    },
    refresh(refreshToken: string, extra: Record<string, string> = {}, url = V2): Promise<Reply> {
      return h.post(url, form({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: refreshToken, ...extra }));
    },
  };
  return h;
}

/** The 700082 refusal, with its message filled in. Returns the issue date and inactivity printed. */
function expectInactive(r: Reply): { issued: string; days: number; rest: string } {
  expect(r.status).toBe(400);
  expect(r.json.error).toBe('invalid_grant');
  expect(r.json.error_codes).toEqual([700082]);
  const description = String(r.json.error_description);
  expect(description).not.toMatch(/\{[A-Za-z]+\}/);
  const m = /^AADSTS700082: The refresh token has expired due to inactivity\. The token was issued on (\S+) and was inactive for (\d+)\.(\d\d:\d\d:\d\d)\./.exec(
    description,
  );
  expect(m, description).not.toBeNull();
  return { issued: m![1], days: Number(m![2]), rest: m![3] };
}

/** The issue date as printed: an ISO-8601 instant equal to `ms` to the second. */
function expectSameInstant(printed: string, ms: number): void {
  expect(printed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(Math.floor(Date.parse(printed) / 1000)).toBe(Math.floor(ms / 1000));
}

describe('inactivity window: 90 days [D: §3.3]', () => {
  const h = harness();

  it('a token redeemed 89 days (and 90 days − 1 s) after issue works; one unused for 90 days + 1 s is AADSTS700082', async () => {
    const signedInAt = h.clock.now().getTime();
    const at89 = await h.signIn();
    const at90Minus1 = await h.signIn();
    const unused = await h.signIn();

    h.clock.advance(89 * DAY);
    const r89 = await h.refresh(at89);
    expect(r89.status).toBe(200);
    expect(typeof r89.json.access_token).toBe('string');
    expect(typeof r89.json.refresh_token).toBe('string');

    h.clock.advance(DAY - SECOND); // 90 days − 1 s after issue
    expect((await h.refresh(at90Minus1)).status).toBe(200);

    h.clock.advance(2 * SECOND); // 90 days + 1 s after issue
    const expired = await h.refresh(unused);
    const printed = expectInactive(expired);
    expectSameInstant(printed.issued, signedInAt);
    // Entrada prints how long the token was unused (d.hh:mm:ss, as .NET TimeSpan); Entra's own
    // messages print the 90-day window. Either way it is 90 days and at most one second.
    expect(printed.days).toBe(90);
    expect(['00:00:00', '00:00:01']).toContain(printed.rest);
  });
});

describe('sliding window: each redemption returns a token with its own 90 days [D: §3.3]', () => {
  const h = harness();

  it('a token redeemed at day 60 yields one valid at day 149; the original (not revoked) still dies 90 days after its own issue', async () => {
    const t0 = h.clock.now().getTime();
    const original = await h.signIn();

    h.clock.advance(60 * DAY);
    const day60 = await h.refresh(original);
    expect(day60.status).toBe(200);
    const second = String(day60.json.refresh_token);
    expect(second).not.toBe(original);

    // Not revoked on use: the original still works before its own 90 days are up (day 89).
    h.clock.advance(29 * DAY);
    expect((await h.refresh(original)).status).toBe(200);

    // ... but using it did not extend it: at 90 days + 1 s after its issue it is expired.
    h.clock.advance(DAY + SECOND);
    const originalExpired = expectInactive(await h.refresh(original));
    expectSameInstant(originalExpired.issued, t0);
    expect(originalExpired.days).toBe(90);

    // The token from day 60 is still good at day 60 + 89 = 149 after the sign-in.
    h.clock.advance(149 * DAY - (90 * DAY + SECOND));
    expect(h.clock.now().getTime() - t0).toBe(149 * DAY);
    const day149 = await h.refresh(second);
    expect(day149.status).toBe(200);
    const third = String(day149.json.refresh_token);

    // The day-60 token dies 90 days after day 60; the family goes on with the day-149 token.
    h.clock.advance(DAY + SECOND); // day 150 + 1 s
    const secondExpired = expectInactive(await h.refresh(second));
    expectSameInstant(secondExpired.issued, t0 + 60 * DAY);
    expect((await h.refresh(third)).status).toBe(200);
  });
});

describe('refresh on the v1 endpoint [D: §6.2]', () => {
  const h = harness();

  it('with resource=: 200, every number a string, resource echoed', async () => {
    const rt = await h.signIn();
    const r = await h.refresh(rt, { resource: 'api://entrada-demo-api' }, V1);
    expect(r.status).toBe(200);
    expect(r.json.resource).toBe('api://entrada-demo-api');
    for (const k of ['expires_in', 'ext_expires_in', 'expires_on', 'not_before']) {
      expect(typeof r.json[k], k).toBe('string');
      expect(String(r.json[k]), k).toMatch(/^\d+$/);
    }
    // a user's token: 60–90 minutes, drawn per token (core/policy/token-lifetime.ts)
    expect(Number(r.json.expires_in) + 1).toBeGreaterThanOrEqual(3600);
    expect(Number(r.json.expires_in) + 1).toBeLessThanOrEqual(5400);
    expect(Number(r.json.expires_on)).toBe(Math.floor(h.clock.now().getTime() / 1000) + Number(r.json.expires_in) + 1);
    expect(typeof r.json.refresh_token).toBe('string');
    expect(claimsOf(r.json.access_token).aud).toBe(API_ID);
  });

  it("without resource=: continues with the sign-in's resource", async () => {
    const rt = await h.signIn();
    const r = await h.refresh(rt, {}, V1);
    expect(r.status).toBe(200);
    expect(r.json.resource).toBe('api://entrada-demo-api');
    expect(Number(r.json.expires_in) + 1).toBeGreaterThanOrEqual(3600);
    expect(Number(r.json.expires_in) + 1).toBeLessThanOrEqual(5400);
    expect(typeof r.json.expires_on).toBe('string');
    expect(claimsOf(r.json.access_token).aud).toBe(API_ID);
    expect(claimsOf(r.json.access_token).scp).toBe('access_as_user');
  });

  it("without resource=: a Graph sign-in continues with Graph, not the demo API", async () => {
    const rt = await h.signIn('User.Read openid offline_access');
    const r = await h.refresh(rt, {}, V1);
    expect(r.status).toBe(200);
    expect(r.json.resource).toBe('https://graph.microsoft.com');
    expect(claimsOf(r.json.access_token).aud).not.toBe(API_ID);
  });

  it('a v1 sign-in (resource=, no offline_access) refreshes on v1 without resource=', async () => {
    const signIn = await h.post(V1, form({ grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password: ALICE.password, resource: 'api://entrada-demo-api' }));
    expect(signIn.status).toBe(200);
    const r = await h.refresh(String(signIn.json.refresh_token), {}, V1);
    expect(r.status).toBe(200);
    expect(r.json.resource).toBe('api://entrada-demo-api');
    expect(Number(r.json.expires_in) + 1).toBeGreaterThanOrEqual(3600);
    expect(Number(r.json.expires_in) + 1).toBeLessThanOrEqual(5400);
  });
});

describe("the family keeps its sign-in's scopes [D: §3.1 'first resource wins', §3.3]", () => {
  const h = harness();

  it('after a refresh for Microsoft Graph, a refresh without scope is again for the demo API', async () => {
    const rt1 = await h.signIn();

    const graph = await h.refresh(rt1, { scope: 'User.Read' });
    expect(graph.status).toBe(200);
    expect(String(graph.json.scope).split(' ')).toContain('User.Read');
    expect(claimsOf(graph.json.access_token).aud).not.toBe(API_ID);
    const rt2 = String(graph.json.refresh_token);

    const again = await h.refresh(rt2);
    expect(again.status).toBe(200);
    expect(again.json.scope).toBe(`openid ${API_SCOPE}`);
    expect(claimsOf(again.json.access_token).aud).toBe(API_ID);
    expect(claimsOf(again.json.access_token).scp).toBe('access_as_user');
    expect(typeof again.json.id_token).toBe('string');
  });

  it('the Graph refresh really was for Graph (control)', async () => {
    const rt = await h.signIn();
    const graph = await h.refresh(rt, { scope: 'User.Read' });
    expect(claimsOf(graph.json.access_token).aud).toMatch(new RegExp(`^(${GRAPH_APP_ID}|https://graph\\.microsoft\\.com)$`));
  });
});

describe('a refresh keeps the client type its token was issued under [I: §2.2, §2.4]', () => {
  const h = harness();

  async function webAppToken(): Promise<string> {
    const r = await h.post(
      V2,
      form({ grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: ALICE.upn, password: ALICE.password, scope: 'openid offline_access' }),
    );
    expect(r.status).toBe(200);
    return String(r.json.refresh_token);
  }
  const webRefresh = (rt: string, extra: Record<string, string>) =>
    h.post(V2, form({ grant_type: 'refresh_token', client_id: WEB.id, refresh_token: rt, ...extra }));

  it('control: the Demo Web App redeems its refresh token with its secret', async () => {
    expect((await webRefresh(await webAppToken(), { client_secret: WEB.secret })).status).toBe(200);
  });

  it.each<[string, Record<string, string>]>([
    ['no redirect_uri', {}],
    ['its own Web redirect URI', { redirect_uri: 'https://localhost:3000/auth/callback' }],
    ["Demo CLI's public-client redirect URI", { redirect_uri: 'http://localhost' }],
  ])('Demo Web App without its secret, %s → AADSTS7000218 (401)', async (_n, extra) => {
    const r = await webRefresh(await webAppToken(), extra);
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('invalid_client');
    expect(errorCode(r)).toBe(7000218);
  });
});

describe('a registered public redirect URI cannot turn a confidential refresh token public (fixture)', () => {
  const h = harness(fileURLToPath(new URL('../fixtures/refresh-client-types.yaml', import.meta.url)));
  const T = `/5c0ffee0-1b2c-4d3e-8f40-5a6b7c8d9e01/oauth2/v2.0/token`;
  const CONF = { id: '5c0f0000-0000-4000-8000-000000000002', secret: 'hybrid~confidential~secret-02' };
  const PUB = { id: '5c0f0000-0000-4000-8000-000000000003', secret: 'hybrid~public~secret-value-03' };
  const DANA = { username: 'dana@refresh.localhost', password: 'Dana-refresh-password-1' };
  const SCOPE = 'api://refresh-api/access_as_user offline_access';

  async function token(client: { id: string }, extra: Record<string, string> = {}): Promise<string> {
    const r = await h.post(T, form({ grant_type: 'password', client_id: client.id, ...DANA, scope: SCOPE, ...extra }));
    expect(r.status).toBe(200);
    return String(r.json.refresh_token);
  }
  const refresh = (client: { id: string }, rt: string, extra: Record<string, string> = {}) =>
    h.post(T, form({ grant_type: 'refresh_token', client_id: client.id, refresh_token: rt, ...extra }));

  it('confidential token + its own registered http://localhost (Mobile & desktop) and no secret → AADSTS7000218', async () => {
    const rt = await token(CONF, { client_secret: CONF.secret });
    const r = await refresh(CONF, rt, { redirect_uri: 'http://localhost' });
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe(7000218);
    // Control: the same token with the secret (and the same redirect URI) works.
    expect((await refresh(CONF, rt, { redirect_uri: 'http://localhost', client_secret: CONF.secret })).status).toBe(200);
  });

  it('public token + its own registered Web URI: still public (no secret → 200, with secret → AADSTS700025)', async () => {
    const rt = await token(PUB);
    const web = { redirect_uri: 'https://hybrid-public.localhost/auth/callback' };
    expect((await refresh(PUB, rt, web)).status).toBe(200);
    const r = await refresh(PUB, rt, { ...web, client_secret: PUB.secret });
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe(700025);
  });
});

describe('tenant aliases resolve to the refresh token\'s tenant [I]', () => {
  const h = harness();

  it.each<[string, string]>([
    ['/organizations (v2)', '/organizations/oauth2/v2.0/token'],
    ['/common (v2)', '/common/oauth2/v2.0/token'],
    ['the tenant domain (v2)', '/entrada.localhost/oauth2/v2.0/token'],
    ['/common (v1)', '/common/oauth2/token'],
  ])('%s → 200, tokens for the demo tenant', async (_n, url) => {
    const rt = await h.signIn();
    const r = await h.refresh(rt, {}, url);
    expect(r.status).toBe(200);
    expect(claimsOf(r.json.access_token).tid).toBe(TENANT);
    // The new refresh token is a normal member of the family: it works at the tenant path too.
    expect((await h.refresh(String(r.json.refresh_token))).status).toBe(200);
  });
  // A different real tenant in the path is not available in the demo seed; not covered here.
});
