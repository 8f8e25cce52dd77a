// Multi-tenant apps over app.inject() (issue 18): an app registered in Contoso used by Fabrikam's
// users through /organizations, /common and /fabrikam; the refusals of single-tenant apps and of
// /consumers; and the admin consent endpoint (v1 and v2).

import { describe, expect, it } from 'vitest';
import { useEntrada } from '../support/in-process.js';
import { ALICE, API, APRIL, BOB, CONTOSO, FABRIKAM, GINA, multiTenantSeed, PASSWORD, PRIVATE, SAAS } from '../support/multi-tenant-seed.js';
import { Browser, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada({ seed: multiTenantSeed() });
const client = tokenClient(entrada, PLAIN_FORM);

function authorizeUrl(tenant: string, params: Record<string, string>): string {
  return `/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams(params).toString()}`;
}

function saasParams(extra: Record<string, string> = {}) {
  return { client_id: SAAS.appId, response_type: 'code', redirect_uri: SAAS.redirectUri, scope: 'openid profile offline_access User.Read', state: 'st', nonce: 'n', ...extra };
}

/** Sign in on the page; answer the consent page with `consent` when it comes. Returns the last response. */
async function signIn(browser: Browser, url: string, upn: string, consent: 'accept' | 'cancel' = 'accept') {
  const page = await browser.get(url);
  expect(page.statusCode, page.body).toBe(200);
  let res = await browser.submit(page, { username: upn, password: PASSWORD, action: 'signin' });
  const consentPages: string[] = [];
  while (res.statusCode === 200 && res.body.includes('name="step" value="consent"')) {
    consentPages.push(res.body);
    res = await browser.submit(res, { action: consent });
  }
  return { res, consentPages };
}

async function servicePrincipalsOf(tenantId: string, appId: string) {
  return (await entrada.storage.directory.findServicePrincipalByAppId(tenantId, appId)) ?? null;
}

async function activities(tenantId: string): Promise<Array<[string, string | null]>> {
  const entries = await entrada.storage.directoryAdmin.listAudits({ tenantId, limit: 100 });
  return entries.map((e) => [e.activityDisplayName, e.initiatedBy.user?.userPrincipalName ?? null]);
}

describe('the resource side', () => {
  it('a multi-tenant API never added to Fabrikam is AADSTS650052 for its scopes', async () => {
    const { res } = await signIn(new Browser(entrada.app), authorizeUrl('organizations', saasParams({ scope: `openid ${API.uri}/Read`, login_hint: APRIL })), APRIL);
    expect(res.statusCode, res.body).toBe(302);
    const p = redirectParams(String(res.headers.location));
    expect(p.get('error')).toBe('invalid_client');
    expect(p.get('error_description')).toMatch(/^AADSTS650052: The app is trying to access a service 'a3a3a3a3-0000-4000-8000-0000000000a3'\(Multi API\) that your organization 'bbbbbbbb-0000-4000-8000-00000000000b' lacks a service principal for/);
  });
});

describe('a Fabrikam user signs in to a Contoso multi-tenant app', () => {
  it('through /organizations: consent adds the app to Fabrikam, and the tokens are Fabrikam\'s', async () => {
    expect(await servicePrincipalsOf(FABRIKAM.id, SAAS.appId)).toBeNull();
    const browser = new Browser(entrada.app);
    const { res, consentPages } = await signIn(browser, authorizeUrl('organizations', saasParams()), BOB);
    expect(consentPages).toHaveLength(1);
    expect(consentPages[0]).toContain('User.Read');
    expect(res.statusCode, res.body).toBe(302);
    const p = redirectParams(String(res.headers.location));
    expect(p.get('state')).toBe('st');

    const sp = await servicePrincipalsOf(FABRIKAM.id, SAAS.appId);
    expect(sp).toMatchObject({ appId: SAAS.appId, tenantId: FABRIKAM.id, accountEnabled: true, appRoleAssignmentRequired: false, displayName: SAAS.name });

    const redeemed = await client.post('/organizations/oauth2/v2.0/token', {
      grant_type: 'authorization_code', client_id: SAAS.appId, client_secret: SAAS.secret, code: p.get('code')!, redirect_uri: SAAS.redirectUri,
      scope: 'openid profile offline_access User.Read',
    });
    expect(redeemed.status, JSON.stringify(redeemed.json)).toBe(200);
    const id = claimsOf(redeemed.json.id_token);
    expect(id.tid).toBe(FABRIKAM.id);
    expect(id.iss).toBe(`https://localhost:8443/${FABRIKAM.id}/v2.0`);
    expect(id.aud).toBe(SAAS.appId);
    const access = claimsOf(redeemed.json.access_token);
    expect(access.tid).toBe(FABRIKAM.id);
    expect(access.appid).toBe(SAAS.appId);
    expect(access.scp).toContain('User.Read');

    // The consent is remembered: the next sign-in of the same user asks nothing.
    const again = await browser.get(authorizeUrl('organizations', saasParams()));
    expect(again.statusCode).toBe(302);
    expect(redirectParams(String(again.headers.location)).get('code')).toBeTruthy();

    // Audited in Fabrikam: the service principal added and the consent, by Bob.
    expect(await activities(FABRIKAM.id)).toEqual(expect.arrayContaining([['Add service principal', BOB], ['Consent to application', BOB]]));
  });

  it('through /common and through /fabrikam.test too; cancel is access_denied and adds nothing', async () => {
    const cancelled = await signIn(new Browser(entrada.app), authorizeUrl('common', saasParams({ client_id: API.appId, redirect_uri: 'https://api.example/cb' })), BOB, 'cancel');
    expect(cancelled.res.statusCode).toBe(302);
    const denied = redirectParams(String(cancelled.res.headers.location));
    expect([denied.get('error'), denied.get('error_subcode')]).toEqual(['access_denied', 'cancel']);
    expect(await servicePrincipalsOf(FABRIKAM.id, API.appId)).toBeNull();

    const viaTenant = await signIn(new Browser(entrada.app), authorizeUrl(FABRIKAM.domain, saasParams({ client_id: API.appId, redirect_uri: 'https://api.example/cb' })), BOB);
    expect(viaTenant.res.statusCode, viaTenant.res.body).toBe(302);
    expect(redirectParams(String(viaTenant.res.headers.location)).get('code')).toBeTruthy();
    expect(await servicePrincipalsOf(FABRIKAM.id, API.appId)).not.toBeNull();
  });

  it('a Fabrikam user under /contoso is AADSTS50020 after the password, on the page', async () => {
    const { res } = await signIn(new Browser(entrada.app), authorizeUrl(CONTOSO.id, saasParams()), BOB);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('AADSTS50020');
    expect(res.body).toContain(`https://sts.windows.net/${FABRIKAM.id}/`);
    expect(res.body).toContain(CONTOSO.name);
  });
});

describe('single-tenant apps and /consumers', () => {
  const privateParams = (extra: Record<string, string> = {}) =>
    ({ client_id: PRIVATE.appId, response_type: 'code', redirect_uri: PRIVATE.redirectUri, scope: 'openid profile', state: 'st', ...extra });

  it.each([
    ['/organizations, its own user', 'organizations', ALICE],
    ['/common, its own user', 'common', ALICE],
    ['/organizations, another tenant\'s user', 'organizations', BOB],
  ])('%s → AADSTS50194 sent to the app after the sign-in', async (_name, tenant, upn) => {
    const { res } = await signIn(new Browser(entrada.app), authorizeUrl(tenant, privateParams()), upn);
    expect(res.statusCode).toBe(302);
    const p = redirectParams(String(res.headers.location));
    expect(p.get('error')).toBe('invalid_request');
    expect(p.get('error_description')).toMatch(/^AADSTS50194: Application 'a2a2a2a2-0000-4000-8000-0000000000a2'\(Private App\) is not configured as a multi-tenant application\. Usage of the \/common endpoint is not supported for such applications created after '10\/15\/2018'/);
  });

  it('its own tenant signs in as before', async () => {
    const { res } = await signIn(new Browser(entrada.app), authorizeUrl(CONTOSO.domain, privateParams()), ALICE);
    expect(res.statusCode).toBe(302);
    expect(redirectParams(String(res.headers.location)).get('code')).toBeTruthy();
  });

  it('under another tenant: AADSTS700016 at once, before any sign-in', async () => {
    const page = await new Browser(entrada.app).get(authorizeUrl(FABRIKAM.id, privateParams()));
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('AADSTS700016');
  });

  it('/consumers: a work-only app is not in the consumers directory (700016)', async () => {
    const page = await new Browser(entrada.app).get(authorizeUrl('consumers', saasParams()));
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('AADSTS700016');
    expect(page.body).toContain('9188040d-6c67-4c5b-b112-36a304b66dad');
  });
});


describe('the admin consent endpoint', () => {
  const fresh = useEntrada({ seed: multiTenantSeed() });
  const freshClient = tokenClient(fresh, PLAIN_FORM);

  function adminConsentUrl(tenant: string, version: 'v1' | 'v2', params: Record<string, string>): string {
    return `/${tenant}/${version === 'v2' ? 'v2.0/' : ''}adminconsent?${new URLSearchParams(params).toString()}`;
  }

  /** Signs `upn` in on the endpoint's page and answers its consent page with `answer`. */
  async function walk(url: string, upn: string, answer: 'accept' | 'cancel' = 'accept') {
    const browser = new Browser(fresh.app);
    const page = await browser.get(url);
    if (page.statusCode !== 200) return { res: page, consentPage: undefined };
    let res = await browser.submit(page, { username: upn, password: PASSWORD, action: 'signin' });
    let consentPage: string | undefined;
    if (res.statusCode === 200 && res.body.includes('name="step" value="consent"')) {
      consentPage = res.body;
      res = await browser.submit(res, { action: answer });
    }
    return { res, consentPage };
  }

  const v2 = (extra: Record<string, string> = {}) => ({ client_id: SAAS.appId, redirect_uri: SAAS.redirectUri, state: 'admin-1', scope: 'https://graph.microsoft.com/.default', ...extra });

  it('an API the app needs that is not in the tenant yet: AADSTS650052 to the app, nothing written', async () => {
    const { res } = await walk(adminConsentUrl('organizations', 'v2', v2()), GINA);
    expect(res.statusCode).toBe(302);
    const p = redirectParams(String(res.headers.location));
    expect([p.get('admin_consent'), p.get('error'), p.get('state')]).toEqual(['True', 'invalid_client', 'admin-1']);
    expect(p.get('error_description')).toMatch(/^AADSTS650052:/);
    expect(await fresh.storage.directory.findServicePrincipalByAppId(FABRIKAM.id, SAAS.appId)).toBeUndefined();
  });

  it('v1: the API first (its service principal added), then v2 for the app: grants, app roles, audited; tokens follow', async () => {
    const api = await walk(adminConsentUrl(FABRIKAM.domain, 'v1', { client_id: API.appId, redirect_uri: 'https://api.example/cb', state: 'v1' }), GINA);
    expect(api.res.statusCode).toBe(302);
    const v1 = redirectParams(String(api.res.headers.location));
    expect(Object.fromEntries(v1)).toEqual({ tenant: FABRIKAM.id, admin_consent: 'True', state: 'v1' });
    const apiSp = await fresh.storage.directory.findServicePrincipalByAppId(FABRIKAM.id, API.appId);
    expect(apiSp).toMatchObject({ appRoleAssignmentRequired: false, accountEnabled: true });

    const { res, consentPage } = await walk(adminConsentUrl('organizations', 'v2', v2()), GINA);
    expect(consentPage).toContain('Read data');
    expect(consentPage).toContain('Data.Read');
    expect(consentPage).toContain('User.Read');
    expect(res.statusCode).toBe(302);
    const p = redirectParams(String(res.headers.location));
    expect(Object.fromEntries(p)).toEqual({ admin_consent: 'True', tenant: FABRIKAM.id, scope: 'https://graph.microsoft.com/.default', state: 'admin-1' });

    const sp = (await fresh.storage.directory.findServicePrincipalByAppId(FABRIKAM.id, SAAS.appId))!;
    expect(sp).toMatchObject({ tenantId: FABRIKAM.id, appRoleAssignmentRequired: false });
    const grants = await fresh.storage.directory.listPermissionGrants(sp.id, apiSp!.id);
    expect(grants).toEqual([expect.objectContaining({ consentType: 'AllPrincipals', principalId: null, scope: 'Read' })]);
    const roles = await fresh.storage.directory.listAppRoleAssignments(sp.id, apiSp!.id);
    expect(roles.map((r) => r.appRoleId)).toEqual([API.dataReadRoleId]);
    const log = (await fresh.storage.directoryAdmin.listAudits({ tenantId: FABRIKAM.id, limit: 50 })).map((e) => [e.activityDisplayName, e.initiatedBy.user?.userPrincipalName]);
    expect(log).toEqual(expect.arrayContaining([
      ['Add service principal', GINA], ['Add delegated permission grant', GINA], ['Add app role assignment to service principal', GINA], ['Consent to application', GINA],
    ]));

    // The app's own token in Fabrikam carries the consented application permission.
    const daemon = await freshClient.post(`/${FABRIKAM.id}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: SAAS.appId, client_secret: SAAS.secret, scope: `${API.uri}/.default` });
    expect(daemon.status, JSON.stringify(daemon.json)).toBe(200);
    const claims = claimsOf(daemon.json.access_token);
    expect([claims.tid, claims.azp, claims.roles, claims.aud]).toEqual([FABRIKAM.id, SAAS.appId, ['Data.Read'], API.appId]);

    // Fabrikam's users now sign in without a consent page, and get the API's scope.
    const browser = new Browser(fresh.app);
    const { res: signedIn, consentPages } = await (async () => {
      const page = await browser.get(authorizeUrl('organizations', saasParams({ scope: `openid ${API.uri}/Read` })));
      const r = await browser.submit(page, { username: BOB, password: PASSWORD, action: 'signin' });
      return { res: r, consentPages: r.statusCode === 200 ? [r.body] : [] };
    })();
    expect(consentPages).toEqual([]);
    expect(signedIn.statusCode).toBe(302);
    const code = redirectParams(String(signedIn.headers.location)).get('code')!;
    const user = await freshClient.post('/organizations/oauth2/v2.0/token', { grant_type: 'authorization_code', client_id: SAAS.appId, client_secret: SAAS.secret, code, redirect_uri: SAAS.redirectUri });
    const access = claimsOf(user.json.access_token);
    expect([access.tid, access.iss, access.scp, access.azp]).toEqual([FABRIKAM.id, `https://localhost:8443/${FABRIKAM.id}/v2.0`, 'Read', SAAS.appId]);
  });

  it('a user without an administrator role: AADSTS90093 to the app (v2 adds admin_consent=True)', async () => {
    const { res, consentPage } = await walk(adminConsentUrl('organizations', 'v2', v2()), BOB);
    expect(consentPage).toBeUndefined();
    const p = redirectParams(String(res.headers.location));
    expect([p.get('admin_consent'), p.get('error'), p.get('state')]).toEqual(['True', 'access_denied', 'admin-1']);
    expect(p.get('error_description')).toMatch(/^AADSTS90093: Calling principal cannot consent due to lack of permissions\./);
  });

  it('cancel on v1: error=access_denied&error_subcode=cancel&state, and nothing granted', async () => {
    const { res } = await walk(adminConsentUrl(FABRIKAM.id, 'v1', { client_id: PRIVATE.appId, redirect_uri: PRIVATE.redirectUri, state: 'c' }), APRIL);
    // A single-tenant app of another tenant cannot be consented to here at all (700016, on the page).
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('AADSTS700016');
    const cancelled = await walk(adminConsentUrl(FABRIKAM.id, 'v1', { client_id: API.appId, redirect_uri: 'https://api.example/cb', state: 'c' }), APRIL, 'cancel');
    expect(Object.fromEntries(redirectParams(String(cancelled.res.headers.location)))).toEqual({ error: 'access_denied', error_subcode: 'cancel', state: 'c' });
  });

  it.each([
    ['an unregistered redirect_uri: 50011 on the page', adminConsentUrl('organizations', 'v2', v2({ redirect_uri: 'https://evil.example/cb' })), 50011],
    ['v2 without redirect_uri: 900144 on the page', adminConsentUrl('organizations', 'v2', { client_id: SAAS.appId, scope: 'openid' }), 900144],
    ['an unknown app: 700016 on the page', adminConsentUrl('organizations', 'v2', v2({ client_id: '0b0b0b0b-0000-4000-8000-000000000000' })), 700016],
  ])('%s', async (_name, url, code) => {
    const page = await new Browser(fresh.app).get(url);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain(`AADSTS${code}`);
  });

  it('v2 without scope: 900144 sent to the registered redirect URI', async () => {
    const page = await new Browser(fresh.app).get(adminConsentUrl('organizations', 'v2', { client_id: SAAS.appId, redirect_uri: SAAS.redirectUri, state: 's' }));
    expect(page.statusCode).toBe(302);
    const p = redirectParams(String(page.headers.location));
    expect([p.get('admin_consent'), p.get('error'), p.get('state')]).toEqual(['True', 'invalid_request', 's']);
    expect(p.get('error_description')).toMatch(/^AADSTS900144:/);
  });
});
