// Graph's Conditional Access (issue 17): /v1.0/identity/conditionalAccess/policies and
// …/namedLocations (create, read, list, update, delete, Graph's shapes and errors, the audit log),
// /v1.0/policies/identitySecurityDefaultsEnforcementPolicy, who may call them; and that what Graph
// saves is what the token endpoint's directory reader sees (signInPolicy).

import { beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_ROLES } from '../../src/core/policy/graph-permissions.js';
import { ALICE, AUTOMATION, DAEMON, TENANT } from '../support/demo-seed.js';
import { appGraphToken, type GraphReply, graphCaller, graphError } from '../support/graph.js';
import { grantGraphRoles } from '../support/graph-roles.js';
import { useEntrada } from '../support/in-process.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;
let aliceId: string;

const ROOT = '/v1.0/identity/conditionalAccess';

beforeAll(async () => {
  const automation = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  await grantGraphRoles(automation, AUTOMATION.id, ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'AuditLog.Read.All']);
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  aliceId = String((await graph.get(`/v1.0/users/${ALICE.upn}`)).json.id);
});

/** A policy body as Graph's documentation shows one. */
function mfaPolicy(overrides: Record<string, unknown> = {}) {
  return {
    displayName: 'Require MFA for Alice',
    state: 'enabled',
    conditions: {
      applications: { includeApplications: ['All'] },
      users: { includeUsers: [aliceId] },
      clientAppTypes: ['all'],
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    ...overrides,
  };
}

function expectGraphError(r: GraphReply, status: number, code: string, message?: RegExp): void {
  expect(r.status, r.body).toBe(status);
  expect(graphError(r).code).toBe(code);
  if (message) expect(graphError(r).message).toMatch(message);
  expect((r.json.error as { innerError?: unknown }).innerError).toMatchObject({ 'request-id': expect.any(String) });
}

describe('/v1.0/identity/conditionalAccess/policies', () => {
  it('creates (201, Graph’s shape, Location), reads, lists, patches one condition, deletes (204) and audits each', async () => {
    const created = await graph.post(`${ROOT}/policies`, mfaPolicy());
    expect(created.status, created.body).toBe(201);
    const id = String(created.json.id);
    expect(created.headers.location).toBe(`https://localhost:8443${ROOT}/policies/${id}`);
    expect(created.json).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity',
      id,
      templateId: null,
      displayName: 'Require MFA for Alice',
      state: 'enabled',
      modifiedDateTime: null,
      sessionControls: null,
      conditions: {
        clientAppTypes: ['all'],
        locations: null,
        platforms: null,
        applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] },
        users: { includeUsers: [aliceId], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [] },
    });
    expect(Date.parse(String(created.json.createdDateTime))).not.toBeNaN();

    const got = await graph.get(`${ROOT}/policies/${id.toUpperCase()}`);
    expect(got.json).toEqual(created.json);
    const listed = await graph.get(`${ROOT}/policies`);
    expect(listed.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies');
    expect((listed.json.value as Array<{ id: string }>).map((p) => p.id)).toContain(id);
    const filtered = await graph.get(`${ROOT}/policies?$filter=${encodeURIComponent("state eq 'enabled'")}&$select=id,displayName`);
    expect(filtered.json.value).toContainEqual({ id, displayName: 'Require MFA for Alice' });
    // Collection names match in any case, as Graph's do.
    expect((await graph.get(`/v1.0/Identity/ConditionalAccess/Policies/${id}`)).status).toBe(200);

    // PATCH merges `conditions` key by key: the users stay, the client app types change.
    const patched = await graph.patch(`${ROOT}/policies/${id}`, { state: 'enabledForReportingButNotEnforced', conditions: { clientAppTypes: ['browser'] } });
    expect(patched.status, patched.body).toBe(204);
    const after = (await graph.get(`${ROOT}/policies/${id}`)).json;
    expect(after).toMatchObject({ state: 'enabledForReportingButNotEnforced', conditions: { clientAppTypes: ['browser'], users: { includeUsers: [aliceId] } } });
    expect(after.modifiedDateTime).not.toBeNull();
    // A GET-modify-PATCH round trip of the whole object is accepted (read-only echoes dropped).
    const roundTrip = await graph.patch(`${ROOT}/policies/${id}`, { ...after, displayName: 'Renamed' });
    expect(roundTrip.status, roundTrip.body).toBe(204);

    // What the token endpoint reads.
    const policy = await entrada.storage.directory.signInPolicy(TENANT);
    expect(policy.conditionalAccessPolicies.find((p) => p.id === id)).toMatchObject({ displayName: 'Renamed', state: 'enabledForReportingButNotEnforced' });

    expect((await graph.delete(`${ROOT}/policies/${id}`)).status).toBe(204);
    expectGraphError(await graph.get(`${ROOT}/policies/${id}`), 404, 'Request_ResourceNotFound');
    expectGraphError(await graph.delete(`${ROOT}/policies/${id}`), 404, 'Request_ResourceNotFound');

    const audits = (await graph.get('/v1.0/auditLogs/directoryAudits?$top=50')).json.value as Array<Record<string, unknown>>;
    const mine = audits.filter((a) => (a.targetResources as Array<{ id: string }>)[0].id === id).map((a) => [a.activityDisplayName, a.category, a.loggedByService]);
    expect(mine).toEqual(
      expect.arrayContaining([
        ['Add Conditional Access policy', 'Policy', 'Conditional Access'],
        ['Update Conditional Access policy', 'Policy', 'Conditional Access'],
        ['Delete Conditional Access policy', 'Policy', 'Conditional Access'],
      ]),
    );
  });

  it('keeps keywords in Graph’s spelling and ids lower-case; app ids need not be registered here', async () => {
    const office = '00000002-0000-0ff1-ce00-000000000000';
    const created = await graph.post(
      `${ROOT}/policies`,
      mfaPolicy({
        displayName: 'Block Office for all but Alice',
        state: 'disabled',
        conditions: { applications: { includeApplications: [office.toUpperCase()] }, users: { includeUsers: ['all'], excludeUsers: [aliceId.toUpperCase()] } },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }),
    );
    expect(created.status, created.body).toBe(201);
    expect(created.json.conditions).toMatchObject({ applications: { includeApplications: [office] }, users: { includeUsers: ['All'], excludeUsers: [aliceId] } });
  });

  it('a user deleted since stays in the policy, which can still be changed; a new unknown id is still refused', async () => {
    const leaver = await graph.post('/v1.0/users', { accountEnabled: true, displayName: 'Leaver', mailNickname: 'leaver', userPrincipalName: 'leaver@entrada.localhost', passwordProfile: { password: 'Leaver-Password-42' } });
    const userId = String(leaver.json.id);
    const policy = await graph.post(`${ROOT}/policies`, mfaPolicy({ displayName: 'For a leaver', state: 'disabled', conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: [userId] } } }));
    expect(policy.status, policy.body).toBe(201);
    expect((await graph.delete(`/v1.0/users/${userId}`)).status).toBe(204);
    expect((await graph.patch(`${ROOT}/policies/${policy.json.id}`, { state: 'enabledForReportingButNotEnforced' })).status).toBe(204);
    expect((await graph.get(`${ROOT}/policies/${policy.json.id}`)).json.conditions).toMatchObject({ users: { includeUsers: [userId] } });
    const other = '6a1f4e2b-0000-4000-8000-000000000006';
    expectGraphError(await graph.patch(`${ROOT}/policies/${policy.json.id}`, { conditions: { users: { includeUsers: [userId, other] } } }), 400, 'Request_BadRequest', /is not a user of this tenant/);
  });

  it.each([
    ['an unknown state', { state: 'on' }, /'state'.*must be one of: enabled, disabled, enabledForReportingButNotEnforced/],
    ['an unknown grant control', { grantControls: { operator: 'OR', builtInControls: ['mfa', 'retinaScan'] } }, /grantControls\.builtInControls\[1\]: must be one of/],
    ['block with another control', { grantControls: { operator: 'OR', builtInControls: ['block', 'mfa'] } }, /'block' cannot be combined/],
    ['no grant controls', { grantControls: undefined }, /'grantControls'/],
    ['an unknown operator', { grantControls: { operator: 'XOR', builtInControls: ['mfa'] } }, /operator: must be one of: AND, OR/],
    ['an unknown client app type', { conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'] }, clientAppTypes: ['fax'] } }, /clientAppTypes\[0\]/],
    ['a user that is no GUID or keyword', { conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['alice@entrada.localhost'] } } }, /'alice@entrada\.localhost' is not a user object id \(GUID\) or one of All, None, GuestsOrExternalUsers/],
    ['All in an exclude list', { conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'], excludeUsers: ['All'] } } }, /cannot be used in an exclude list/],
    ['a user of no tenant', { conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['6a1f4e2b-0000-4000-8000-000000000001'] } } }, /is not a user of this tenant/],
    ['a group of no tenant', { conditions: { applications: { includeApplications: ['All'] }, users: { includeGroups: ['6a1f4e2b-0000-4000-8000-000000000002'] } } }, /is not a group of this tenant/],
    ['an unknown named location', { conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'] }, locations: { includeLocations: ['6a1f4e2b-0000-4000-8000-000000000003'] } } }, /is not a named location of this tenant/],
    ['nobody included', { conditions: { applications: { includeApplications: ['All'] }, users: { excludeUsers: ['GuestsOrExternalUsers'] } } }, /must include someone/],
    ['no target', { conditions: { applications: {}, users: { includeUsers: ['All'] } } }, /must target something/],
    ['an authentication context outside c1..c99', { conditions: { applications: { includeAuthenticationContextClassReferences: ['c100'] }, users: { includeUsers: ['All'] } } }, /'c100' is not an authentication context id: use c1 to c99/],
    ['roles, which Entrada does not evaluate', { conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'], includeRoles: [DIRECTORY_ROLES.globalAdministrator.id] } } }, /does not evaluate directory roles/],
    ['session controls', { sessionControls: { signInFrequency: { value: 1, type: 'hours', isEnabled: true } } }, /does not evaluate session controls/],
    ['an unknown property', { colour: 'blue' }, /Invalid property 'colour'/],
    ['an empty displayName', { displayName: ' ' }, /displayName: must not be empty/],
    ['a read-only id', { id: '6a1f4e2b-0000-4000-8000-000000000004' }, /Invalid property 'id'.*read-only/],
    ['another @odata.type', { '@odata.type': '#microsoft.graph.user' }, /@odata.type is #microsoft.graph.conditionalAccessPolicy/],
  ])('refuses %s with Graph’s 400, not a 500', async (_what, overrides, message) => {
    expectGraphError(await graph.post(`${ROOT}/policies`, mfaPolicy(overrides)), 400, 'Request_BadRequest', message);
  });

  it('refuses hostile input in Graph’s envelope: NUL, lists over the bounds, deep nesting', async () => {
    expectGraphError(await graph.post(`${ROOT}/policies`, mfaPolicy({ displayName: 'nul\u0000name' })), 400, 'Request_BadRequest', /NUL/);
    const manyUsers = Array.from({ length: 501 }, (_, i) => `6a1f4e2b-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expectGraphError(await graph.post(`${ROOT}/policies`, mfaPolicy({ conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: manyUsers } } })), 400, 'Request_BadRequest', /at most 500 entries/);
    const ranges = Array.from({ length: 2001 }, (_, i) => ({ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: `10.${i >> 8}.${i & 255}.0/24` }));
    expectGraphError(await graph.post(`${ROOT}/namedLocations`, { '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Many', ipRanges: ranges }), 400, 'Request_BadRequest', /at most 2000 IP ranges/);
    const deep = `${'{"conditions":'.repeat(40)}{}${'}'.repeat(40)}`;
    expectGraphError(await graph.post(`${ROOT}/policies`, deep), 400, 'Request_BadRequest');
  });

  it('refuses bodies that are not a JSON object, and ids that are not GUIDs', async () => {
    expectGraphError(await graph.post(`${ROOT}/policies`, '[1,2]'), 400, 'BadRequest');
    expectGraphError(await graph.post(`${ROOT}/policies`, '{"displayName":'), 400, 'BadRequest');
    expectGraphError(await graph.get(`${ROOT}/policies/not-a-guid`), 400, 'Request_BadRequest', /Invalid object identifier/);
    expectGraphError(await graph.patch(`${ROOT}/policies/6a1f4e2b-0000-4000-8000-000000000005`, { state: 'disabled' }), 404, 'Request_ResourceNotFound');
  });

  it('refuses callers without Policy.Read.All / Policy.ReadWrite.ConditionalAccess (403 in Graph’s envelope)', async () => {
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    expectGraphError(await daemon.get(`${ROOT}/policies`), 403, 'Authorization_RequestDenied', /Policy\.Read\.All, Policy\.ReadWrite\.ConditionalAccess/);
    expectGraphError(await daemon.post(`${ROOT}/policies`, mfaPolicy()), 403, 'Authorization_RequestDenied', /Policy\.ReadWrite\.ConditionalAccess/);
    expectGraphError(await graphCaller(entrada, undefined).get(`${ROOT}/namedLocations`), 401, 'InvalidAuthenticationToken');
  });
});

describe('/v1.0/identity/conditionalAccess/namedLocations', () => {
  const office = (overrides: Record<string, unknown> = {}) => ({
    '@odata.type': '#microsoft.graph.ipNamedLocation',
    displayName: 'Office',
    isTrusted: true,
    ipRanges: [
      { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' },
      { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/48' },
    ],
    ...overrides,
  });

  it('creates, reads, lists, patches, refuses to delete while trusted or used by a policy, then deletes', async () => {
    const created = await graph.post(`${ROOT}/namedLocations`, office());
    expect(created.status, created.body).toBe(201);
    const id = String(created.json.id);
    expect(created.json).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations/$entity',
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      id,
      displayName: 'Office',
      modifiedDateTime: null,
      createdDateTime: expect.any(String),
      isTrusted: true,
      ipRanges: office().ipRanges,
    });
    const list = await graph.get(`${ROOT}/namedLocations`);
    expect(list.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations');
    expect((list.json.value as Array<{ id: string }>).map((l) => l.id)).toContain(id);

    const policy = await graph.post(`${ROOT}/policies`, mfaPolicy({ displayName: 'MFA outside the office', state: 'disabled', conditions: { applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'] }, locations: { includeLocations: ['All'], excludeLocations: [id] } } }));
    expect(policy.status, policy.body).toBe(201);

    expectGraphError(await graph.delete(`${ROOT}/namedLocations/${id}`), 400, 'Request_BadRequest', /marked as trusted; set isTrusted to false/);
    expect((await graph.patch(`${ROOT}/namedLocations/${id}`, { '@odata.type': '#microsoft.graph.ipNamedLocation', isTrusted: false })).status).toBe(204);
    expect((await graph.get(`${ROOT}/namedLocations/${id}`)).json).toMatchObject({ isTrusted: false, ipRanges: office().ipRanges });
    expectGraphError(await graph.delete(`${ROOT}/namedLocations/${id}`), 400, 'Request_BadRequest', /used by the Conditional Access policy 'MFA outside the office'/);
    expect((await graph.delete(`${ROOT}/policies/${policy.json.id}`)).status).toBe(204);
    expect((await graph.delete(`${ROOT}/namedLocations/${id}`)).status).toBe(204);
    expect((await entrada.storage.directory.signInPolicy(TENANT)).namedLocations.map((l) => l.id)).not.toContain(id);
  });

  it.each([
    ['no @odata.type (namedLocation is abstract)', { '@odata.type': undefined }, /namedLocation is abstract/],
    ['a country location', { '@odata.type': '#microsoft.graph.countryNamedLocation' }, /@odata.type is #microsoft.graph.ipNamedLocation/],
    ['a malformed CIDR', { ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.300/24' }] }, /'203\.0\.113\.300\/24' is not a CIDR range/],
    ['an address without a mask', { ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.7' }] }, /is not a CIDR range/],
    ['a /8 mask', { ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.0.0.0/8' }] }, /masks longer than \/8/],
    ['an IPv6 range typed IPv4', { ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '2001:db8::/48' }] }, /IPv6 range in an iPv4CidrRange/],
    ['no ranges', { ipRanges: [] }, /at least one IP range/],
    ['a duplicate name', { displayName: 'Home' }, /same value for property displayName/],
  ])('refuses %s with Graph’s 400', async (what, overrides, message) => {
    if (what.startsWith('a duplicate')) expect((await graph.post(`${ROOT}/namedLocations`, office({ displayName: 'Home', isTrusted: false }))).status).toBe(201);
    const body = office(overrides);
    if (body['@odata.type'] === undefined) delete (body as Record<string, unknown>)['@odata.type'];
    expectGraphError(await graph.post(`${ROOT}/namedLocations`, body), 400, 'Request_BadRequest', message);
  });
});

describe('/v1.0/policies/identitySecurityDefaultsEnforcementPolicy', () => {
  const PATH = '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy';

  it('reads it, turns it on and off; it cannot be on with an enabled policy, nor a policy enabled while it is on', async () => {
    const got = await graph.get(PATH);
    expect(got.json).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity',
      id: '00000000-0000-0000-0000-000000000005',
      displayName: 'Security Defaults',
      isEnabled: false,
    });
    expect((await graph.patch(PATH, { isEnabled: true })).status).toBe(204);
    expect((await graph.get(PATH)).json.isEnabled).toBe(true);
    expect((await entrada.storage.directory.signInPolicy(TENANT)).securityDefaultsEnabled).toBe(true);
    expectGraphError(await graph.post(`${ROOT}/policies`, mfaPolicy({ displayName: 'While defaults are on' })), 400, 'Request_BadRequest', /security defaults cannot be on while a Conditional Access policy is enabled/);
    const disabled = await graph.post(`${ROOT}/policies`, mfaPolicy({ displayName: 'Disabled while defaults are on', state: 'disabled' }));
    expect(disabled.status).toBe(201);
    expectGraphError(await graph.patch(`${ROOT}/policies/${disabled.json.id}`, { state: 'enabled' }), 400, 'Request_BadRequest');

    expect((await graph.patch(PATH, { isEnabled: false })).status).toBe(204);
    expect((await graph.patch(`${ROOT}/policies/${disabled.json.id}`, { state: 'enabled' })).status).toBe(204);
    expectGraphError(await graph.patch(PATH, { isEnabled: true }), 400, 'Request_BadRequest', /Cannot enable security defaults/);
    expect((await graph.delete(`${ROOT}/policies/${disabled.json.id}`)).status).toBe(204);
  });

  it.each([
    ['a non-boolean', { isEnabled: 'yes' }, /isEnabled: must be true or false/],
    ['a read-only description', { isEnabled: true, description: 'mine' }, /read-only/],
    ['an unknown property', { isEnabled: true, colour: 'blue' }, /colour/],
  ])('refuses %s with a 400', async (_what, body, message) => {
    const r = await graph.patch(PATH, body);
    expect(r.status, r.body).toBe(400);
    expect(graphError(r).message).toMatch(message);
  });
});
