// startEntrada's directory operations for MFA and Conditional Access (issue 17): named locations
// and policies with users, groups, apps and locations named rather than by id, security defaults,
// per-user MFA, MFA registration and revoking sessions — through the same directory operations as
// Graph (their errors are GraphErrors), audited as the in-process API, seen at once by the token
// endpoint's reader.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphError, IN_PROCESS_ACTOR_NAME, startEntrada, type StartedEntrada } from '../../src/api/index.js';
import { createGroup } from '../../src/directory/groups.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';

describe('startEntrada: entrada.directory, MFA and Conditional Access', () => {
  let entrada: StartedEntrada;
  beforeAll(async () => {
    entrada = await startEntrada();
  });
  afterAll(async () => entrada?.stop());

  const read = () => entrada.directory.service.read;

  /** A ROPC sign-in through the demo's public client, with a refresh token. */
  async function signIn(upn: string, password: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const form = { grant_type: 'password', client_id: entrada.app('Demo CLI').appId, username: upn, password, scope: 'openid offline_access' };
    const r = await entrada.fetch(`${entrada.authority()}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  }

  async function refresh(token: unknown): Promise<number> {
    const form = { grant_type: 'refresh_token', client_id: entrada.app('Demo CLI').appId, refresh_token: String(token) };
    return (await entrada.fetch(`${entrada.authority()}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) })).status;
  }

  it('creates a location and a policy naming a user, a group, an app and the location; updates and deletes them by name', async () => {
    const group = await createGroup(entrada.directory.service, entrada.directory.actor(), {
      displayName: 'MFA pilot',
      mailNickname: 'mfapilot',
      mailEnabled: false,
      securityEnabled: true,
    });
    const lab = await entrada.directory.createNamedLocation({ displayName: 'Lab', ipRanges: ['127.0.0.1/32', '::1/128'] });
    expect(lab).toMatchObject({ '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Lab', isTrusted: false });
    expect(lab.ipRanges).toEqual([
      { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '127.0.0.1/32' },
      { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '::1/128' },
    ]);

    const created = await entrada.directory.createConditionalAccessPolicy({
      displayName: 'MFA for the pilot outside the lab',
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeGroups: ['MFA pilot'], excludeUsers: ['bob@entrada.localhost'] },
        applications: { includeApplications: ['Demo API', 'api://entrada-demo-api'] },
        clientAppTypes: ['all'],
        locations: { includeLocations: ['All'], excludeLocations: ['Lab'] },
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    const bob = entrada.user('bob@entrada.localhost');
    expect(created.conditions).toMatchObject({
      users: { includeGroups: [group.id], excludeUsers: [bob.id] },
      applications: { includeApplications: [entrada.app('Demo API').appId] },
      locations: { includeLocations: ['All'], excludeLocations: [lab.id] },
    });
    const policy = await read().getConditionalAccessPolicy(TENANT, String(created.id));
    expect(policy?.state).toBe('enabledForReportingButNotEnforced');

    const updated = await entrada.directory.updateConditionalAccessPolicy('mfa for the pilot outside the lab', {
      state: 'disabled',
      conditions: { users: { includeUsers: ['alice@entrada.localhost'] } },
    });
    // Merged as Graph merges a PATCH: the group and the exclusion stay.
    expect(updated).toMatchObject({ state: 'disabled', conditions: { users: { includeUsers: [entrada.user('alice@entrada.localhost').id], includeGroups: [group.id], excludeUsers: [bob.id] } } });
    expect(updated.modifiedDateTime).not.toBeNull();

    const renamed = await entrada.directory.updateNamedLocation('Lab', { displayName: 'Loopback', isTrusted: true });
    expect(renamed).toMatchObject({ id: lab.id, displayName: 'Loopback', isTrusted: true });
    await expect(entrada.directory.deleteNamedLocation('Loopback')).rejects.toThrow(/marked as trusted/);
    await entrada.directory.deleteConditionalAccessPolicy(String(created.id));
    await entrada.directory.updateNamedLocation('Loopback', { isTrusted: false });
    await entrada.directory.deleteNamedLocation('Loopback');
    expect((await read().signInPolicy(TENANT)).namedLocations.map((l) => l.displayName)).not.toContain('Loopback');

    const audits = await entrada.directory.service.deps.admin.listAudits({ tenantId: TENANT, limit: 30 });
    const entry = audits.find((a) => a.activityDisplayName === 'Add Conditional Access policy');
    expect(entry?.initiatedBy.app?.displayName).toBe(IN_PROCESS_ACTOR_NAME);
  });

  it('refuses what Graph refuses (GraphError) and names it cannot resolve (Error)', async () => {
    const invalid = await entrada.directory
      .createConditionalAccessPolicy({
        displayName: 'Bad',
        state: 'sometimes' as 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
        grantControls: { builtInControls: ['mfa'] },
      })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(GraphError);
    expect((invalid as GraphError).status).toBe(400);
    await expect(
      entrada.directory.createConditionalAccessPolicy({
        displayName: 'Nobody',
        state: 'enabled',
        conditions: { users: { includeUsers: ['zed@entrada.localhost'] }, applications: { includeApplications: ['All'] } },
        grantControls: { builtInControls: ['block'] },
      }),
    ).rejects.toThrow("No user 'zed@entrada.localhost'");
    await expect(entrada.directory.createNamedLocation({ displayName: 'Wide', ipRanges: ['10.0.0.0/8'] })).rejects.toThrow(/masks longer than \/8/);
    await expect(entrada.directory.deleteConditionalAccessPolicy('No such policy')).rejects.toThrow(/No Conditional Access policy 'No such policy'/);
  });

  it('security defaults on and off', async () => {
    await entrada.directory.setSecurityDefaults(true);
    expect((await read().signInPolicy(TENANT)).securityDefaultsEnabled).toBe(true);
    await entrada.directory.setSecurityDefaults(false, 'entrada.localhost');
    expect((await read().signInPolicy(TENANT)).securityDefaultsEnabled).toBe(false);
  });

  it('per-user MFA and MFA registration; enabled becomes enforced for a registered user, as in Entra', async () => {
    await entrada.directory.createUser({ userPrincipalName: 'gus@entrada.localhost', password: 'Gus-test-password-7' });
    expect(await entrada.directory.setPerUserMfa('gus@entrada.localhost', 'enabled')).toBe('enforced');
    expect((await read().findUserByUpn(TENANT, 'gus@entrada.localhost'))?.perUserMfaState).toBe('enforced');
    await entrada.directory.setPerUserMfa('gus@entrada.localhost', 'disabled');
    await entrada.directory.setMfaRegistered('gus', false);
    expect(await entrada.directory.setPerUserMfa('gus@entrada.localhost', 'enabled')).toBe('enabled');
    expect(await read().findUserByUpn(TENANT, 'gus@entrada.localhost')).toMatchObject({ perUserMfaState: 'enabled', mfaRegistered: false });
    await entrada.directory.setMfaRegistered('gus@entrada.localhost', true);
    expect(await read().findUserByUpn(TENANT, 'gus@entrada.localhost')).not.toHaveProperty('mfaRegistered');
    await expect(entrada.directory.setPerUserMfa('nobody@entrada.localhost', 'enforced')).rejects.toThrow(/No user/);
  });

  it('revokeSignInSessions: the user’s refresh tokens are refused at once', async () => {
    await entrada.directory.createUser({ userPrincipalName: 'hal@entrada.localhost', password: 'Hal-test-password-8' });
    const signedIn = await signIn('hal@entrada.localhost', 'Hal-test-password-8');
    expect(signedIn.status).toBe(200);
    expect(await refresh(signedIn.json.refresh_token)).toBe(200);
    await entrada.directory.revokeSignInSessions('hal@entrada.localhost');
    expect(await refresh(signedIn.json.refresh_token)).toBe(400);
  });
});
