// A user's per-user MFA state (Graph beta …/authentication/requirements) and revokeSignInSessions
// (issue 17): Graph's shapes and errors, who may call them, the audit log, and that a revocation
// takes effect at once (the user's refresh tokens are refused).

import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, AUTOMATION, BOB, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError } from '../support/graph.js';
import { grantGraphRoles } from '../support/graph-roles.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;

const signIn = (username: string, password: string, scope = 'openid offline_access') =>
  tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: CLI_ID, username, password, scope });
const refresh = (token: unknown) =>
  tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: String(token) });

async function delegated(user: { upn: string; password: string }) {
  const r = await signIn(user.upn, user.password, 'https://graph.microsoft.com/User.ReadWrite.All');
  if (r.status !== 200) throw new Error(r.description);
  return graphCaller(entrada, String(r.json.access_token));
}

/** A user of the test's own, so MFA set on it never touches the demo users. */
async function newUser(alias: string): Promise<{ id: string; upn: string; password: string }> {
  const upn = `${alias}@entrada.localhost`;
  const password = `${alias[0].toUpperCase()}${alias.slice(1)}-Password-42`;
  const r = await graph.post('/v1.0/users', { accountEnabled: true, displayName: alias, mailNickname: alias, userPrincipalName: upn, passwordProfile: { password } });
  expect(r.status, r.body).toBe(201);
  return { id: String(r.json.id), upn, password };
}

beforeAll(async () => {
  const automation = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  await grantGraphRoles(automation, AUTOMATION.id, ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod', 'User.RevokeSessions.All', 'AuditLog.Read.All']);
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
});

describe('/beta/users/{id}/authentication/requirements', () => {
  it('reads disabled, sets enforced and disabled again, by id or UPN; enabled becomes enforced for a registered user', async () => {
    const dora = await newUser('dora');
    const path = (key: string) => `/beta/users/${key}/authentication/requirements`;
    const first = await graph.get(path(dora.id));
    expect(first.status, first.body).toBe(200);
    expect(first.json).toEqual({ '@odata.context': `https://graph.microsoft.com/beta/$metadata#users('${dora.id}')/authentication/requirements/$entity`, perUserMfaState: 'disabled' });

    expect((await graph.patch(path(dora.upn), { perUserMfaState: 'enforced' })).status).toBe(204);
    expect((await graph.get(path(dora.upn))).json.perUserMfaState).toBe('enforced');
    expect((await entrada.storage.directory.getUser(TENANT, dora.id))?.perUserMfaState).toBe('enforced');
    expect((await graph.patch(path(dora.id), { perUserMfaState: 'disabled' })).status).toBe(204);
    expect((await entrada.storage.directory.getUser(TENANT, dora.id))?.perUserMfaState).toBeUndefined();

    // Entra: "When you update a user's MFA state to enabled and the user has already registered an MFA method, their state changes automatically to enforced."
    expect((await graph.patch(path(dora.id), { perUserMfaState: 'enabled' })).status).toBe(204);
    expect((await graph.get(path(dora.id))).json.perUserMfaState).toBe('enforced');
    await graph.patch(path(dora.id), { perUserMfaState: 'disabled' });
    // No second factor registered (not a Graph property: set in storage here): enabled stays enabled.
    const unregistered = await entrada.storage.directory.getUser(TENANT, dora.id);
    if (!unregistered) throw new Error('dora is gone');
    await entrada.storage.directory.upsertUser({ ...unregistered, mfaRegistered: false });
    expect((await graph.patch(path(dora.id), { perUserMfaState: 'enabled' })).status).toBe(204);
    expect((await graph.get(path(dora.id))).json.perUserMfaState).toBe('enabled');

    const audits = (await graph.get('/v1.0/auditLogs/directoryAudits?$top=50')).json.value as Array<{ activityDisplayName: string; targetResources: Array<{ id: string }> }>;
    const activities = audits.filter((a) => a.targetResources[0].id === dora.id).map((a) => a.activityDisplayName);
    expect(activities).toEqual(expect.arrayContaining(['Enable Strong Authentication', 'Disable Strong Authentication']));
  });

  it.each([
    ['an unknown state', { perUserMfaState: 'sometimes' }, 400, 'Request_BadRequest', /perUserMfaState: must be disabled, enabled or enforced/],
    ['an unknown property', { perUserMfaState: 'enforced', colour: 'red' }, 400, 'Request_BadRequest', /colour/],
    ['no body object', [], 400, 'BadRequest', /JSON object/],
  ])('refuses %s', async (_what, body, status, code, message) => {
    const r = await graph.patch(`/beta/users/${ALICE.upn}/authentication/requirements`, body);
    expect([r.status, graphError(r).code]).toEqual([status, code]);
    expect(graphError(r).message).toMatch(message);
  });

  it('answers 404 for an unknown user, 403 without the permission, and is not served under v1.0', async () => {
    const unknown = await graph.get('/beta/users/nobody@entrada.localhost/authentication/requirements');
    expect([unknown.status, graphError(unknown).code]).toEqual([404, 'Request_ResourceNotFound']);
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    const denied = await daemon.patch(`/beta/users/${ALICE.upn}/authentication/requirements`, { perUserMfaState: 'enforced' });
    expect([denied.status, graphError(denied).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect((await entrada.storage.directory.findUserByUpn(TENANT, ALICE.upn))?.perUserMfaState).toBeUndefined();
    const v1 = await graph.get(`/v1.0/users/${ALICE.upn}/authentication/requirements`);
    expect([v1.status, graphError(v1).code]).toEqual([400, 'BadRequest']);
    const otherBeta = await graph.get('/beta/users');
    expect([otherBeta.status, graphError(otherBeta).code]).toEqual([400, 'BadRequest']);
  });
});

describe('revokeSignInSessions', () => {
  it('revokes the user’s refresh tokens at once: 200 {value: true}, the refresh is refused, a new sign-in works; audited', async () => {
    const erin = await newUser('erin');
    const before = await signIn(erin.upn, erin.password);
    expect(before.status, before.description).toBe(200);
    expect((await refresh(before.json.refresh_token)).status).toBe(200);

    const r = await graph.post(`/v1.0/users/${erin.upn}/revokeSignInSessions`);
    expect(r.status, r.body).toBe(200);
    expect(r.json).toEqual({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true });
    expect((await refresh(before.json.refresh_token)).status).toBe(400);
    expect((await signIn(erin.upn, erin.password)).status).toBe(200);

    const audits = (await graph.get('/v1.0/auditLogs/directoryAudits?$top=20')).json.value as Array<Record<string, unknown>>;
    const entry = audits.find((a) => (a.targetResources as Array<{ id: string }>)[0].id === erin.id && a.activityDisplayName === 'Update StsRefreshTokenValidFrom Timestamp');
    expect(entry).toMatchObject({ category: 'UserManagement', loggedByService: 'Core Directory', initiatedBy: { app: { appId: AUTOMATION.id } } });
  });

  it('an administrator revokes another user’s sessions; a user without a role only its own (/me)', async () => {
    const fay = await newUser('fay');
    const admin = await delegated(ADMIN);
    expect((await admin.post(`/v1.0/users/${fay.id}/revokeSignInSessions`)).status).toBe(200);

    const bob = await delegated(BOB);
    const refused = await bob.post(`/v1.0/users/${fay.id}/revokeSignInSessions`);
    expect([refused.status, graphError(refused).code]).toEqual([403, 'Authorization_RequestDenied']);
    const bobRefresh = await signIn(BOB.upn, BOB.password);
    const mine = await bob.post('/v1.0/me/revokeSignInSessions');
    expect(mine.status, mine.body).toBe(200);
    expect(mine.json.value).toBe(true);
    expect((await refresh(bobRefresh.json.refresh_token)).status).toBe(400);
  });

  it('/me needs a signed-in user; an unknown user is 404; no permission is 403', async () => {
    const me = await graph.post('/v1.0/me/revokeSignInSessions');
    expect([me.status, graphError(me).message]).toEqual([400, '/me request is only valid with delegated authentication flow.']);
    const unknown = await graph.post('/v1.0/users/nobody@entrada.localhost/revokeSignInSessions');
    expect(unknown.status).toBe(404);
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    const denied = await daemon.post(`/v1.0/users/${ALICE.upn}/revokeSignInSessions`);
    expect([denied.status, graphError(denied).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(denied).message).toContain('User.RevokeSessions.All');
  });
});
