// The storage contract for the directory as Graph manages it (issue 11; migrations 0009 and 0010):
// DirectoryStore's look-ups by object id, deletes with their cascades, groups with members and
// owners, directory roles, the audit log, refresh token revocation, the seed's fingerprints, and
// DirectoryAdmin.transact (rollback; serialised read-modify-write). storageContract calls it, so
// SQLite and PostgreSQL run the same cases, through the ports only.
//
// Stored GUIDs are lower-case (the seed and Graph write them so); look-ups by object id accept any
// case. Assignment and grant ids are matched exactly: the Graph layer lower-cases them first.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Application, DirectoryAudit, DirectoryRelation, Group, Guid } from '../../src/core/model.js';
import type { DirectoryStore } from '../../src/core/ports.js';
import type { Storage } from '../../src/storage/open.js';
import type { ContractBackend } from './contract.js';
import * as make from './fixtures.js';
import { signInPolicyContract } from './sign-in-policy-contract.js';
import { groupClaimsContract } from './group-claims-contract.js';

function group(tenantId: Guid, overrides: Partial<Group> = {}): Group {
  return {
    id: randomUUID(),
    tenantId,
    displayName: 'Finance',
    description: 'Finance team',
    mailNickname: 'finance',
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    createdDateTime: '2026-03-01T10:00:00Z',
    ...overrides,
  };
}

function audit(tenantId: Guid, overrides: Partial<DirectoryAudit> = {}): DirectoryAudit {
  return {
    id: randomUUID(),
    tenantId,
    activityDateTime: '2026-03-01T10:00:00.000Z',
    activityDisplayName: 'Update application',
    category: 'ApplicationManagement',
    correlationId: randomUUID(),
    loggedByService: 'Core Directory',
    operationType: 'Update',
    result: 'success',
    resultReason: '',
    initiatedBy: {
      user: null,
      app: { appId: randomUUID(), displayName: 'Demo Automation', servicePrincipalId: randomUUID(), servicePrincipalName: 'Demo Automation' },
    },
    targetResources: [
      {
        id: randomUUID(),
        displayName: 'Todo API',
        type: 'Application',
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: [{ displayName: 'DisplayName', oldValue: '["Todo"]', newValue: '["Todo API"]' }],
      },
    ],
    additionalDetails: [{ key: 'User-Agent', value: 'vitest' }],
    ...overrides,
  };
}

const byId = <T extends { id: string }>(items: T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const relation = (objectId: Guid, relatedId: Guid, relatedType: DirectoryRelation['relatedType']): DirectoryRelation => ({ objectId, relatedId, relatedType });
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function directoryContract(backend: ContractBackend, current: () => Storage): void {
  const dir = () => current().directory;
  const admin = () => current().directoryAdmin;
  signInPolicyContract(current);
  groupClaimsContract(current);

  /** A tenant with a resource app (and its service principal), a client app, a user and a group. */
  const world = async () => {
    const tenantId = make.tenant().id;
    const app = make.application(tenantId, { displayName: 'Todo API', identifierUris: ['api://todo'] });
    const sp = make.servicePrincipal(app, tenantId);
    const clientApp = make.application(tenantId, { displayName: 'Todo Client' });
    const client = make.servicePrincipal(clientApp, tenantId);
    const user = make.user(tenantId);
    const other = make.user(tenantId, { userPrincipalName: 'Bob@contoso.entrada.localhost' });
    const team = group(tenantId);
    for (const a of [app, clientApp]) await dir().upsertApplication(a);
    for (const s of [sp, client]) await dir().upsertServicePrincipal(s);
    for (const u of [user, other]) await dir().upsertUser(u);
    await dir().upsertGroup(team);
    return { tenantId, app, sp, clientApp, client, user, other, team };
  };

  describe('directory (Graph): look-ups by object id', () => {
    it('gets an application by object id in any case, the whole document; not by appId', async () => {
      const { app } = await world();
      expect(await dir().getApplication(app.id)).toEqual(app);
      expect(await dir().getApplication(app.id.toUpperCase())).toEqual(app);
      expect(await dir().getApplication(app.appId)).toBeUndefined();
      expect(await dir().getApplication(randomUUID())).toBeUndefined();
    });

    it('gets a service principal by object id in any case; not by appId', async () => {
      const { sp } = await world();
      await dir().upsertServicePrincipal({ ...sp, tags: ['WindowsAzureActiveDirectoryIntegratedApp'] });
      const tagged = { ...sp, tags: ['WindowsAzureActiveDirectoryIntegratedApp'] };
      expect(await dir().getServicePrincipal(sp.id)).toEqual(tagged);
      expect(await dir().getServicePrincipal(sp.id.toUpperCase())).toEqual(tagged);
      expect(await dir().getServicePrincipal(sp.appId)).toBeUndefined();
      expect(await dir().getServicePrincipal(randomUUID())).toBeUndefined();
    });

    it("lists a tenant's service principals (managed identities too) by displayName, then id", async () => {
      const tenantId = make.tenant().id;
      const named = (displayName: string, overrides = {}) => make.servicePrincipal({ appId: randomUUID(), displayName }, tenantId, overrides);
      const [t1, t2] = byId([named('Todo'), named('Todo')]);
      const mi = named('Build agent', { servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=True', '/subscriptions/x'] });
      const api = named('Graph');
      for (const sp of [t2, api, t1, mi]) await dir().upsertServicePrincipal(sp);
      await dir().upsertServicePrincipal(make.servicePrincipal({ appId: randomUUID(), displayName: 'Elsewhere' }, make.tenant().id));

      expect(await dir().listServicePrincipals(tenantId)).toEqual([mi, api, t1, t2]);
      expect(await dir().listServicePrincipals(make.tenant().id)).toEqual([]);
    });

    it('lists app role assignments by principal (user, group, service principal) or by resource, ordered by id', async () => {
      const { sp, client, user, team } = await world();
      const otherResource = randomUUID();
      const ofUser = [make.assignment(user.id, sp.id, { principalType: 'User' }), make.assignment(user.id, otherResource, { principalType: 'User' })];
      const ofGroup = make.assignment(team.id, sp.id, { principalType: 'Group' });
      const ofClient = make.assignment(client.id, sp.id);
      for (const a of [...ofUser, ofGroup, ofClient]) await dir().upsertAppRoleAssignment(a);

      expect(await dir().listAppRoleAssignmentsBy({ principalId: user.id })).toEqual(byId(ofUser));
      expect(await dir().listAppRoleAssignmentsBy({ principalId: user.id.toUpperCase() })).toEqual(byId(ofUser));
      expect(await dir().listAppRoleAssignmentsBy({ principalId: team.id })).toEqual([ofGroup]);
      expect(await dir().listAppRoleAssignmentsBy({ resourceId: sp.id })).toEqual(byId([ofUser[0], ofGroup, ofClient]));
      expect(await dir().listAppRoleAssignmentsBy({ resourceId: sp.id.toUpperCase() })).toHaveLength(3);
      expect(await dir().listAppRoleAssignmentsBy({ resourceId: user.id })).toEqual([]);
    });

    it('gets an app role assignment and a permission grant by id; undefined when unknown', async () => {
      const { sp, client, user } = await world();
      const a = make.assignment(user.id, sp.id, { principalType: 'User' });
      const g = make.grant(client.id, sp.id, { consentType: 'Principal', principalId: user.id, scope: 'Tasks.Read' });
      await dir().upsertAppRoleAssignment(a);
      await dir().upsertPermissionGrant(g);
      expect(await dir().getAppRoleAssignment(a.id)).toEqual(a);
      expect(await dir().getPermissionGrant(g.id)).toEqual(g);
      expect(await dir().getAppRoleAssignment(g.id)).toBeUndefined();
      expect(await dir().getPermissionGrant(a.id)).toBeUndefined();
    });

    it("lists only the grants whose client service principal is in the tenant, ordered by id", async () => {
      const { tenantId, sp, client, user } = await world();
      const elsewhere = make.tenant().id;
      const foreignClient = make.servicePrincipal(make.application(elsewhere), elsewhere);
      await dir().upsertServicePrincipal(foreignClient);
      const foreignResource = randomUUID();
      const mine = [
        make.grant(client.id, sp.id),
        make.grant(client.id, sp.id, { consentType: 'Principal', principalId: user.id }),
        // The resource may live elsewhere (Microsoft Graph's service principal in another tenant).
        make.grant(client.id, foreignResource),
      ];
      const theirs = [
        make.grant(foreignClient.id, sp.id),
        // A client id that is no service principal at all belongs to no tenant.
        make.grant(randomUUID(), sp.id),
      ];
      for (const g of [...mine, ...theirs]) await dir().upsertPermissionGrant(g);

      expect(await dir().listTenantPermissionGrants(tenantId)).toEqual(byId(mine));
      expect(await dir().listTenantPermissionGrants(elsewhere)).toEqual([theirs[0]]);
      expect(await dir().listTenantPermissionGrants(make.tenant().id)).toEqual([]);
    });
  });

  describe('directory (Graph): deletes and their cascades', () => {
    it('deleteApplication: the application, its identifier URIs and its owners; false the second time', async () => {
      const { tenantId, app, sp, clientApp, user, other } = await world();
      await dir().upsertApplication({ ...clientApp, identifierUris: ['api://client'] });
      for (const owner of [user, other]) await dir().addRelation('owner', relation(app.id, owner.id, 'User'));
      await dir().addRelation('owner', relation(clientApp.id, user.id, 'User'));
      expect(await dir().findResource(tenantId, 'api://todo')).toEqual({ app, sp });

      expect(await dir().deleteApplication(app.id.toUpperCase())).toBe(true);
      expect(await dir().getApplication(app.id)).toBeUndefined();
      expect(await dir().getApplicationByAppId(app.appId)).toBeUndefined();
      expect(await dir().findResource(tenantId, 'api://todo')).toBeUndefined();
      expect(await dir().findResource(tenantId, app.appId)).toBeUndefined();
      expect(await dir().listRelations('owner', app.id)).toEqual([]);
      expect(await dir().listRelationsOf('owner', user.id)).toEqual([relation(clientApp.id, user.id, 'User')]);
      // Storage deletes the registration only; its service principal is the Graph layer's to delete.
      expect(await dir().getServicePrincipal(sp.id)).toEqual(sp);
      // The other application keeps its URI and owner.
      expect((await dir().findResource(tenantId, 'api://client'))?.app.id).toBe(clientApp.id);

      expect(await dir().deleteApplication(app.id)).toBe(false);
      // The URI is free again.
      const successor = make.application(tenantId, { identifierUris: ['api://todo'] });
      await dir().upsertApplication(successor);
      await dir().upsertServicePrincipal(make.servicePrincipal(successor, tenantId));
      expect((await dir().findResource(tenantId, 'API://todo/'))?.app).toEqual(successor);
    });

    it('deleteServicePrincipal: its assignments and grants on either side, and relations both ways', async () => {
      const { app, sp, client, user, other, team } = await world();
      const third = make.servicePrincipal(make.application(app.tenantId), app.tenantId);
      await dir().upsertServicePrincipal(third);
      const asPrincipal = make.assignment(sp.id, third.id);
      const asResource = [make.assignment(user.id, sp.id, { principalType: 'User' }), make.assignment(client.id, sp.id)];
      const unrelated = make.assignment(client.id, third.id);
      for (const a of [asPrincipal, ...asResource, unrelated]) await dir().upsertAppRoleAssignment(a);
      const asClient = make.grant(sp.id, third.id);
      const asGrantResource = make.grant(client.id, sp.id, { consentType: 'Principal', principalId: user.id });
      const keptGrant = make.grant(client.id, third.id);
      for (const g of [asClient, asGrantResource, keptGrant]) await dir().upsertPermissionGrant(g);
      await dir().addRelation('owner', relation(sp.id, user.id, 'User'));
      await dir().addRelation('member', relation(team.id, sp.id, 'ServicePrincipal'));
      await dir().addRelation('owner', relation(app.id, sp.id, 'ServicePrincipal'));
      await dir().addRelation('member', relation(team.id, other.id, 'User'));

      expect(await dir().deleteServicePrincipal(sp.id.toUpperCase())).toBe(true);
      expect(await dir().getServicePrincipal(sp.id)).toBeUndefined();
      // 'Todo API', 'Todo Client'.
      expect(await dir().listServicePrincipals(app.tenantId)).toEqual([third, client]);
      expect(await dir().listAppRoleAssignmentsBy({ principalId: sp.id })).toEqual([]);
      expect(await dir().listAppRoleAssignmentsBy({ resourceId: sp.id })).toEqual([]);
      for (const a of [asPrincipal, ...asResource]) expect(await dir().getAppRoleAssignment(a.id)).toBeUndefined();
      expect(await dir().getAppRoleAssignment(unrelated.id)).toEqual(unrelated);
      expect(await dir().getPermissionGrant(asClient.id)).toBeUndefined();
      expect(await dir().getPermissionGrant(asGrantResource.id)).toBeUndefined();
      expect(await dir().listTenantPermissionGrants(app.tenantId)).toEqual([keptGrant]);
      expect(await dir().listRelations('owner', sp.id)).toEqual([]);
      expect(await dir().listRelationsOf('member', sp.id)).toEqual([]);
      expect(await dir().listRelationsOf('owner', sp.id)).toEqual([]);
      expect(await dir().listRelations('member', team.id)).toEqual([relation(team.id, other.id, 'User')]);
      // The application stays (deleting a service principal never deletes its registration).
      expect(await dir().getApplication(app.id)).toEqual(app);

      expect(await dir().deleteServicePrincipal(sp.id)).toBe(false);
    });

    it('deleteUser: its assignments, Principal grants, memberships, ownerships and directory roles', async () => {
      const { tenantId, app, sp, client, user, other, team } = await world();
      const role = randomUUID();
      const mine = make.assignment(user.id, sp.id, { principalType: 'User' });
      const theirs = make.assignment(other.id, sp.id, { principalType: 'User' });
      for (const a of [mine, theirs]) await dir().upsertAppRoleAssignment(a);
      const consent = make.grant(client.id, sp.id, { consentType: 'Principal', principalId: user.id });
      const otherConsent = make.grant(client.id, sp.id, { consentType: 'Principal', principalId: other.id });
      const tenantWide = make.grant(client.id, sp.id);
      for (const g of [consent, otherConsent, tenantWide]) await dir().upsertPermissionGrant(g);
      await dir().addRelation('member', relation(team.id, user.id, 'User'));
      await dir().addRelation('member', relation(team.id, other.id, 'User'));
      await dir().addRelation('owner', relation(app.id, user.id, 'User'));
      await dir().addRelation('owner', relation(team.id, user.id, 'User'));
      await dir().setDirectoryRole(tenantId, role, user.id, true);
      await dir().setDirectoryRole(tenantId, role, other.id, true);

      expect(await dir().deleteUser(user.id.toUpperCase())).toBe(true);
      expect(await dir().getUser(tenantId, user.id)).toBeUndefined();
      expect(await dir().findUserByUpn(tenantId, user.userPrincipalName)).toBeUndefined();
      expect(await dir().listUsers(tenantId)).toEqual([other]);
      expect(await dir().listAppRoleAssignmentsBy({ resourceId: sp.id })).toEqual([theirs]);
      expect(await dir().listTenantPermissionGrants(tenantId)).toEqual(byId([otherConsent, tenantWide]));
      expect(await dir().listRelations('member', team.id)).toEqual([relation(team.id, other.id, 'User')]);
      expect(await dir().listRelations('owner', app.id)).toEqual([]);
      expect(await dir().listRelations('owner', team.id)).toEqual([]);
      expect(await dir().listRelationsOf('member', user.id)).toEqual([]);
      expect(await dir().listDirectoryRoles(tenantId, user.id)).toEqual([]);
      expect(await dir().listDirectoryRoles(tenantId, other.id)).toEqual([role]);
      // The objects it was related to stay.
      expect(await dir().getGroup(team.id)).toEqual(team);
      expect(await dir().getApplication(app.id)).toEqual(app);

      expect(await dir().deleteUser(user.id)).toBe(false);
    });

    it('deleteGroup: its assignments, members, owners and memberships of other groups', async () => {
      const { tenantId, sp, user, other, team } = await world();
      const parent = group(tenantId, { displayName: 'All staff', mailNickname: 'all' });
      await dir().upsertGroup(parent);
      const ofGroup = make.assignment(team.id, sp.id, { principalType: 'Group' });
      const ofUser = make.assignment(user.id, sp.id, { principalType: 'User' });
      for (const a of [ofGroup, ofUser]) await dir().upsertAppRoleAssignment(a);
      await dir().addRelation('member', relation(team.id, user.id, 'User'));
      await dir().addRelation('owner', relation(team.id, other.id, 'User'));
      await dir().addRelation('member', relation(parent.id, team.id, 'Group'));
      await dir().addRelation('member', relation(parent.id, other.id, 'User'));

      expect(await dir().deleteGroup(team.id.toUpperCase())).toBe(true);
      expect(await dir().getGroup(team.id)).toBeUndefined();
      expect(await dir().listGroups(tenantId)).toEqual([parent]);
      expect(await dir().listAppRoleAssignmentsBy({ resourceId: sp.id })).toEqual([ofUser]);
      expect(await dir().listRelations('member', team.id)).toEqual([]);
      expect(await dir().listRelations('owner', team.id)).toEqual([]);
      expect(await dir().listRelations('member', parent.id)).toEqual([relation(parent.id, other.id, 'User')]);
      expect(await dir().listRelationsOf('member', user.id)).toEqual([]);
      // Members are not deleted with their group.
      expect(await dir().getUser(tenantId, user.id)).toEqual(user);

      expect(await dir().deleteGroup(team.id)).toBe(false);
    });

    it('deleteAppRoleAssignment and deletePermissionGrant: true once, then false', async () => {
      const { sp, client } = await world();
      const a = make.assignment(client.id, sp.id);
      const g = make.grant(client.id, sp.id);
      await dir().upsertAppRoleAssignment(a);
      await dir().upsertPermissionGrant(g);
      expect(await dir().deleteAppRoleAssignment(a.id)).toBe(true);
      expect(await dir().deleteAppRoleAssignment(a.id)).toBe(false);
      expect(await dir().deletePermissionGrant(g.id)).toBe(true);
      expect(await dir().deletePermissionGrant(g.id)).toBe(false);
      expect(await dir().getAppRoleAssignment(a.id)).toBeUndefined();
      expect(await dir().getPermissionGrant(g.id)).toBeUndefined();
    });
  });

  describe('directory (Graph): groups, members and owners', () => {
    it("upserts, gets in any case and lists a tenant's groups by displayName, then id", async () => {
      const tenantId = make.tenant().id;
      const [f1, f2] = byId([group(tenantId), group(tenantId)]);
      const admins = group(tenantId, { displayName: 'Admins', description: null, groupTypes: ['Unified'], mailEnabled: true });
      for (const g of [f2, admins, f1]) await dir().upsertGroup(g);
      await dir().upsertGroup(group(make.tenant().id, { displayName: 'Elsewhere' }));

      expect(await dir().getGroup(admins.id.toUpperCase())).toEqual(admins);
      expect(await dir().getGroup(randomUUID())).toBeUndefined();
      expect(await dir().listGroups(tenantId)).toEqual([admins, f1, f2]);

      const renamed = { ...f1, displayName: 'Treasury', description: 'Renamed' };
      await dir().upsertGroup(renamed);
      expect(await dir().getGroup(f1.id)).toEqual(renamed);
      expect(await dir().listGroups(tenantId)).toEqual([admins, f2, renamed]);
    });

    it('addRelation is false when the relation exists (in any case); kinds are separate; removeRelation once', async () => {
      const { app, user, other, team, sp } = await world();
      const [m1, m2] = [relation(team.id, user.id, 'User'), relation(team.id, other.id, 'User')];
      const nested = group(app.tenantId, { displayName: 'Nested' });
      await dir().upsertGroup(nested);
      const m3 = relation(team.id, nested.id, 'Group');
      const m4 = relation(team.id, sp.id, 'ServicePrincipal');
      for (const r of [m2, m1, m3, m4]) expect(await dir().addRelation('member', r)).toBe(true);
      expect(await dir().addRelation('member', m1)).toBe(false);
      expect(await dir().addRelation('member', relation(team.id.toUpperCase(), user.id.toUpperCase(), 'User'))).toBe(false);
      // The same pair as owner is another relation.
      expect(await dir().addRelation('owner', relation(team.id, user.id, 'User'))).toBe(true);
      expect(await dir().addRelation('owner', relation(app.id, user.id, 'User'))).toBe(true);

      expect(await dir().listRelations('member', team.id.toUpperCase())).toEqual([m1, m2, m3, m4].sort((a, b) => (a.relatedId < b.relatedId ? -1 : 1)));
      expect(await dir().listRelations('owner', team.id)).toEqual([relation(team.id, user.id, 'User')]);
      expect(await dir().listRelationsOf('owner', user.id)).toEqual(
        [relation(team.id, user.id, 'User'), relation(app.id, user.id, 'User')].sort((a, b) => (a.objectId < b.objectId ? -1 : 1)),
      );
      expect(await dir().listRelationsOf('member', nested.id.toUpperCase())).toEqual([m3]);
      expect(await dir().listRelations('member', randomUUID())).toEqual([]);

      expect(await dir().removeRelation('member', team.id.toUpperCase(), user.id)).toBe(true);
      expect(await dir().removeRelation('member', team.id, user.id)).toBe(false);
      expect(await dir().listRelationsOf('member', user.id)).toEqual([]);
      // The owner relation of the same pair is untouched.
      expect(await dir().listRelations('owner', team.id)).toEqual([relation(team.id, user.id, 'User')]);
    });

    it('stores relation ids lower-case whatever case they were added in', async () => {
      const { team, user } = await world();
      await dir().addRelation('member', relation(team.id.toUpperCase(), user.id.toUpperCase(), 'User'));
      expect(await dir().listRelations('member', team.id)).toEqual([relation(team.id, user.id, 'User')]);
    });
  });

  describe('directory (Graph): directory roles', () => {
    it('setDirectoryRole on and off is idempotent; roles are sorted, per tenant and per principal', async () => {
      const [tenantId, elsewhere, principal, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const [r1, r2] = [randomUUID(), randomUUID()].sort();
      await dir().setDirectoryRole(tenantId, r2, principal, true);
      await dir().setDirectoryRole(tenantId, r1, principal, true);
      await dir().setDirectoryRole(tenantId, r1, principal.toUpperCase(), true);
      await dir().setDirectoryRole(elsewhere, r2, principal, true);
      await dir().setDirectoryRole(tenantId, r1, other, true);

      expect(await dir().listDirectoryRoles(tenantId, principal)).toEqual([r1, r2]);
      expect(await dir().listDirectoryRoles(tenantId.toUpperCase(), principal.toUpperCase())).toEqual([r1, r2]);
      expect(await dir().listDirectoryRoles(elsewhere, principal)).toEqual([r2]);
      expect(await dir().listDirectoryRoles(elsewhere, other)).toEqual([]);

      await dir().setDirectoryRole(tenantId, r2.toUpperCase(), principal, false);
      await dir().setDirectoryRole(tenantId, r2, principal, false);
      expect(await dir().listDirectoryRoles(tenantId, principal)).toEqual([r1]);
      expect(await dir().listDirectoryRoles(elsewhere, principal)).toEqual([r2]);
      expect(await dir().listDirectoryRoles(tenantId, other)).toEqual([r1]);
    });
  });

  describe('directory (Graph): audit log', () => {
    it('lists a tenant\'s entries newest first, by time rather than text ("…09Z" before "…09.5Z"), whole documents', async () => {
      const tenantId = randomUUID();
      const at09 = audit(tenantId, { activityDateTime: '2026-03-01T10:00:09Z' });
      const at095 = audit(tenantId, { activityDateTime: '2026-03-01T10:00:09.5Z' });
      // 10:00:10 UTC, written with an offset.
      const at10 = audit(tenantId, { activityDateTime: '2026-03-01T11:00:10+01:00' });
      for (const a of [at095, at10, at09]) await dir().appendAudit(a);
      await dir().appendAudit(audit(randomUUID()));

      // Documents come back as appended (the column holds the canonical instant for ordering).
      expect(await admin().listAudits({ tenantId, limit: 10 })).toEqual([at10, at095, at09]);
      expect(await admin().listAudits({ tenantId: tenantId.toUpperCase(), limit: 2 })).toEqual([at10, at095]);
      expect(await admin().listAudits({ tenantId: randomUUID(), limit: 10 })).toEqual([]);
    });

    it('pages with `before`: entries at one instant are told apart by id, none repeated or skipped', async () => {
      const tenantId = randomUUID();
      const same = Array.from({ length: 5 }, () => audit(tenantId, { activityDateTime: '2026-03-01T10:00:00.000Z' }));
      const older = audit(tenantId, { activityDateTime: '2026-03-01T09:59:59.999Z' });
      for (const a of [...same, older]) await dir().appendAudit(a);
      const expected = [...byId(same).reverse(), older];

      const seen: DirectoryAudit[] = [];
      let before: { activityDateTime: string; id: string } | undefined;
      for (;;) {
        const page = await admin().listAudits({ tenantId, before, limit: 2 });
        if (page.length === 0) break;
        seen.push(...page);
        const last = page[page.length - 1];
        before = { activityDateTime: last.activityDateTime, id: last.id };
      }
      expect(seen).toEqual(expected);
      // `before` in another form of the same instant.
      expect(await admin().listAudits({ tenantId, before: { activityDateTime: '2026-03-01T10:00:00Z', id: expected[1].id }, limit: 10 })).toEqual(expected.slice(2));
    });

    it('refuses a second entry with the same id and keeps the first', async () => {
      const tenantId = randomUUID();
      const first = audit(tenantId);
      await dir().appendAudit(first);
      await expect(dir().appendAudit({ ...first, activityDisplayName: 'Delete application' })).rejects.toThrow();
      expect(await admin().listAudits({ tenantId, limit: 10 })).toEqual([first]);
    });

    it('deleteAuditsBefore deletes entries strictly older, by time, in every tenant, and counts them', async () => {
      const [t1, t2] = [randomUUID(), randomUUID()];
      const at09 = audit(t1, { activityDateTime: '2026-03-01T10:00:09Z' });
      const at095 = audit(t1, { activityDateTime: '2026-03-01T10:00:09.5Z' });
      const at10 = audit(t1, { activityDateTime: '2026-03-01T10:00:10Z' });
      const elsewhere = audit(t2, { activityDateTime: '2026-03-01T10:00:08.999Z' });
      for (const a of [at09, at095, at10, elsewhere]) await dir().appendAudit(a);

      // Text order would keep "…09Z" (after "…09.5Z" as text); time order deletes it.
      expect(await admin().deleteAuditsBefore('2026-03-01T10:00:09.5Z')).toBe(2);
      expect(await admin().listAudits({ tenantId: t1, limit: 10 })).toEqual([at10, at095]);
      expect(await admin().listAudits({ tenantId: t2, limit: 10 })).toEqual([]);
      expect(await admin().deleteAuditsBefore('2026-03-01T10:00:09.5Z')).toBe(0);
      expect(await admin().deleteAuditsBefore('2026-03-01T11:00:10.001+01:00')).toBe(2);
      expect(await admin().listAudits({ tenantId: t1, limit: 10 })).toEqual([]);
    });
  });

  describe('directory (Graph): refresh tokens of a user', () => {
    it('revokeUserRefreshTokens revokes only that user\'s unrevoked tokens, keeps earlier revocations, and counts', async () => {
      const [userId, otherId] = [randomUUID(), randomUUID()];
      const live = [make.refreshToken({ userId }), make.refreshToken({ userId })];
      const earlier = make.refreshToken({ userId, revokedAt: '2026-03-01T11:00:00.000Z' });
      const others = make.refreshToken({ userId: otherId });
      for (const rt of [...live, earlier, others]) await current().refreshTokens.insert(rt);

      expect(await dir().revokeUserRefreshTokens(userId.toUpperCase(), '2026-03-02T10:00:00Z')).toBe(2);
      for (const rt of live) expect(await current().refreshTokens.findByHash(rt.tokenHash)).toEqual({ ...rt, revokedAt: '2026-03-02T10:00:00.000Z' });
      expect(await current().refreshTokens.findByHash(earlier.tokenHash)).toEqual(earlier);
      expect(await current().refreshTokens.findByHash(others.tokenHash)).toEqual(others);
      expect(await dir().revokeUserRefreshTokens(userId, '2026-03-03T10:00:00Z')).toBe(0);
      expect(await dir().revokeUserRefreshTokens(randomUUID(), '2026-03-03T10:00:00Z')).toBe(0);
    });
  });

  describe('directory (Graph): sign-in sessions of a user', () => {
    it("endUserSessions deletes only that user's sessions (any case of the id) and counts them", async () => {
      const [userId, otherId] = [randomUUID(), randomUUID()];
      const mine = [make.signInSession({ userId }), make.signInSession({ userId, tenantId: randomUUID() })];
      const theirs = make.signInSession({ userId: otherId });
      for (const session of [...mine, theirs]) await current().sessions.create(session);
      const now = '2026-03-01T12:00:00.000Z';

      expect(await dir().endUserSessions(userId.toUpperCase())).toBe(2);
      for (const session of mine) expect(await current().sessions.find(session.sessionHash, now)).toBeUndefined();
      expect(await current().sessions.find(theirs.sessionHash, now)).toEqual(theirs);
      expect(await dir().endUserSessions(userId)).toBe(0);
    });
  });

  describe('directory (Graph): seed fingerprints', () => {
    it('recordSeeded upserts per kind and id (ids lower-case); seededFingerprints lists one kind', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      expect(await admin().seededFingerprints('application')).toEqual(new Map());
      await admin().recordSeeded('application', a.toUpperCase(), 'sha-1');
      await admin().recordSeeded('application', b, 'sha-2');
      await admin().recordSeeded('user', a, 'sha-user');
      await admin().recordSeeded('application', a, 'sha-3');

      expect(await admin().seededFingerprints('application')).toEqual(new Map([[a, 'sha-3'], [b, 'sha-2']]));
      expect(await admin().seededFingerprints('user')).toEqual(new Map([[a, 'sha-user']]));
      expect(await admin().seededFingerprints('group')).toEqual(new Map());
    });
  });

  describe('directory (Graph): transactions', () => {
    it('a failing work rolls everything back: nothing written, no audit; the next transaction runs', async () => {
      const { tenantId, app, sp, user } = await world();
      const rt = make.refreshToken({ userId: user.id, tenantId });
      await current().refreshTokens.insert(rt);
      const session = make.signInSession({ userId: user.id, tenantId });
      await current().sessions.create(session);
      const newGroup = group(tenantId);
      const entry = audit(tenantId);
      const failure = new Error('work failed');

      await expect(
        admin().transact(async (tx) => {
          await tx.upsertGroup(newGroup);
          await tx.addRelation('member', relation(newGroup.id, user.id, 'User'));
          await tx.setDirectoryRole(tenantId, randomUUID(), user.id, true);
          await tx.upsertApplication({ ...app, displayName: 'Renamed', identifierUris: ['api://renamed'] });
          await tx.upsertAppRoleAssignment(make.assignment(user.id, sp.id, { principalType: 'User' }));
          expect(await tx.revokeUserRefreshTokens(user.id, '2026-03-02T10:00:00Z')).toBe(1);
          expect(await tx.endUserSessions(user.id)).toBe(1);
          expect(await tx.deleteServicePrincipal(sp.id)).toBe(true);
          await tx.appendAudit(entry);
          // The transaction sees its own writes.
          expect(await tx.getGroup(newGroup.id)).toEqual(newGroup);
          expect(await tx.getServicePrincipal(sp.id)).toBeUndefined();
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await dir().getGroup(newGroup.id)).toBeUndefined();
      expect(await dir().listRelationsOf('member', user.id)).toEqual([]);
      expect(await dir().listDirectoryRoles(tenantId, user.id)).toEqual([]);
      expect(await dir().getApplication(app.id)).toEqual(app);
      expect(await dir().findResource(tenantId, 'api://renamed')).toBeUndefined();
      expect(await dir().findResource(tenantId, 'api://todo')).toEqual({ app, sp });
      expect(await dir().listAppRoleAssignmentsBy({ principalId: user.id })).toEqual([]);
      expect(await current().refreshTokens.findByHash(rt.tokenHash)).toEqual(rt);
      expect(await current().sessions.find(session.sessionHash, '2026-03-01T12:00:00.000Z')).toEqual(session);
      expect(await admin().listAudits({ tenantId, limit: 10 })).toEqual([]);

      const result = await admin().transact(async (tx) => {
        await tx.upsertGroup(newGroup);
        await tx.appendAudit(entry);
        return 'committed';
      });
      expect(result).toBe('committed');
      expect(await dir().getGroup(newGroup.id)).toEqual(newGroup);
      expect(await admin().listAudits({ tenantId, limit: 10 })).toEqual([entry]);
    });

    /** Reads the application, waits, writes it back with one more redirect URI. */
    const appendRedirect = (appId: Guid, uri: string) =>
      async (tx: DirectoryStore) => {
        const stored = (await tx.getApplication(appId)) as Application;
        // Without serialisation every writer would read the same document and all but one URI be lost.
        await delay(5);
        await tx.upsertApplication({ ...stored, web: { ...stored.web, redirectUris: [...stored.web.redirectUris, uri] } });
        await tx.appendAudit(audit(stored.tenantId));
      };

    it('concurrent read-modify-write transactions on one application all land', async () => {
      const tenantId = make.tenant().id;
      const app = make.application(tenantId, { web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } } });
      await dir().upsertApplication(app);
      const uris = Array.from({ length: 10 }, (_, i) => `https://app.example/cb/${i}`);

      await Promise.all(uris.map((uri) => admin().transact(appendRedirect(app.id, uri))));

      const stored = await dir().getApplication(app.id);
      expect([...(stored?.web.redirectUris ?? [])].sort()).toEqual([...uris].sort());
      expect(await admin().listAudits({ tenantId, limit: 20 })).toHaveLength(10);
    });

    it('two nodes: concurrent read-modify-write transactions on one application all land (PostgreSQL advisory lock)', async () => {
      // SQLite nodes in one process cannot overlap transactions (better-sqlite3 waits for the write
      // lock synchronously, blocking the thread that holds it); there one node serialises its own
      // transactions (the test above), and processes take turns on the file's lock.
      if (current().dialect !== 'postgres') return;
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all([db.open(), db.open()])));
        const tenantId = make.tenant().id;
        const app = make.application(tenantId, { web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } } });
        await nodes[0].directory.upsertApplication(app);
        const uris = Array.from({ length: 10 }, (_, i) => `https://app.example/cb/${i}`);

        await Promise.all(uris.map((uri, i) => nodes[i % 2].directoryAdmin.transact(appendRedirect(app.id, uri))));

        const stored = await nodes[1].directory.getApplication(app.id);
        expect([...(stored?.web.redirectUris ?? [])].sort()).toEqual([...uris].sort());
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });
  });

  describe('directory (Graph): NUL characters and long values', () => {
    it('keeps long values whole: a 100 000-character description and audit value, a 256-character name', async () => {
      const tenantId = randomUUID();
      const long = 'é'.repeat(100_000);
      const g = group(tenantId, { displayName: 'N'.repeat(256), description: long });
      await dir().upsertGroup(g);
      expect(await dir().getGroup(g.id)).toEqual(g);
      const entry = audit(tenantId);
      entry.targetResources[0].modifiedProperties = [{ displayName: 'Description', oldValue: null, newValue: long }];
      await dir().appendAudit(entry);
      expect(await admin().listAudits({ tenantId, limit: 1 })).toEqual([entry]);
    });

    it('keeps NUL inside the JSON documents (escaped as \\u0000) on every database', async () => {
      const tenantId = randomUUID();
      const g = group(tenantId, { description: 'a\u0000b' });
      await dir().upsertGroup(g);
      expect(await dir().getGroup(g.id)).toEqual(g);
      const entry = audit(tenantId, { activityDisplayName: 'Update\u0000application' });
      await dir().appendAudit(entry);
      expect(await admin().listAudits({ tenantId, limit: 1 })).toEqual([entry]);
    });

    // PostgreSQL text cannot hold NUL: a NUL in a column of its own (a display name) is refused,
    // and so is a look-up by a key with NUL. The Graph layer refuses NUL before storage; SQLite
    // stores it as it is.
    it('a NUL in a column of its own: SQLite stores it, PostgreSQL refuses the write and stores nothing', async () => {
      const tenantId = randomUUID();
      const g = group(tenantId, { displayName: 'Fin\u0000ance' });
      if (current().dialect === 'postgres') {
        await expect(dir().upsertGroup(g)).rejects.toThrow();
        expect(await dir().listGroups(tenantId)).toEqual([]);
        await expect(dir().getGroup('\u0000')).rejects.toThrow();
      } else {
        await dir().upsertGroup(g);
        expect(await dir().getGroup(g.id)).toEqual(g);
        expect(await dir().getGroup('\u0000')).toBeUndefined();
      }
    });
  });
}
