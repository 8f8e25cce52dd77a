// Graph's /v1.0/groups (issue 11): security and Microsoft 365 groups, members and owners by $ref
// and @odata.bind, memberOf; owners manage their group with a delegated token; Graph's errors;
// the audit log.

import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, AUTOMATION, BOB, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;
let aliceId: string;
let bobId: string;
let daemonSpId: string;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  aliceId = String((await graph.get(`/v1.0/users/${ALICE.upn}`)).json.id);
  bobId = String((await graph.get(`/v1.0/users/${BOB.upn}`)).json.id);
  const sps = await graph.get(`/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${DAEMON.id}'`)}`);
  daemonSpId = String((sps.json.value as Array<{ id: string }>)[0].id);
});

async function userGraphToken(user: { upn: string; password: string }, scope = 'https://graph.microsoft.com/Group.ReadWrite.All'): Promise<string> {
  const r = await tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: CLI_ID, username: user.upn, password: user.password, scope });
  if (r.status !== 200) throw new Error(r.description);
  return String(r.json.access_token);
}

/** What `az ad group create` sends (graph-and-clients.md §A.6). */
const securityGroup = (name: string, extra: Record<string, unknown> = {}) => ({ displayName: name, mailNickname: name.replace(/\W/g, ''), mailEnabled: false, securityEnabled: true, ...extra });
const ref = (id: string, host = 'https://graph.microsoft.com', collection = 'directoryObjects') => ({ '@odata.id': `${host}/v1.0/${collection}/${id}` });
const ids = (r: { json: Record<string, unknown> }) => (r.json.value as Array<{ id: string }>).map((o) => o.id).sort();

describe('/v1.0/groups', () => {
  it('creates a security group (201), finds it as az does, patches and deletes it', async () => {
    const created = await graph.post('/v1.0/groups', securityGroup('Engineers', { description: 'People who build' }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups/$entity',
      displayName: 'Engineers',
      mailNickname: 'Engineers',
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      description: 'People who build',
    });
    const id = String(created.json.id);
    expect(created.headers.location).toBe(`https://localhost:8443/v1.0/groups/${id}`);
    const azLookup = await graph.get(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Engineers' and mailNickname eq 'Engineers'")}`);
    expect(ids(azLookup)).toEqual([id]);
    expect(ids(await graph.get(`/v1.0/groups?$filter=${encodeURIComponent("startswith(displayName,'engin')")}`))).toEqual([id]);
    expect(ids(await graph.get(`/v1.0/groups?$filter=${encodeURIComponent(`id eq '${id}' and securityEnabled eq true`)}`))).toEqual([id]);

    // GET-modify-PATCH: read-only properties sent back unchanged are no change.
    const shown = (await graph.get(`/v1.0/groups/${id}`)).json;
    const { '@odata.context': _context, ...roundTrip } = shown;
    expect((await graph.patch(`/v1.0/groups/${id}`, { ...roundTrip, displayName: 'Engineering', description: null })).status).toBe(204);
    expect((await graph.get(`/v1.0/groups/${id}?$select=displayName,description`)).json).toMatchObject({ displayName: 'Engineering', description: null });
    const locked = await graph.patch(`/v1.0/groups/${id}`, { mailEnabled: true });
    expect(graphError(locked).message).toMatch(/^Invalid property 'mailEnabled'\. It cannot be changed/);

    expect((await graph.delete(`/v1.0/groups/${id}`)).status).toBe(204);
    expect((await graph.get(`/v1.0/groups/${id}`)).status).toBe(404);
  });

  it('adds members by $ref (any host, directoryObjects/users/servicePrincipals forms), lists them, memberOf, removes them', async () => {
    const group = await graph.post('/v1.0/groups', securityGroup('Members Club'));
    const gid = String(group.json.id);
    const inner = await graph.post('/v1.0/groups', securityGroup('Inner Circle'));
    const add = (body: unknown) => graph.post(`/v1.0/groups/${gid}/members/$ref`, body);
    expect((await add(ref(aliceId))).status).toBe(204);
    expect((await add(ref(bobId, 'https://localhost:8443', 'users'))).status).toBe(204);
    expect((await add(ref(daemonSpId, 'https://graph.microsoft.com', 'servicePrincipals'))).status).toBe(204);
    expect((await add(ref(String(inner.json.id), 'https://graph.microsoft.com', 'groups'))).status).toBe(204);

    const members = await graph.get(`/v1.0/groups/${gid}/members`);
    expect(members.status).toBe(200);
    expect(ids(members)).toEqual([aliceId, bobId, daemonSpId, String(inner.json.id)].sort());
    const types = Object.fromEntries((members.json.value as Array<{ id: string; '@odata.type': string }>).map((m) => [m.id, m['@odata.type']]));
    expect(types[aliceId]).toBe('#microsoft.graph.user');
    expect(types[daemonSpId]).toBe('#microsoft.graph.servicePrincipal');
    expect(types[String(inner.json.id)]).toBe('#microsoft.graph.group');

    const again = await add(ref(aliceId));
    expect([again.status, graphError(again)]).toEqual([
      400,
      { code: 'Request_BadRequest', message: "One or more added object references already exist for the following modified properties: 'members'." },
    ]);

    const memberOf = await graph.get(`/v1.0/users/${aliceId}/memberOf`);
    expect(memberOf.json.value).toContainEqual(expect.objectContaining({ '@odata.type': '#microsoft.graph.group', id: gid, displayName: 'Members Club' }));

    expect((await graph.delete(`/v1.0/groups/${gid}/members/${aliceId}/$ref`)).status).toBe(204);
    const notMember = await graph.delete(`/v1.0/groups/${gid}/members/${aliceId}/$ref`);
    expect([notMember.status, graphError(notMember).code]).toEqual([404, 'Request_ResourceNotFound']);
    expect(ids(await graph.get(`/v1.0/users/${aliceId}/memberOf`))).not.toContain(gid);

    // Deleting the group ends its memberships.
    await graph.delete(`/v1.0/groups/${gid}`);
    expect(ids(await graph.get(`/v1.0/users/${bobId}/memberOf`))).not.toContain(gid);
  });

  it('refuses bad references: unknown object 404, malformed @odata.id 400, a group in itself 400, extra properties 400', async () => {
    const gid = String((await graph.post('/v1.0/groups', securityGroup('Strict'))).json.id);
    const add = (body: unknown) => graph.post(`/v1.0/groups/${gid}/members/$ref`, body);
    const unknown = await add(ref('0f0f0f0f-0000-4000-8000-000000000000'));
    expect([unknown.status, graphError(unknown).code]).toEqual([404, 'Request_ResourceNotFound']);
    const malformed = await add({ '@odata.id': 'not a url' });
    expect([malformed.status, graphError(malformed).code]).toEqual([400, 'Request_BadRequest']);
    expect(graphError(malformed).message).toMatch(/@odata\.id/);
    const badId = await add(ref('not-a-guid'));
    expect(graphError(badId).message).toMatch(/^Invalid object identifier 'not-a-guid'/);
    const self = await add(ref(gid));
    expect([self.status, graphError(self).message]).toEqual([400, 'A group cannot be a member of itself.']);
    const extra = await add({ ...ref(aliceId), weight: 3 });
    expect(extra.status).toBe(400);
    expect((await graph.get(`/v1.0/groups/${gid}/members`)).json.value).toEqual([]);
  });

  it('owners: $ref add, list, duplicate, remove; only users and service principals', async () => {
    const gid = String((await graph.post('/v1.0/groups', securityGroup('Owned'))).json.id);
    expect((await graph.post(`/v1.0/groups/${gid}/owners/$ref`, ref(bobId))).status).toBe(204);
    expect(ids(await graph.get(`/v1.0/groups/${gid}/owners`))).toEqual([bobId]);
    const dup = await graph.post(`/v1.0/groups/${gid}/owners/$ref`, ref(bobId));
    expect(graphError(dup).message).toBe("One or more added object references already exist for the following modified properties: 'owners'.");
    const other = String((await graph.post('/v1.0/groups', securityGroup('Not An Owner'))).json.id);
    const groupOwner = await graph.post(`/v1.0/groups/${gid}/owners/$ref`, ref(other));
    expect(graphError(groupOwner).message).toMatch(/is invalid for the 'owners' reference/);
    expect((await graph.delete(`/v1.0/groups/${gid}/owners/${bobId}/$ref`)).status).toBe(204);
    expect((await graph.get(`/v1.0/groups/${gid}/owners`)).json.value).toEqual([]);
  });

  it('members@odata.bind and owners@odata.bind on create and PATCH (at most 20)', async () => {
    const created = await graph.post('/v1.0/groups', securityGroup('Bound', { 'members@odata.bind': [ref(aliceId)['@odata.id']], 'owners@odata.bind': [ref(bobId)['@odata.id']] }));
    expect(created.status).toBe(201);
    const gid = String(created.json.id);
    expect(ids(await graph.get(`/v1.0/groups/${gid}/members`))).toEqual([aliceId]);
    expect(ids(await graph.get(`/v1.0/groups/${gid}/owners`))).toEqual([bobId]);
    expect((await graph.patch(`/v1.0/groups/${gid}`, { 'members@odata.bind': [ref(bobId)['@odata.id']] })).status).toBe(204);
    expect(ids(await graph.get(`/v1.0/groups/${gid}/members`))).toEqual([aliceId, bobId].sort());
    const tooMany = await graph.patch(`/v1.0/groups/${gid}`, { 'members@odata.bind': Array.from({ length: 21 }, () => ref(aliceId)['@odata.id']) });
    expect(graphError(tooMany).message).toMatch(/At most 20 references/);
    // One bad reference: nothing of the request is written.
    const partial = await graph.patch(`/v1.0/groups/${gid}`, { displayName: 'Renamed?', 'members@odata.bind': [ref(daemonSpId)['@odata.id'], ref('0f0f0f0f-0000-4000-8000-000000000000')['@odata.id']] });
    expect(partial.status).toBe(404);
    expect((await graph.get(`/v1.0/groups/${gid}`)).json.displayName).toBe('Bound');
    expect(ids(await graph.get(`/v1.0/groups/${gid}/members`))).toEqual([aliceId, bobId].sort());
  });

  it('Microsoft 365 groups: mail-enabled, unique mailNickname, users only; mail-enabled security groups refused', async () => {
    const unified = await graph.post('/v1.0/groups', { displayName: 'Team Site', mailNickname: 'teamsite', mailEnabled: true, securityEnabled: false, groupTypes: ['Unified'] });
    expect(unified.status).toBe(201);
    const gid = String(unified.json.id);
    const sp = await graph.post(`/v1.0/groups/${gid}/members/$ref`, ref(daemonSpId));
    expect(graphError(sp).message).toMatch(/members of a Microsoft 365 group are users/);
    const dupNick = await graph.post('/v1.0/groups', { displayName: 'Team Site 2', mailNickname: 'TeamSite', mailEnabled: true, securityEnabled: false, groupTypes: ['Unified'] });
    expect(graphError(dupNick).message).toBe('Another object with the same value for property mailNickname already exists.');
    const mailSecurity = await graph.post('/v1.0/groups', securityGroup('Mail Security', { mailEnabled: true }));
    expect(graphError(mailSecurity).message).toMatch(/^Cannot Create a mail-enabled security groups and or distribution list\./);
  });

  it.each([
    ['a missing required property', { displayName: 'X', mailEnabled: false, securityEnabled: true }, /^Invalid value specified for property 'mailNickname' of resource 'Group'\..*required/],
    ['a displayName over 256 characters', securityGroup('g'.repeat(257)), /^Invalid value specified for property 'displayName' of resource 'Group'\..*at most 256/],
    ['a mailNickname with @', securityGroup('X', { mailNickname: 'a@b' }), /^Invalid value specified for property 'mailNickname' of resource 'Group'\..*'@'/],
    ['a mailNickname over 64 characters', securityGroup('X', { mailNickname: 'n'.repeat(65) }), /^Invalid value specified for property 'mailNickname'.*65 characters/],
    ['a non-ASCII mailNickname', securityGroup('X', { mailNickname: 'caf\u00e9' }), /only ASCII/],
    ['an unsupported groupTypes value', securityGroup('X', { groupTypes: ['DynamicMembership'] }), /^Invalid value specified for property 'groupTypes' of resource 'Group'\./],
    ['a wrong type', securityGroup('X', { securityEnabled: 'yes' }), /^Invalid value specified for property 'securityEnabled' of resource 'Group'\./],
    ['an unknown property', securityGroup('X', { visibility: 'Private' }), /^Invalid property 'visibility'\./],
    ['a malformed members@odata.bind', securityGroup('X', { 'members@odata.bind': ['nope'] }), /@odata\.id/],
  ])('refuses %s with Graph 400', async (_what, body, message) => {
    const r = await graph.post('/v1.0/groups', body);
    expect([r.status, graphError(r).code]).toEqual([400, 'Request_BadRequest']);
    expect(graphError(r).message).toMatch(message);
  });

  it('delegated: the admin creates a group and owns it; Alice may not create one, but as an owner may manage its members', async () => {
    const admin = graphCaller(entrada, await userGraphToken(ADMIN));
    const created = await admin.post('/v1.0/groups', securityGroup('Admin Made'));
    expect(created.status).toBe(201);
    const gid = String(created.json.id);
    expect(ids(await graph.get(`/v1.0/groups/${gid}/owners`))).toEqual([String((await graph.get(`/v1.0/users/${ADMIN.upn}`)).json.id)]);

    const alice = graphCaller(entrada, await userGraphToken(ALICE));
    const denied = await alice.post('/v1.0/groups', securityGroup('Alice Made'));
    expect([denied.status, graphError(denied).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(denied).message).toContain('Groups Administrator');
    expect((await alice.post(`/v1.0/groups/${gid}/members/$ref`, ref(bobId))).status).toBe(403);

    expect((await admin.post(`/v1.0/groups/${gid}/owners/$ref`, ref(aliceId))).status).toBe(204);
    expect((await alice.post(`/v1.0/groups/${gid}/members/$ref`, ref(bobId))).status).toBe(204);
    expect((await alice.patch(`/v1.0/groups/${gid}`, { description: 'Alice owns this' })).status).toBe(204);
  });

  it('DAEMON (no group permission) gets 403 on writes', async () => {
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    const r = await daemon.post('/v1.0/groups', securityGroup('Daemon Made'));
    expect([r.status, graphError(r).code]).toEqual([403, 'Authorization_RequestDenied']);
  });

  it('DAEMON gets 403 for an existing group, an unknown one and a malformed key alike: no enumeration', async () => {
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    const gid = String((await graph.post('/v1.0/groups', securityGroup('Hidden'))).json.id);
    for (const id of [gid, '0f0f0f0f-0000-4000-8000-00000000beef', 'not-a-guid']) {
      const replies = [
        await daemon.delete(`/v1.0/groups/${id}`),
        await daemon.patch(`/v1.0/groups/${id}`, { description: 'x' }),
        await daemon.post(`/v1.0/groups/${id}/members/$ref`, ref(aliceId)),
        await daemon.post(`/v1.0/groups/${id}/owners/$ref`, { '@odata.id': 'not a url' }),
        await daemon.delete(`/v1.0/groups/${id}/members/${aliceId}/$ref`),
      ];
      for (const r of replies) expect([r.status, graphError(r).code], id).toEqual([403, 'Authorization_RequestDenied']);
    }
    expect((await graph.get(`/v1.0/groups/${gid}`)).status).toBe(200);
  });

  it('malformed keys are 400 "Invalid object identifier" (as servicePrincipals, directoryObjects); unknown ones 404', async () => {
    for (const url of ['/v1.0/groups/not-a-guid', '/v1.0/groups/not-a-guid/members', '/v1.0/directoryObjects/not-a-guid']) {
      const r = await graph.get(url);
      expect([r.status, graphError(r)], url).toEqual([400, { code: 'Request_BadRequest', message: "Invalid object identifier 'not-a-guid'." }]);
    }
    expect((await graph.delete('/v1.0/groups/not-a-guid')).status).toBe(400);
    const gid = String((await graph.post('/v1.0/groups', securityGroup('Keyed'))).json.id);
    expect((await graph.delete(`/v1.0/groups/${gid}/members/not-a-guid/$ref`)).status).toBe(400);
    expect((await graph.delete(`/v1.0/groups/${gid}/members/${aliceId}/$ref`)).status).toBe(404);
    for (const url of ['/v1.0/groups/0f0f0f0f-0000-4000-8000-00000000beef', '/v1.0/directoryObjects/0f0f0f0f-0000-4000-8000-00000000beef']) {
      expect((await graph.get(url)).status, url).toBe(404);
    }
  });

  it('audits the group changes with the actor', async () => {
    const gid = String((await graph.post('/v1.0/groups', securityGroup('Audited'))).json.id);
    await graph.patch(`/v1.0/groups/${gid}`, { description: 'now described' });
    await graph.post(`/v1.0/groups/${gid}/members/$ref`, ref(aliceId));
    await graph.post(`/v1.0/groups/${gid}/owners/$ref`, ref(bobId));
    await graph.delete(`/v1.0/groups/${gid}/members/${aliceId}/$ref`);
    await graph.delete(`/v1.0/groups/${gid}`);
    type Entry = { activityDisplayName: string; category: string; initiatedBy: { app: { appId: string } | null }; targetResources: Array<{ id: string; type: string }> };
    const entries = ((await graph.get('/v1.0/auditLogs/directoryAudits?$top=999')).json.value as Entry[]).filter((e) => e.targetResources.some((t) => t.id === gid));
    expect(entries.map((e) => e.activityDisplayName).sort()).toEqual(
      ['Add group', 'Add member to group', 'Add owner to group', 'Delete group', 'Remove member from group', 'Update group'].sort(),
    );
    expect(entries.every((e) => e.category === 'GroupManagement' && e.initiatedBy.app?.appId === AUTOMATION.id)).toBe(true);
    const member = entries.find((e) => e.activityDisplayName === 'Add member to group')!;
    expect(member.targetResources.map((t) => [t.id, t.type])).toEqual([
      [aliceId, 'User'],
      [gid, 'Group'],
    ]);
  });
});
