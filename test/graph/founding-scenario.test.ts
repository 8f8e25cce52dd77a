// The founding problem fixed at run time through Graph (issue 11): moving a redirect URI from the
// Web platform to Mobile & desktop turns an authorization code redemption's AADSTS7000218 into a
// success, without a restart; and the change is audited with its old and new values.

import { beforeAll, describe, expect, it } from 'vitest';
import { ALICE, AUTOMATION, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { Browser, pkcePair, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
const REDIRECT = 'http://localhost:7777/callback';
let graph: ReturnType<typeof graphCaller>;
let app: { id: string; appId: string };
let consentPages = 0;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  app = (await graph.post('/v1.0/applications', { displayName: 'Moved Redirect', web: { redirectUris: [REDIRECT] } })).json as typeof app;
  expect((await graph.post('/v1.0/servicePrincipals', { appId: app.appId })).status).toBe(201);
});

/** Signs alice in through the pages for `app` and redeems the code without a client secret. */
async function redeemWithoutSecret(): Promise<{ status: number; code: number | undefined }> {
  const browser = new Browser(entrada.app);
  const { verifier, challenge } = pkcePair();
  const params = { client_id: app.appId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid profile https://graph.microsoft.com/User.Read', state: 's', code_challenge: challenge, code_challenge_method: 'S256' };
  const page = await browser.get(`/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams(params).toString()}`);
  expect(page.statusCode, page.body).toBe(200);
  const after = await browser.submit(page, { username: ALICE.upn, password: ALICE.password, action: 'signin' });
  // The first sign-in asks alice to consent (a new app, nothing granted); later ones do not.
  consentPages += after.statusCode === 200 ? 1 : 0;
  const consent = after.statusCode === 200 ? await browser.submit(after, { action: 'accept' }) : after;
  expect(consent.statusCode, consent.body).toBe(302);
  const code = redirectParams(String(consent.headers.location)).get('code');
  expect(code).toBeTruthy();
  const r = await tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, {
    grant_type: 'authorization_code',
    client_id: app.appId,
    code: code!,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  return { status: r.status, code: r.code };
}

describe('moving a redirect URI from web to publicClient through Graph', () => {
  it('turns the redemption from 7000218 into success, at once', async () => {
    expect(await redeemWithoutSecret()).toEqual({ status: 401, code: 7000218 });
    const moved = await graph.patch(`/v1.0/applications/${app.id}`, { web: { redirectUris: [] }, publicClient: { redirectUris: [REDIRECT] } });
    expect(moved.status).toBe(204);
    expect(await redeemWithoutSecret()).toEqual({ status: 200, code: undefined });
  });

  it("audits alice's consent on the sign-in page", async () => {
    expect(consentPages).toBe(1);
    const audits = await graph.get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Consent to application'")}`);
    const sp = (await graph.get(`/v1.0/servicePrincipals(appId='${app.appId}')`)).json as { id: string };
    const entry = (audits.json.value as Array<{ initiatedBy: { user: { userPrincipalName: string } | null }; targetResources: Array<{ id: string }> }>).find((a) => a.targetResources[0].id === sp.id);
    expect(entry?.initiatedBy.user?.userPrincipalName).toBe(ALICE.upn);
  });

  it('audits the move with the old and new addresses', async () => {
    const audits = await graph.get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Update application'")}`);
    const entry = (audits.json.value as Array<{ targetResources: Array<{ id: string; modifiedProperties: Array<{ displayName: string; oldValue: string; newValue: string }> }> }>).find(
      (a) => a.targetResources[0].id === app.id,
    );
    const address = entry?.targetResources[0].modifiedProperties.find((p) => p.displayName === 'AppAddress');
    expect(JSON.parse(address!.oldValue)).toEqual([{ AddressType: 0, Address: REDIRECT, ReplyAddressClientType: 'Web' }]);
    expect(JSON.parse(address!.newValue)).toEqual([{ AddressType: 0, Address: REDIRECT, ReplyAddressClientType: 'InstalledClient' }]);
  });
});
