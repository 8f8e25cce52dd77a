// The storage contract: what every backend must do, checked through the ports only. Each backend
// runs the same suite (storage.test.ts), so SQLite and PostgreSQL cannot drift apart.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceCodeRecord, SignInLogEntry } from '../../src/core/ports.js';
import type { LockoutBucket, LockoutState } from '../../src/core/policy/smart-lockout.js';
import type { Storage } from '../../src/storage/open.js';
import * as make from './fixtures.js';
import { directoryContract } from './directory-contract.js';

export interface ContractBackend {
  /** Opens a Storage on a new, empty database. */
  open(): Promise<Storage>;
  /** A new, empty database that several Storage instances open at once, like the nodes of one deployment. */
  shared(): Promise<SharedDatabase>;
}

export interface SharedDatabase {
  open(): Promise<Storage>;
  dispose(): Promise<void>;
}

export function storageContract(backend: ContractBackend): void {
  let storage: Storage;
  beforeEach(async () => {
    storage = await backend.open();
  });
  afterEach(async () => {
    await storage.close();
  });

  describe('tenants', () => {
    it('finds a tenant by GUID, in either case, and by any domain in any case', async () => {
      const t = make.tenant({ domains: ['contoso.entrada.localhost', 'Contoso.example'] });
      await storage.directory.upsertTenant(t);
      const upper = make.tenant({ id: make.tenant().id.toUpperCase(), domains: [] });
      await storage.directory.upsertTenant(upper);

      expect(await storage.directory.findTenant(t.id)).toEqual(t);
      expect(await storage.directory.findTenant(t.id.toUpperCase())).toEqual(t);
      expect(await storage.directory.findTenant(upper.id.toLowerCase())).toEqual(upper);
      expect(await storage.directory.findTenant('CONTOSO.entrada.localhost')).toEqual(t);
      expect(await storage.directory.findTenant('contoso.EXAMPLE')).toEqual(t);
    });

    it('returns undefined for an unknown GUID or domain', async () => {
      await storage.directory.upsertTenant(make.tenant());
      expect(await storage.directory.findTenant(make.tenant().id)).toBeUndefined();
      expect(await storage.directory.findTenant('fabrikam.example')).toBeUndefined();
    });

    it('upsert overwrites: new name and domains, old domains released', async () => {
      const t = make.tenant({ domains: ['old.example'] });
      await storage.directory.upsertTenant(t);
      const renamed = { ...t, displayName: 'Contoso Ltd', domains: ['new.example'] };
      await storage.directory.upsertTenant(renamed);

      expect(await storage.directory.listTenants()).toEqual([renamed]);
      expect(await storage.directory.findTenant('new.example')).toEqual(renamed);
      expect(await storage.directory.findTenant('old.example')).toBeUndefined();
      const other = make.tenant({ domains: ['old.example'] });
      await storage.directory.upsertTenant(other);
      expect(await storage.directory.findTenant('OLD.example')).toEqual(other);
    });

    it('refuses a domain that another tenant has', async () => {
      await storage.directory.upsertTenant(make.tenant({ domains: ['contoso.example'] }));
      await expect(storage.directory.upsertTenant(make.tenant({ domains: ['Contoso.Example'] }))).rejects.toThrow();
    });

    it('keeps federated identity providers (SAML bearer trust) through upsert and lookup', async () => {
      const idp = {
        issuerUri: 'http://adfs.contoso.example/adfs/services/trust',
        displayName: 'Contoso AD FS',
        signingCertificates: ['MIIBfake+cert/one==', 'MIIBfake+cert/two=='],
        domains: ['contoso.example'],
      };
      const t = make.tenant({ domains: ['contoso.example'], federatedIdentityProviders: [idp] });
      await storage.directory.upsertTenant(t);
      expect(await storage.directory.findTenant(t.id)).toEqual(t);
      expect(await storage.directory.findTenant('CONTOSO.example')).toEqual(t);

      const dropped = { ...t, federatedIdentityProviders: [] };
      await storage.directory.upsertTenant(dropped);
      expect(await storage.directory.listTenants()).toEqual([dropped]);
    });

    it('lists every tenant', async () => {
      const a = make.tenant({ displayName: 'A', domains: ['a.example'] });
      const b = make.tenant({ displayName: 'B', domains: ['b.example'] });
      await storage.directory.upsertTenant(b);
      await storage.directory.upsertTenant(a);
      expect(await storage.directory.listTenants()).toEqual([a, b]);
    });
  });

  describe('applications and service principals', () => {
    it('two nodes applying the same seed at once: every upsert succeeds, one row each', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 2 }, () => db.open()))));
        const t = make.tenant();
        const app = make.application(t.id);
        // PostgreSQL nodes race for real. SQLite connections of one process wait for each other's
        // write lock synchronously (better-sqlite3), so there the nodes take turns.
        const all = async (f: (node: Storage) => Promise<void>) => {
          if (nodes[0].dialect === 'postgres') await Promise.all(nodes.map(f));
          else for (const node of nodes) await f(node);
        };
        await all((node) => node.directory.upsertTenant(t));
        await all((node) => node.directory.upsertApplication(app));
        const sp = make.servicePrincipal(app, t.id);
        const user = make.user(t.id);
        await all((node) => node.directory.upsertServicePrincipal(sp));
        await all((node) => node.directory.upsertUser(user));
        expect((await nodes[0].directory.listApplications(t.id)).map((a) => a.appId)).toEqual([app.appId]);
        expect(await nodes[0].directory.listUsers(t.id)).toHaveLength(1);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });

    it('gets an application by appId, whole document, and undefined when unknown', async () => {
      const app = make.application(make.tenant().id, {
        identifierUris: ['api://todo'],
        isFallbackPublicClient: true,
      });
      await storage.directory.upsertApplication(app);

      expect(await storage.directory.getApplicationByAppId(app.appId)).toEqual(app);
      expect(await storage.directory.getApplicationByAppId(app.id)).toBeUndefined();
    });

    it('upsert overwrites the application (update, not duplicate)', async () => {
      const tenantId = make.tenant().id;
      const app = make.application(tenantId);
      await storage.directory.upsertApplication(app);
      const changed = { ...app, displayName: 'Todo API v2', web: { ...app.web, redirectUris: [] } };
      await storage.directory.upsertApplication(changed);

      expect(await storage.directory.getApplicationByAppId(app.appId)).toEqual(changed);
      expect(await storage.directory.listApplications(tenantId)).toEqual([changed]);
    });

    it('lists the applications of one tenant', async () => {
      const tenantId = make.tenant().id;
      const a = make.application(tenantId, { displayName: 'A' });
      const b = make.application(tenantId, { displayName: 'B' });
      await storage.directory.upsertApplication(b);
      await storage.directory.upsertApplication(a);
      await storage.directory.upsertApplication(make.application(make.tenant().id));
      expect(await storage.directory.listApplications(tenantId)).toEqual([a, b]);
    });

    it('finds a service principal by tenant and appId', async () => {
      const tenantId = make.tenant().id;
      const app = make.application(tenantId);
      const sp = make.servicePrincipal(app, tenantId, { accountEnabled: false, appRoleAssignmentRequired: true });
      await storage.directory.upsertServicePrincipal(sp);

      expect(await storage.directory.findServicePrincipalByAppId(tenantId, app.appId)).toEqual(sp);
      expect(await storage.directory.findServicePrincipalByAppId(make.tenant().id, app.appId)).toBeUndefined();
    });

    it('upsert overwrites the service principal', async () => {
      const tenantId = make.tenant().id;
      const sp = make.servicePrincipal(make.application(tenantId), tenantId);
      await storage.directory.upsertServicePrincipal(sp);
      const disabled = { ...sp, accountEnabled: false, servicePrincipalType: 'ManagedIdentity' as const };
      await storage.directory.upsertServicePrincipal(disabled);
      expect(await storage.directory.findServicePrincipalByAppId(tenantId, sp.appId)).toEqual(disabled);
    });

    it("keeps a service principal's tags (Graph), and reads one without tags back as written", async () => {
      const tenantId = make.tenant().id;
      const sp = make.servicePrincipal(make.application(tenantId), tenantId);
      await storage.directory.upsertServicePrincipal({ ...sp, tags: ['HideApp', 'Ümlaut'] });
      expect(await storage.directory.findServicePrincipalByAppId(tenantId, sp.appId)).toEqual({ ...sp, tags: ['HideApp', 'Ümlaut'] });
      await storage.directory.upsertServicePrincipal(sp);
      const read = await storage.directory.findServicePrincipalByAppId(tenantId, sp.appId);
      expect(read).toEqual(sp);
      expect(read && 'tags' in read).toBe(false);
    });

    it("keeps a managed identity's alternativeNames and lists a tenant's managed identities, by name", async () => {
      const tenantId = make.tenant().id;
      const resourceId = '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/Rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/Ümlaut-id';
      const user = make.servicePrincipal({ appId: make.tenant().id, displayName: 'b-identity' }, tenantId, {
        servicePrincipalType: 'ManagedIdentity',
        alternativeNames: ['isExplicit=True', resourceId],
      });
      const system = make.servicePrincipal({ appId: make.tenant().id, displayName: 'a-vm' }, tenantId, {
        servicePrincipalType: 'ManagedIdentity',
        alternativeNames: ['isExplicit=False', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/a-vm'],
      });
      const app = make.servicePrincipal(make.application(tenantId), tenantId);
      const elsewhere = make.tenant().id;
      for (const sp of [user, system, app, make.servicePrincipal({ appId: make.tenant().id, displayName: 'other' }, elsewhere, { servicePrincipalType: 'ManagedIdentity', alternativeNames: ['isExplicit=True', '/x'] })]) {
        await storage.directory.upsertServicePrincipal(sp);
      }

      expect(await storage.directory.findServicePrincipalByAppId(tenantId, user.appId)).toEqual(user);
      expect(await storage.directory.findServicePrincipalByAppId(tenantId, app.appId)).toEqual(app);
      expect(await storage.directory.listManagedIdentities(tenantId)).toEqual([system, user]);
      expect(await storage.directory.listManagedIdentities(make.tenant().id)).toEqual([]);

      const cleared = { ...user, alternativeNames: [] };
      await storage.directory.upsertServicePrincipal(cleared);
      expect(await storage.directory.findServicePrincipalByAppId(tenantId, user.appId)).toEqual(cleared);
    });
  });

  describe('findResource', () => {
    const setUp = async (identifierUris: string[]) => {
      const tenantId = make.tenant().id;
      const app = make.application(tenantId, { identifierUris });
      const sp = make.servicePrincipal(app, tenantId);
      await storage.directory.upsertApplication(app);
      await storage.directory.upsertServicePrincipal(sp);
      return { tenantId, app, sp };
    };

    it('finds the resource by appId', async () => {
      const { tenantId, app, sp } = await setUp([]);
      expect(await storage.directory.findResource(tenantId, app.appId)).toEqual({ app, sp });
      expect(await storage.directory.findResource(tenantId, app.appId.toUpperCase())).toEqual({ app, sp });
    });

    it('finds the resource by identifier URI in another case, with or without a trailing slash', async () => {
      const { tenantId, app, sp } = await setUp(['api://Contoso.example/todo', 'https://contoso.example/api/']);
      for (const identifier of [
        'api://Contoso.example/todo',
        'API://contoso.EXAMPLE/TODO',
        'api://contoso.example/todo/',
        'https://contoso.example/api/',
        'https://CONTOSO.example/api',
      ]) {
        expect(await storage.directory.findResource(tenantId, identifier), identifier).toEqual({ app, sp });
      }
      expect(await storage.directory.findResource(tenantId, 'api://contoso.example/todo//')).toBeUndefined();
      expect(await storage.directory.findResource(tenantId, 'api://contoso.example')).toBeUndefined();
    });

    it('finds nothing without a service principal in that tenant', async () => {
      const { app } = await setUp(['api://todo']);
      const elsewhere = make.tenant().id;
      expect(await storage.directory.findResource(elsewhere, app.appId)).toBeUndefined();
      expect(await storage.directory.findResource(elsewhere, 'api://todo')).toBeUndefined();
    });

    it("finds a multi-tenant app through the requesting tenant's service principal", async () => {
      const { app } = await setUp(['api://todo']);
      const guestTenant = make.tenant().id;
      const guestSp = make.servicePrincipal(app, guestTenant);
      await storage.directory.upsertServicePrincipal(guestSp);
      expect(await storage.directory.findResource(guestTenant, 'API://todo/')).toEqual({ app, sp: guestSp });
    });

    it('forgets identifier URIs removed by an update', async () => {
      const { tenantId, app, sp } = await setUp(['api://old']);
      const updated = { ...app, identifierUris: ['api://new', 'API://NEW/'] };
      await storage.directory.upsertApplication(updated);
      expect(await storage.directory.findResource(tenantId, 'api://old')).toBeUndefined();
      expect(await storage.directory.findResource(tenantId, 'api://new')).toEqual({ app: updated, sp });
    });

    it('returns undefined for an unknown identifier', async () => {
      const { tenantId } = await setUp(['api://todo']);
      expect(await storage.directory.findResource(tenantId, 'api://unknown')).toBeUndefined();
      expect(await storage.directory.findResource(tenantId, make.tenant().id)).toBeUndefined();
    });
  });

  describe('users', () => {
    it('finds a user by UPN case-insensitively, only in its tenant', async () => {
      const tenantId = make.tenant().id;
      const u = make.user(tenantId);
      await storage.directory.upsertUser(u);

      expect(await storage.directory.findUserByUpn(tenantId, 'adele.vance@CONTOSO.entrada.localhost')).toEqual(u);
      expect(await storage.directory.findUserByUpn(tenantId, u.userPrincipalName)).toEqual(u);
      expect(await storage.directory.findUserByUpn(tenantId, 'alex@contoso.entrada.localhost')).toBeUndefined();
      expect(await storage.directory.findUserByUpn(make.tenant().id, u.userPrincipalName)).toBeUndefined();
    });

    it('gets a user by id within its tenant, keeping nulls and booleans', async () => {
      const tenantId = make.tenant().id;
      const u = make.user(tenantId, { givenName: null, surname: null, mail: null, passwordHash: null, accountEnabled: false });
      await storage.directory.upsertUser(u);

      expect(await storage.directory.getUser(tenantId, u.id)).toEqual(u);
      expect(await storage.directory.getUser(make.tenant().id, u.id)).toBeUndefined();
      expect(await storage.directory.getUser(tenantId, make.tenant().id)).toBeUndefined();
    });

    it('upsert overwrites the user, including a changed UPN', async () => {
      const tenantId = make.tenant().id;
      const u = make.user(tenantId);
      await storage.directory.upsertUser(u);
      const renamed = { ...u, userPrincipalName: 'adele@contoso.example', displayName: 'Adele' };
      await storage.directory.upsertUser(renamed);

      expect(await storage.directory.listUsers(tenantId)).toEqual([renamed]);
      expect(await storage.directory.findUserByUpn(tenantId, 'ADELE@contoso.example')).toEqual(renamed);
      expect(await storage.directory.findUserByUpn(tenantId, u.userPrincipalName)).toBeUndefined();
    });

    it('refuses a second user with the same UPN in another case in one tenant', async () => {
      const tenantId = make.tenant().id;
      await storage.directory.upsertUser(make.user(tenantId, { userPrincipalName: 'a@contoso.example' }));
      await expect(
        storage.directory.upsertUser(make.user(tenantId, { userPrincipalName: 'A@Contoso.example' })),
      ).rejects.toThrow();
      await storage.directory.upsertUser(make.user(make.tenant().id, { userPrincipalName: 'a@contoso.example' }));
    });

    it('lists the users of one tenant', async () => {
      const tenantId = make.tenant().id;
      const a = make.user(tenantId, { userPrincipalName: 'a@contoso.example' });
      const b = make.user(tenantId, { userPrincipalName: 'b@contoso.example' });
      await storage.directory.upsertUser(b);
      await storage.directory.upsertUser(a);
      await storage.directory.upsertUser(make.user(make.tenant().id));
      expect(await storage.directory.listUsers(tenantId)).toEqual([a, b]);
    });
  });

  describe('app role assignments and permission grants', () => {
    it('lists the role assignments of a principal to a resource', async () => {
      const [principal, resource, other] = [make.tenant().id, make.tenant().id, make.tenant().id];
      const mine = [make.assignment(principal, resource), make.assignment(principal, resource, { principalType: 'User' })];
      for (const a of [...mine, make.assignment(principal, other), make.assignment(other, resource)]) {
        await storage.directory.upsertAppRoleAssignment(a);
      }
      const listed = await storage.directory.listAppRoleAssignments(principal, resource);
      expect(sortById(listed)).toEqual(sortById(mine));
      expect(await storage.directory.listAppRoleAssignments(resource, principal)).toEqual([]);
    });

    it('upsert overwrites a role assignment', async () => {
      const [principal, resource] = [make.tenant().id, make.tenant().id];
      const a = make.assignment(principal, resource);
      await storage.directory.upsertAppRoleAssignment(a);
      const changed = { ...a, appRoleId: make.tenant().id };
      await storage.directory.upsertAppRoleAssignment(changed);
      expect(await storage.directory.listAppRoleAssignments(principal, resource)).toEqual([changed]);
    });

    it('lists the permission grants from a client to a resource', async () => {
      const [client, resource, other] = [make.tenant().id, make.tenant().id, make.tenant().id];
      const mine = [
        make.grant(client, resource),
        make.grant(client, resource, { consentType: 'Principal', principalId: make.tenant().id, scope: 'Tasks.Read' }),
      ];
      for (const g of [...mine, make.grant(client, other), make.grant(other, resource)]) {
        await storage.directory.upsertPermissionGrant(g);
      }
      const listed = await storage.directory.listPermissionGrants(client, resource);
      expect(sortById(listed)).toEqual(sortById(mine));
      expect(await storage.directory.listPermissionGrants(resource, client)).toEqual([]);
    });

    it('upsert overwrites a permission grant', async () => {
      const [client, resource] = [make.tenant().id, make.tenant().id];
      const g = make.grant(client, resource);
      await storage.directory.upsertPermissionGrant(g);
      const changed = { ...g, scope: 'Tasks.Read' };
      await storage.directory.upsertPermissionGrant(changed);
      expect(await storage.directory.listPermissionGrants(client, resource)).toEqual([changed]);
    });
  });

  describe('refresh tokens', () => {
    it('inserts and finds by hash; unknown hash gives undefined', async () => {
      const rt = make.refreshToken();
      await storage.refreshTokens.insert(rt);
      expect(await storage.refreshTokens.findByHash(rt.tokenHash)).toEqual(rt);
      expect(await storage.refreshTokens.findByHash('nope')).toBeUndefined();
    });

    it('refuses a second token with the same hash', async () => {
      const rt = make.refreshToken();
      await storage.refreshTokens.insert(rt);
      await expect(storage.refreshTokens.insert({ ...rt, familyId: make.tenant().id })).rejects.toThrow();
    });

    it('stores instants in canonical form', async () => {
      const rt = make.refreshToken({ expiresAt: '2026-03-15T12:00:00+02:00', authTime: '2026-03-01T10:00:00Z' });
      await storage.refreshTokens.insert(rt);
      const found = await storage.refreshTokens.findByHash(rt.tokenHash);
      expect(found?.expiresAt).toBe('2026-03-15T10:00:00.000Z');
      expect(found?.authTime).toBe('2026-03-01T10:00:00.000Z');
    });

    it('revokeFamily revokes every unrevoked token of the family and counts them', async () => {
      const familyId = make.tenant().id;
      const first = make.refreshToken({ familyId });
      const second = make.refreshToken({ familyId });
      const alreadyRevoked = make.refreshToken({ familyId, revokedAt: '2026-03-01T12:00:00.000Z' });
      const otherFamily = make.refreshToken();
      for (const rt of [first, second, alreadyRevoked, otherFamily]) await storage.refreshTokens.insert(rt);

      expect(await storage.refreshTokens.revokeFamily(familyId, '2026-03-02T00:00:00.000Z')).toBe(2);
      expect((await storage.refreshTokens.findByHash(first.tokenHash))?.revokedAt).toBe('2026-03-02T00:00:00.000Z');
      expect((await storage.refreshTokens.findByHash(second.tokenHash))?.revokedAt).toBe('2026-03-02T00:00:00.000Z');
      expect((await storage.refreshTokens.findByHash(alreadyRevoked.tokenHash))?.revokedAt).toBe('2026-03-01T12:00:00.000Z');
      expect(await storage.refreshTokens.findByHash(otherFamily.tokenHash)).toEqual(otherFamily);
      expect(await storage.refreshTokens.revokeFamily(familyId, '2026-03-03T00:00:00.000Z')).toBe(0);
      expect(await storage.refreshTokens.revokeFamily(make.tenant().id, '2026-03-03T00:00:00.000Z')).toBe(0);
    });

    it('deleteExpired deletes tokens that expired before the instant, by time not by text', async () => {
      const expired = make.refreshToken({ expiresAt: '2026-03-10T09:59:59.000Z' });
      const expiredRevoked = make.refreshToken({ expiresAt: '2026-03-01T00:00:00Z', revokedAt: '2026-03-01T00:00:00Z' });
      const atBoundary = make.refreshToken({ expiresAt: '2026-03-10T10:00:00.000Z' });
      // As text "…10:00:00.5Z" < "…10:00:00Z"; as time it is later, so it must stay.
      const justAfter = make.refreshToken({ expiresAt: '2026-03-10T10:00:00.5Z' });
      for (const rt of [expired, expiredRevoked, atBoundary, justAfter]) await storage.refreshTokens.insert(rt);

      expect(await storage.refreshTokens.deleteExpired('2026-03-10T10:00:00Z')).toBe(2);
      expect(await storage.refreshTokens.findByHash(expired.tokenHash)).toBeUndefined();
      expect(await storage.refreshTokens.findByHash(expiredRevoked.tokenHash)).toBeUndefined();
      expect(await storage.refreshTokens.findByHash(atBoundary.tokenHash)).toBeDefined();
      expect(await storage.refreshTokens.findByHash(justAfter.tokenHash)).toBeDefined();
      expect(await storage.refreshTokens.deleteExpired('2026-03-10T10:00:00Z')).toBe(0);
    });
  });

  describe('client assertion jtis', () => {
    const NOW = '2026-03-01T10:00:00.000Z';
    const UNTIL = '2026-03-01T10:15:00.000Z';
    const client = 'aaaaaaaa-0000-4000-8000-00000000ce01';

    it('a jti is taken once: the same assertion may come back, another one may not', async () => {
      expect(await storage.assertionReplay.consume(client, 'j1', 'hash-a', UNTIL, NOW)).toBe(true);
      expect(await storage.assertionReplay.consume(client, 'j1', 'hash-a', UNTIL, NOW)).toBe(true);
      expect(await storage.assertionReplay.consume(client.toUpperCase(), 'j1', 'hash-b', UNTIL, NOW)).toBe(false);
      // Per client, and jti is case-sensitive.
      expect(await storage.assertionReplay.consume('bbbbbbbb-0000-4000-8000-000000000001', 'j1', 'hash-b', UNTIL, NOW)).toBe(true);
      expect(await storage.assertionReplay.consume(client, 'J1', 'hash-b', UNTIL, NOW)).toBe(true);
    });

    it('an expired record frees its jti, and deleteExpired removes it by time', async () => {
      await storage.assertionReplay.consume(client, 'j2', 'hash-a', UNTIL, NOW);
      expect(await storage.assertionReplay.consume(client, 'j2', 'hash-b', '2026-03-01T11:00:00Z', '2026-03-01T10:15:00.001Z')).toBe(true);
      expect(await storage.assertionReplay.consume(client, 'j2', 'hash-a', '2026-03-01T11:00:00Z', '2026-03-01T10:16:00Z')).toBe(false);
      await storage.assertionReplay.consume(client, 'j3', 'hash-c', '2026-03-01T10:00:09.5Z', NOW);
      expect(await storage.assertionReplay.deleteExpired('2026-03-01T10:00:10Z')).toBe(1);
      expect(await storage.assertionReplay.deleteExpired('2026-03-01T12:00:00Z')).toBe(1);
    });

    it('ten nodes given ten different assertions with one jti accept exactly one', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 10 }, () => db.open()))));
        const results = await Promise.all(nodes.map((node, i) => node.assertionReplay.consume(client, 'race', `hash-${i}`, UNTIL, NOW)));
        expect(results.filter(Boolean)).toHaveLength(1);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });
  });

  describe('device codes', () => {
    const NOW = '2026-03-01T10:00:00.000Z';
    const LATER = '2026-03-01T10:20:00.000Z';
    const record = (over: Partial<DeviceCodeRecord> = {}): DeviceCodeRecord => ({
      deviceCodeHash: 'hash-1',
      userCode: 'CDFGHJKMN',
      tenantId: 'aaaaaaaa-0000-4000-8000-00000000000A',
      clientId: 'aaaaaaaa-0000-4000-8000-00000000DC01',
      endpoint: 'v2',
      scope: 'api://x/access_as_user openid',
      resource: null,
      status: 'pending',
      userId: null,
      authTime: null,
      createdAt: NOW,
      expiresAt: '2026-03-01T10:15:00Z',
      ...over,
    });
    const approval = { tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a', userId: 'bbbbbbbb-0000-4000-8000-0000000000A1', authTime: '2026-03-01T10:01:00Z' };

    it('creates a request, finds it by user code and by hash, and refuses a second one with the same user code', async () => {
      expect(await storage.deviceCodes.create(record())).toBe(true);
      expect(await storage.deviceCodes.create(record({ deviceCodeHash: 'hash-2' }))).toBe(false);
      const expected = record({ tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a', clientId: 'aaaaaaaa-0000-4000-8000-00000000dc01', expiresAt: '2026-03-01T10:15:00.000Z' });
      expect(await storage.deviceCodes.findByUserCode('CDFGHJKMN')).toEqual(expected);
      expect(await storage.deviceCodes.findByHash('hash-1')).toEqual(expected);
      expect(await storage.deviceCodes.findByHash('hash-2')).toBeUndefined();
      expect(await storage.deviceCodes.findByUserCode('cdfghjkmn')).toBeUndefined();
      // /common requests carry no tenant until approved.
      expect(await storage.deviceCodes.create(record({ deviceCodeHash: 'hash-3', userCode: 'CDFGHJKMP', tenantId: null }))).toBe(true);
      expect((await storage.deviceCodes.findByHash('hash-3'))?.tenantId).toBeNull();
    });

    it('keeps how the approving sign-in was proven (amr, issue 17); pending requests have none', async () => {
      await storage.deviceCodes.create(record());
      expect((await storage.deviceCodes.findByHash('hash-1'))?.amr).toBeUndefined();
      expect(await storage.deviceCodes.approve('CDFGHJKMN', { ...approval, amr: ['pwd', 'mfa'] }, NOW)).toBe(true);
      expect((await storage.deviceCodes.findByHash('hash-1'))?.amr).toEqual(['pwd', 'mfa']);
    });

    it('approves or declines a pending request once, never after expiry, and redeems an approved one once', async () => {
      await storage.deviceCodes.create(record());
      expect(await storage.deviceCodes.redeem('hash-1', NOW)).toBe(false); // still pending
      expect(await storage.deviceCodes.approve('CDFGHJKMN', approval, NOW)).toBe(true);
      expect(await storage.deviceCodes.approve('CDFGHJKMN', approval, NOW)).toBe(false);
      expect(await storage.deviceCodes.decline('CDFGHJKMN', NOW)).toBe(false);
      expect(await storage.deviceCodes.findByHash('hash-1')).toMatchObject({
        status: 'approved',
        userId: 'bbbbbbbb-0000-4000-8000-0000000000a1',
        authTime: '2026-03-01T10:01:00.000Z',
        amr: ['pwd'],
      });
      expect(await storage.deviceCodes.redeem('hash-1', NOW)).toBe(true);
      expect(await storage.deviceCodes.redeem('hash-1', NOW)).toBe(false);
      expect((await storage.deviceCodes.findByHash('hash-1'))?.status).toBe('redeemed');

      await storage.deviceCodes.create(record({ deviceCodeHash: 'hash-d', userCode: 'DDDDDDDDD' }));
      expect(await storage.deviceCodes.decline('DDDDDDDDD', NOW)).toBe(true);
      expect(await storage.deviceCodes.approve('DDDDDDDDD', approval, NOW)).toBe(false);
      expect((await storage.deviceCodes.findByHash('hash-d'))?.status).toBe('declined');

      await storage.deviceCodes.create(record({ deviceCodeHash: 'hash-e', userCode: 'EEEEEEEEE' }));
      expect(await storage.deviceCodes.approve('EEEEEEEEE', approval, LATER)).toBe(false);
      expect(await storage.deviceCodes.decline('EEEEEEEEE', LATER)).toBe(false);
      expect(await storage.deviceCodes.approve('EEEEEEEEE', approval, '2026-03-01T10:14:59.999Z')).toBe(true);
      expect(await storage.deviceCodes.redeem('hash-e', LATER)).toBe(false);
    });

    it('deleteExpired removes requests by time', async () => {
      await storage.deviceCodes.create(record());
      await storage.deviceCodes.create(record({ deviceCodeHash: 'hash-2', userCode: 'CDFGHJKMP', expiresAt: '2026-03-01T11:00:00Z' }));
      expect(await storage.deviceCodes.deleteExpired('2026-03-01T10:15:00Z')).toBe(0);
      expect(await storage.deviceCodes.deleteExpired('2026-03-01T10:15:00.001Z')).toBe(1);
      expect(await storage.deviceCodes.findByHash('hash-2')).toBeDefined();
    });

    it('ten nodes redeeming one approved code: exactly one wins', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 10 }, () => db.open()))));
        await nodes[0].deviceCodes.create(record({ deviceCodeHash: 'race', userCode: 'RRRRRRRRR' }));
        const approvals = await Promise.all(nodes.map((n) => n.deviceCodes.approve('RRRRRRRRR', approval, NOW)));
        expect(approvals.filter(Boolean)).toHaveLength(1);
        const results = await Promise.all(nodes.map((n) => n.deviceCodes.redeem('race', NOW)));
        expect(results.filter(Boolean)).toHaveLength(1);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });
  });

  describe('authorization codes', () => {
    const NOW = '2026-03-01T10:01:00.000Z';

    it('inserts and finds by hash, keeping every field, PKCE and scope order; unknown hash gives undefined', async () => {
      const code = make.authorizationCode();
      await storage.authorizationCodes.insert(code);
      expect(await storage.authorizationCodes.findByHash(code.codeHash)).toEqual(code);
      expect(await storage.authorizationCodes.findByHash(code.codeHash.toUpperCase())).toBeUndefined();
      expect(await storage.authorizationCodes.findByHash('nope')).toBeUndefined();
    });

    it('keeps nulls, plain PKCE and v1; stores GUIDs lower-case and instants in canonical form', async () => {
      const bare = make.authorizationCode({ resource: null, nonce: null, codeChallenge: null, codeChallengeMethod: null, scopes: [] });
      await storage.authorizationCodes.insert(bare);
      expect(await storage.authorizationCodes.findByHash(bare.codeHash)).toEqual(bare);

      const plain = make.authorizationCode({ endpoint: 'v1', codeChallenge: 'Plain-Verifier.With~Case', codeChallengeMethod: 'plain' });
      await storage.authorizationCodes.insert(plain);
      expect(await storage.authorizationCodes.findByHash(plain.codeHash)).toEqual(plain);

      const loose = make.authorizationCode({
        tenantId: 'AAAAAAAA-0000-4000-8000-00000000000A',
        clientId: 'AAAAAAAA-0000-4000-8000-00000000AC01',
        userId: 'BBBBBBBB-0000-4000-8000-0000000000A1',
        authTime: '2026-03-01T11:58:00+02:00',
        createdAt: '2026-03-01T10:00:00Z',
        expiresAt: '2026-03-01T10:10:00.5Z',
        redeemedAt: '2026-03-01T10:05:00Z',
      });
      await storage.authorizationCodes.insert(loose);
      expect(await storage.authorizationCodes.findByHash(loose.codeHash)).toEqual({
        ...loose,
        tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a',
        clientId: 'aaaaaaaa-0000-4000-8000-00000000ac01',
        userId: 'bbbbbbbb-0000-4000-8000-0000000000a1',
        authTime: '2026-03-01T09:58:00.000Z',
        createdAt: '2026-03-01T10:00:00.000Z',
        expiresAt: '2026-03-01T10:10:00.500Z',
        redeemedAt: '2026-03-01T10:05:00.000Z',
      });
    });

    it('refuses a second code with the same hash', async () => {
      const code = make.authorizationCode();
      await storage.authorizationCodes.insert(code);
      await expect(storage.authorizationCodes.insert({ ...code, clientId: make.tenant().id })).rejects.toThrow();
      expect(await storage.authorizationCodes.findByHash(code.codeHash)).toEqual(code);
    });

    it('redeems a code once, recording when', async () => {
      const code = make.authorizationCode();
      const other = make.authorizationCode();
      await storage.authorizationCodes.insert(code);
      await storage.authorizationCodes.insert(other);

      expect(await storage.authorizationCodes.redeem(code.codeHash, '2026-03-01T10:01:00Z')).toBe(true);
      expect(await storage.authorizationCodes.redeem(code.codeHash, '2026-03-01T10:02:00Z')).toBe(false);
      expect(await storage.authorizationCodes.findByHash(code.codeHash)).toEqual({ ...code, redeemedAt: NOW });
      expect(await storage.authorizationCodes.findByHash(other.codeHash)).toEqual(other);
      expect(await storage.authorizationCodes.redeem('nope', NOW)).toBe(false);

      const alreadyRedeemed = make.authorizationCode({ redeemedAt: '2026-03-01T10:00:30.000Z' });
      await storage.authorizationCodes.insert(alreadyRedeemed);
      expect(await storage.authorizationCodes.redeem(alreadyRedeemed.codeHash, NOW)).toBe(false);
      expect((await storage.authorizationCodes.findByHash(alreadyRedeemed.codeHash))?.redeemedAt).toBe('2026-03-01T10:00:30.000Z');
    });

    it('does not redeem a code expired at `now`, comparing by time not by text', async () => {
      const code = make.authorizationCode({ expiresAt: '2026-03-01T10:10:00.000Z' });
      await storage.authorizationCodes.insert(code);
      expect(await storage.authorizationCodes.redeem(code.codeHash, '2026-03-01T10:10:00Z')).toBe(false);
      expect(await storage.authorizationCodes.redeem(code.codeHash, '2026-03-01T10:10:00.001Z')).toBe(false);
      expect(await storage.authorizationCodes.redeem(code.codeHash, '2026-03-01T11:00:00Z')).toBe(false);
      expect((await storage.authorizationCodes.findByHash(code.codeHash))?.redeemedAt).toBeNull();
      expect(await storage.authorizationCodes.redeem(code.codeHash, '2026-03-01T10:09:59.9Z')).toBe(true);
      expect((await storage.authorizationCodes.findByHash(code.codeHash))?.redeemedAt).toBe('2026-03-01T10:09:59.900Z');

      // As text "…10:10:00.500Z" < "…10:10:00Z"; as time the code is still valid at 10:10:00.
      const late = make.authorizationCode({ expiresAt: '2026-03-01T10:10:00.5Z' });
      await storage.authorizationCodes.insert(late);
      expect(await storage.authorizationCodes.redeem(late.codeHash, '2026-03-01T10:10:00Z')).toBe(true);
    });

    it('deleteExpired removes codes that expired before the instant, redeemed or not, and counts them', async () => {
      const expired = make.authorizationCode({ expiresAt: '2026-03-01T10:09:59.999Z' });
      const expiredRedeemed = make.authorizationCode({ expiresAt: '2026-03-01T10:05:00.000Z', redeemedAt: '2026-03-01T10:01:00.000Z' });
      const atBoundary = make.authorizationCode({ expiresAt: '2026-03-01T10:10:00.000Z' });
      // As text "…10:10:00.5Z" < "…10:10:00Z"; as time it is later, so it must stay.
      const justAfter = make.authorizationCode({ expiresAt: '2026-03-01T10:10:00.5Z' });
      for (const code of [expired, expiredRedeemed, atBoundary, justAfter]) await storage.authorizationCodes.insert(code);

      expect(await storage.authorizationCodes.deleteExpired('2026-03-01T10:10:00Z')).toBe(2);
      expect(await storage.authorizationCodes.findByHash(expired.codeHash)).toBeUndefined();
      expect(await storage.authorizationCodes.findByHash(expiredRedeemed.codeHash)).toBeUndefined();
      expect(await storage.authorizationCodes.findByHash(atBoundary.codeHash)).toEqual(atBoundary);
      expect((await storage.authorizationCodes.findByHash(justAfter.codeHash))?.expiresAt).toBe('2026-03-01T10:10:00.500Z');
      expect(await storage.authorizationCodes.deleteExpired('2026-03-01T10:10:00Z')).toBe(0);
      expect(await storage.authorizationCodes.deleteExpired('2026-03-01T10:10:01Z')).toBe(2);
    });

    it('ten concurrent redemptions of one code on one node: exactly one wins', async () => {
      const code = make.authorizationCode();
      await storage.authorizationCodes.insert(code);
      const results = await Promise.all(Array.from({ length: 10 }, () => storage.authorizationCodes.redeem(code.codeHash, NOW)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await storage.authorizationCodes.findByHash(code.codeHash))?.redeemedAt).toBe(NOW);
    });

    it('ten nodes redeeming one code: exactly one wins', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 10 }, () => db.open()))));
        const code = make.authorizationCode();
        await nodes[0].authorizationCodes.insert(code);
        const results = await Promise.all(nodes.map((n) => n.authorizationCodes.redeem(code.codeHash, NOW)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await nodes[9].authorizationCodes.findByHash(code.codeHash)).toEqual({ ...code, redeemedAt: NOW });
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });
  });

  describe('sign-in sessions', () => {
    const NOW = '2026-03-01T12:00:00.000Z';

    it('creates a session and finds it by hash, keeping client order; unknown hash gives undefined', async () => {
      const clientIds = ['cccccccc-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002'];
      const session = make.signInSession({ clientIds });
      await storage.sessions.create(session);
      expect(await storage.sessions.find(session.sessionHash, NOW)).toEqual(session);
      expect(await storage.sessions.find(session.sessionHash.toUpperCase(), NOW)).toBeUndefined();
      expect(await storage.sessions.find('nope', NOW)).toBeUndefined();

      const empty = make.signInSession({ clientIds: [] });
      await storage.sessions.create(empty);
      expect(await storage.sessions.find(empty.sessionHash, NOW)).toEqual(empty);
    });

    it('stores GUIDs lower-case (one client id per GUID) and instants in canonical form', async () => {
      const session = make.signInSession({
        tenantId: 'AAAAAAAA-0000-4000-8000-00000000000A',
        userId: 'BBBBBBBB-0000-4000-8000-0000000000A1',
        clientIds: ['CCCCCCCC-0000-4000-8000-0000000000C1', 'cccccccc-0000-4000-8000-0000000000c1', 'DDDDDDDD-0000-4000-8000-0000000000D1'],
        authTime: '2026-03-01T12:00:00+02:00',
        createdAt: '2026-03-01T10:00:00Z',
        expiresAt: '2026-03-02T10:00:00.5Z',
      });
      await storage.sessions.create(session);
      expect(await storage.sessions.find(session.sessionHash, NOW)).toEqual({
        sessionHash: session.sessionHash,
        tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a',
        userId: 'bbbbbbbb-0000-4000-8000-0000000000a1',
        clientIds: ['cccccccc-0000-4000-8000-0000000000c1', 'dddddddd-0000-4000-8000-0000000000d1'],
        authTime: '2026-03-01T10:00:00.000Z',
        createdAt: '2026-03-01T10:00:00.000Z',
        expiresAt: '2026-03-02T10:00:00.500Z',
        amr: ['pwd'],
      });
    });

    it('refuses a second session with the same hash', async () => {
      const session = make.signInSession();
      await storage.sessions.create(session);
      await expect(storage.sessions.create({ ...session, userId: make.tenant().id })).rejects.toThrow();
      expect(await storage.sessions.find(session.sessionHash, NOW)).toEqual(session);
    });

    it('does not find a session expired at `now`, comparing by time not by text', async () => {
      const session = make.signInSession({ expiresAt: '2026-03-02T10:00:00.000Z' });
      await storage.sessions.create(session);
      expect(await storage.sessions.find(session.sessionHash, '2026-03-02T09:59:59.9Z')).toEqual(session);
      expect(await storage.sessions.find(session.sessionHash, '2026-03-02T10:00:00Z')).toBeUndefined();
      expect(await storage.sessions.find(session.sessionHash, '2026-03-02T10:00:00.001Z')).toBeUndefined();
      // Expiry hides the session; it is not deleted until swept.
      expect(await storage.sessions.find(session.sessionHash, NOW)).toEqual(session);

      // As text "…10:00:00.500Z" < "…10:00:00Z"; as time the session is still live at 10:00:00.
      const late = make.signInSession({ expiresAt: '2026-03-02T10:00:00.5Z' });
      await storage.sessions.create(late);
      expect((await storage.sessions.find(late.sessionHash, '2026-03-02T10:00:00Z'))?.sessionHash).toBe(late.sessionHash);
    });

    it('addClient appends a new client once, in order, whatever the case of the GUID', async () => {
      const [a, b, c] = ['aaaaaaaa-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002', 'cccccccc-0000-4000-8000-000000000003'];
      const session = make.signInSession({ clientIds: [b, a] });
      const other = make.signInSession();
      await storage.sessions.create(session);
      await storage.sessions.create(other);

      await storage.sessions.addClient(session.sessionHash, c.toUpperCase());
      expect((await storage.sessions.find(session.sessionHash, NOW))?.clientIds).toEqual([b, a, c]);
      await storage.sessions.addClient(session.sessionHash, c);
      await storage.sessions.addClient(session.sessionHash, a.toUpperCase());
      await storage.sessions.addClient(session.sessionHash, b);
      expect(await storage.sessions.find(session.sessionHash, NOW)).toEqual({ ...session, clientIds: [b, a, c] });
      expect(await storage.sessions.find(other.sessionHash, NOW)).toEqual(other);
    });

    it('addMfa records a completed second factor once, only on that session (issue 17)', async () => {
      const session = make.signInSession();
      const other = make.signInSession();
      await storage.sessions.create(session);
      await storage.sessions.create(other);
      await storage.sessions.addMfa(session.sessionHash);
      await storage.sessions.addMfa(session.sessionHash);
      await storage.sessions.addMfa('gone');
      expect(await storage.sessions.find(session.sessionHash, NOW)).toEqual({ ...session, amr: ['pwd', 'mfa'] });
      expect(await storage.sessions.find(other.sessionHash, NOW)).toEqual(other);
    });

    it('addClient on a missing session does nothing', async () => {
      await expect(storage.sessions.addClient('gone', 'aaaaaaaa-0000-4000-8000-000000000001')).resolves.toBeUndefined();
      expect(await storage.sessions.find('gone', NOW)).toBeUndefined();
      const session = make.signInSession();
      await storage.sessions.create(session);
      await storage.sessions.delete(session.sessionHash);
      await storage.sessions.addClient(session.sessionHash, 'aaaaaaaa-0000-4000-8000-000000000001');
      expect(await storage.sessions.find(session.sessionHash, NOW)).toBeUndefined();
      expect(await storage.sessions.deleteExpired('2099-01-01T00:00:00Z')).toBe(0);
    });

    it('ten nodes adding clients to one session at once lose none and duplicate none', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 10 }, () => db.open()))));
        const first = 'aaaaaaaa-0000-4000-8000-000000000001';
        const session = make.signInSession({ clientIds: [first] });
        await nodes[0].sessions.create(session);
        const clients = nodes.map((_, i) => `cccccccc-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`);
        // Each node adds its own client and, at the same time, one client every node adds.
        const shared = 'dddddddd-0000-4000-8000-000000000001';
        await Promise.all(nodes.flatMap((n, i) => [n.sessions.addClient(session.sessionHash, clients[i]), n.sessions.addClient(session.sessionHash, shared)]));

        const found = await nodes[0].sessions.find(session.sessionHash, NOW);
        expect(found?.clientIds[0]).toBe(first);
        expect([...(found?.clientIds ?? [])].sort()).toEqual([first, ...clients, shared].sort());
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });

    it('delete removes the session once and leaves others', async () => {
      const session = make.signInSession();
      const other = make.signInSession();
      await storage.sessions.create(session);
      await storage.sessions.create(other);
      expect(await storage.sessions.delete(session.sessionHash)).toBe(true);
      expect(await storage.sessions.find(session.sessionHash, NOW)).toBeUndefined();
      expect(await storage.sessions.delete(session.sessionHash)).toBe(false);
      expect(await storage.sessions.delete('nope')).toBe(false);
      expect(await storage.sessions.find(other.sessionHash, NOW)).toEqual(other);
    });

    it('deleteExpired removes sessions that expired before the instant, by time not by text, and counts them', async () => {
      const expired = make.signInSession({ expiresAt: '2026-03-02T09:59:59.999Z' });
      const longExpired = make.signInSession({ expiresAt: '2026-03-01T00:00:00Z' });
      const atBoundary = make.signInSession({ expiresAt: '2026-03-02T10:00:00.000Z' });
      // As text "…10:00:00.5Z" < "…10:00:00Z"; as time it is later, so it must stay.
      const justAfter = make.signInSession({ expiresAt: '2026-03-02T10:00:00.5Z' });
      for (const session of [expired, longExpired, atBoundary, justAfter]) await storage.sessions.create(session);

      expect(await storage.sessions.deleteExpired('2026-03-02T10:00:00Z')).toBe(2);
      expect(await storage.sessions.find(expired.sessionHash, NOW)).toBeUndefined();
      expect(await storage.sessions.find(longExpired.sessionHash, '2026-02-28T00:00:00Z')).toBeUndefined();
      expect(await storage.sessions.find(atBoundary.sessionHash, NOW)).toEqual(atBoundary);
      expect((await storage.sessions.find(justAfter.sessionHash, NOW))?.expiresAt).toBe('2026-03-02T10:00:00.500Z');
      expect(await storage.sessions.deleteExpired('2026-03-02T10:00:00Z')).toBe(0);
      expect(await storage.sessions.deleteExpired('2026-03-02T10:00:01Z')).toBe(2);
    });
  });

  describe('sign-in log', () => {
    const entry = (n: number, over: Partial<SignInLogEntry> = {}): SignInLogEntry => ({
      id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
      createdAt: `2026-11-26T10:00:${String(n).padStart(2, '0')}.000Z`,
      endpoint: 'token',
      tenant: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
      appId: 'e7ada000-0000-4000-8000-000000000003',
      appDisplayName: 'Demo Web App',
      userId: null,
      userPrincipalName: null,
      grantType: 'password',
      outcome: 'success',
      errorCode: null,
      oauthError: null,
      correlationId: 'c0f1e2d3-0000-4000-8000-000000000000',
      clientAddress: '127.0.0.1',
      userAgent: 'ua',
      decision: { rule: 'confidential-with-credential', decidedBy: { by: 'grant', grant: 'client_credentials' } },
      detail: null,
      ...over,
    });

    it('stores every field, ignores a repeated id, and reads by id', async () => {
      const failed = entry(2, { outcome: 'failure', errorCode: 7000218, oauthError: 'invalid_client', userId: 'u', userPrincipalName: 'alice@x', detail: 'why' });
      await storage.signInLog.insertMany([entry(1), failed]);
      await storage.signInLog.insertMany([entry(1, { appDisplayName: 'changed' })]);
      expect(await storage.signInLog.get(failed.id)).toEqual(failed);
      expect((await storage.signInLog.get(entry(1).id))?.appDisplayName).toBe('Demo Web App');
      expect(await storage.signInLog.get('00000000-0000-4000-8000-000000000099')).toBeUndefined();
    });

    it('lists newest first or oldest first, filters by tenant, app, correlation id and outcome, pages with before', async () => {
      await storage.signInLog.insertMany([
        entry(1),
        entry(2, { outcome: 'failure', errorCode: 50126 }),
        entry(3, { appId: 'e7ada000-0000-4000-8000-000000000004', correlationId: 'other' }),
        entry(4, { tenant: '4d2b6e10-7c1a-4f3e-9a55-1c2d3e4f5a60' }),
      ]);
      const ids = (rows: SignInLogEntry[]) => rows.map((r) => Number(r.id.slice(-2)));
      expect(ids(await storage.signInLog.list({ limit: 10 }))).toEqual([4, 3, 2, 1]);
      expect(ids(await storage.signInLog.list({ limit: 10, order: 'asc', after: entry(1).createdAt }))).toEqual([2, 3, 4]);
      expect(ids(await storage.signInLog.list({ limit: 10, tenant: '8EAEF023-2B34-4DA1-9BAA-8BC8C9D6A490' }))).toEqual([3, 2, 1]);
      expect(ids(await storage.signInLog.list({ limit: 10, appId: 'E7ADA000-0000-4000-8000-000000000004' }))).toEqual([3]);
      expect(ids(await storage.signInLog.list({ limit: 10, correlationId: 'other' }))).toEqual([3]);
      expect(ids(await storage.signInLog.list({ limit: 10, outcome: 'failure' }))).toEqual([2]);
      expect(ids(await storage.signInLog.list({ limit: 2, before: { createdAt: entry(3).createdAt, id: entry(3).id } }))).toEqual([2, 1]);
    });

    // The portal's sign-in log filters (issue 14): error code, part of the UPN, a time range.
    it('filters by error code, by UPN contains (case-insensitive, wildcards literal) and by a half-open time range', async () => {
      await storage.signInLog.insertMany([
        entry(1, { userPrincipalName: 'Alice@Entrada.localhost' }),
        entry(2, { outcome: 'failure', errorCode: 7000218, oauthError: 'invalid_client', userPrincipalName: 'alice@entrada.localhost' }),
        entry(3, { outcome: 'failure', errorCode: 50126, userPrincipalName: 'bob_admin@entrada.localhost' }),
        entry(4, { outcome: 'failure', errorCode: 7000218, userPrincipalName: 'bob%x@entrada.localhost' }),
        entry(5, { userPrincipalName: null }),
      ]);
      const ids = (rows: SignInLogEntry[]) => rows.map((r) => Number(r.id.slice(-2)));
      expect(ids(await storage.signInLog.list({ limit: 10, errorCode: 7000218 }))).toEqual([4, 2]);
      expect(ids(await storage.signInLog.list({ limit: 10, userPrincipalNameContains: 'ALICE@' }))).toEqual([2, 1]);
      // `_` and `%` match themselves only, not any character.
      expect(ids(await storage.signInLog.list({ limit: 10, userPrincipalNameContains: 'b_a' }))).toEqual([3]);
      expect(ids(await storage.signInLog.list({ limit: 10, userPrincipalNameContains: '%' }))).toEqual([4]);
      expect(ids(await storage.signInLog.list({ limit: 10, userPrincipalNameContains: 'o\\' }))).toEqual([]);
      expect(ids(await storage.signInLog.list({ limit: 10, since: entry(2).createdAt, until: entry(4).createdAt }))).toEqual([3, 2]);
      // Instants compare as time, whatever their written form.
      expect(ids(await storage.signInLog.list({ limit: 10, since: '2026-11-26T10:00:03.5Z' }))).toEqual([5, 4]);
      expect(ids(await storage.signInLog.list({ limit: 10, until: '2026-11-26T11:00:02+01:00' }))).toEqual([1]);
      expect(ids(await storage.signInLog.list({ limit: 10, errorCode: 7000218, userPrincipalNameContains: 'alice', outcome: 'failure' }))).toEqual([2]);
      expect(ids(await storage.signInLog.list({ limit: 1, errorCode: 7000218, before: { createdAt: entry(4).createdAt, id: entry(4).id } }))).toEqual([2]);
    });

    it('deletes entries older than the retention horizon, by time', async () => {
      await storage.signInLog.insertMany([entry(1), entry(2), entry(3)]);
      expect(await storage.signInLog.deleteBefore('2026-11-26T10:00:02.000Z')).toBe(1);
      expect((await storage.signInLog.list({ limit: 10 })).length).toBe(2);
    });

    // Issue #9, finding 2: one NUL made PostgreSQL refuse the whole batch (0 of 41 logged).
    it('stores a batch of 40 good rows and one with NUL in several fields: all 41, NUL as U+FFFD', async () => {
      const good = Array.from({ length: 40 }, (_, i) => entry(i));
      const nul = entry(40, {
        outcome: 'failure', errorCode: 9002313, grantType: 'x\u0000y', userPrincipalName: 'u\u0000@x', userAgent: 'ua\u0000',
        correlationId: 'c\u0000', detail: 'd\u0000',
        decision: { redirectUri: 'https://app/\u0000', decidedBy: { by: 'redirect_uri', uri: 'https://app/', registeredAs: '\u0000', platform: 'web' } },
      });
      expect(await storage.signInLog.insertMany([...good.slice(0, 20), nul, ...good.slice(20)])).toEqual({ dropped: [] });
      expect((await storage.signInLog.list({ limit: 100 })).length).toBe(41);
      expect(await storage.signInLog.get(nul.id)).toMatchObject({
        grantType: 'x\ufffdy', userPrincipalName: 'u\ufffd@x', userAgent: 'ua\ufffd', correlationId: 'c\ufffd', detail: 'd\ufffd',
        decision: { redirectUri: 'https://app/\ufffd', decidedBy: { registeredAs: '\ufffd' } },
      });
    });

    it('bounds what it stores (a 250 KiB redirect URI or user agent keeps a marked head only)', async () => {
      const huge = 'h'.repeat(256_000);
      await storage.signInLog.insertMany([entry(1, { userAgent: huge, decision: { redirectUri: huge } })]);
      const stored = await storage.signInLog.get(entry(1).id);
      expect(stored?.userAgent).toMatch(/^h+…\[truncated, 256000 chars\]$/);
      expect(stored!.userAgent!.length).toBeLessThanOrEqual(512);
      expect(JSON.stringify(stored!.decision).length).toBeLessThanOrEqual(4096);
    });

    it('a row that cannot be stored is dropped alone, and reported; the rest of its batch is stored', async () => {
      const good = Array.from({ length: 5 }, (_, i) => entry(i + 1));
      const notAnInstant = entry(20, { createdAt: 'yesterday' });
      // PostgreSQL's integer column refuses this (the batch statement fails, then row by row);
      // SQLite's integers are 64-bit and keep it.
      const outOfRange = entry(21, { outcome: 'failure', errorCode: 2 ** 40 });
      const result = await storage.signInLog.insertMany([good[0], notAnInstant, good[1], outOfRange, ...good.slice(2)]);
      const droppedIds = result.dropped.map((d) => d.id);
      expect(droppedIds).toContain(notAnInstant.id);
      expect(droppedIds.includes(outOfRange.id)).toBe(storage.dialect === 'postgres');
      expect(result.dropped.every((d) => d.reason.length > 0)).toBe(true);
      for (const e of good) expect(await storage.signInLog.get(e.id)).toEqual(e);
      expect(await storage.signInLog.get(notAnInstant.id)).toBeUndefined();
    });

    it('deleteBeyond keeps the newest entries only, ties broken by id, and counts what it deleted', async () => {
      const sameInstant = entry(3).createdAt;
      await storage.signInLog.insertMany([entry(1), entry(2), entry(3), entry(4, { createdAt: sameInstant }), entry(5), entry(6)]);
      expect(await storage.signInLog.deleteBeyond(10)).toBe(0);
      // Newest first: 6, 5, 4 (= 3's instant, larger id), 3, 2, 1.
      expect(await storage.signInLog.deleteBeyond(3)).toBe(3);
      const ids = (await storage.signInLog.list({ limit: 10 })).map((r) => Number(r.id.slice(-2)));
      expect(ids).toEqual([6, 5, 4]);
      expect(await storage.signInLog.deleteBeyond(0)).toBe(3);
      expect(await storage.signInLog.list({ limit: 10 })).toEqual([]);
    });

    it('deleteBeyond removes more rows than one delete chunk (2,000) takes', async () => {
      const many = Array.from({ length: 4_600 }, (_, i) =>
        entry(0, { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, createdAt: new Date(Date.UTC(2026, 10, 26) + i * 1000).toISOString() }),
      );
      for (let i = 0; i < many.length; i += 500) await storage.signInLog.insertMany(many.slice(i, i + 500));
      expect(await storage.signInLog.deleteBeyond(100)).toBe(4_500);
      const left = await storage.signInLog.list({ limit: 200 });
      expect(left.length).toBe(100);
      expect(left[left.length - 1].id).toBe(many[4_500].id);
    });
  });

  describe('smart lockout', () => {
    const NOW = '2027-01-01T00:00:00.000Z';
    const LATER = '2027-01-02T00:00:00.000Z';
    const lockout = (failures: number, expiresAt = LATER): LockoutState => ({
      failures,
      lockouts: failures >= 10 ? 1 : 0,
      lockedUntil: failures >= 10 ? '2027-01-01T00:01:00.000Z' : null,
      recentWrong: ['k1', 'k2', 'k3'].slice(0, Math.min(failures, 3)),
      expiresAt,
    });
    /** One attempt that counts one more failure in `bucket`, as core/policy/smart-lockout.ts would. */
    const countOne = (bucket: string) => (buckets: LockoutBucket[]) => {
      const failures = (buckets.find((b) => b.bucket === bucket)?.state.failures ?? 0) + 1;
      return { bucket, state: lockout(failures), result: failures };
    };

    it('keeps a tenant\'s lockout settings and a user\'s must-change-password flag, absent when unset', async () => {
      const t = make.tenant({ smartLockout: { threshold: 3, durationSeconds: 5 } });
      await storage.directory.upsertTenant(t);
      expect(await storage.directory.findTenant(t.id)).toEqual(t);
      const plain = make.tenant({ domains: ['plain.example'] });
      await storage.directory.upsertTenant(plain);
      expect(await storage.directory.findTenant(plain.id)).toEqual(plain);

      const u = make.user(t.id, { forceChangePasswordNextSignIn: true });
      await storage.directory.upsertUser(u);
      expect(await storage.directory.getUser(t.id, u.id)).toEqual(u);
      const { forceChangePasswordNextSignIn: _cleared, ...changed } = u;
      await storage.directory.upsertUser(changed);
      expect(await storage.directory.getUser(t.id, u.id)).toEqual(changed);
    });

    it('update writes the bucket decide returns, list reads it back, a null state deletes it', async () => {
      const userId = make.tenant().id;
      const tenantId = make.tenant().id;
      expect(await storage.smartLockout.list(userId, NOW)).toEqual([]);
      const seen: LockoutBucket[][] = [];
      const result = await storage.smartLockout.update(tenantId, userId.toUpperCase(), NOW, (buckets) => {
        seen.push(buckets);
        return { bucket: '203.0.113.7', state: lockout(10), result: 'locked' };
      });
      expect(result).toBe('locked');
      expect(seen).toEqual([[]]);
      expect(await storage.smartLockout.list(userId, NOW)).toEqual([{ bucket: '203.0.113.7', state: lockout(10) }]);

      await storage.smartLockout.update(tenantId, userId, NOW, () => ({ bucket: '*', state: lockout(1), result: undefined }));
      expect((await storage.smartLockout.list(userId, NOW)).map((b) => b.bucket).sort()).toEqual(['*', '203.0.113.7']);
      await storage.smartLockout.update(tenantId, userId, NOW, () => ({ bucket: '203.0.113.7', state: null, result: undefined }));
      expect(await storage.smartLockout.list(userId, NOW)).toEqual([{ bucket: '*', state: lockout(1) }]);
      // Another user's buckets are apart.
      expect(await storage.smartLockout.list(make.tenant().id, NOW)).toEqual([]);
    });

    it('forgotten buckets are not listed, are dropped before decide sees the user\'s buckets, and are swept', async () => {
      const tenantId = make.tenant().id;
      const a = make.tenant().id;
      const b = make.tenant().id;
      await storage.smartLockout.update(tenantId, a, NOW, () => ({ bucket: '10.0.0.1', state: lockout(2, NOW), result: undefined }));
      await storage.smartLockout.update(tenantId, a, NOW, () => ({ bucket: '10.0.0.2', state: lockout(2, LATER), result: undefined }));
      await storage.smartLockout.update(tenantId, b, NOW, () => ({ bucket: '10.0.0.1', state: lockout(2, NOW), result: undefined }));
      expect((await storage.smartLockout.list(a, NOW)).map((x) => x.bucket)).toEqual(['10.0.0.2']);
      const seen = await storage.smartLockout.update(tenantId, a, NOW, (buckets) => ({ bucket: '10.0.0.3', state: lockout(1), result: buckets.map((x) => x.bucket) }));
      expect(seen).toEqual(['10.0.0.2']);
      // a's forgotten bucket went with its update; b's is the sweeper's.
      expect(await storage.smartLockout.deleteExpired(LATER)).toBe(1);
      expect((await storage.smartLockout.list(a, NOW)).map((x) => x.bucket).sort()).toEqual(['10.0.0.2', '10.0.0.3']);
    });

    it('concurrent attempts on one node all count', async () => {
      const tenantId = make.tenant().id;
      const userId = make.tenant().id;
      const results = await Promise.all(Array.from({ length: 20 }, () => storage.smartLockout.update(tenantId, userId, NOW, countOne('10.0.0.1'))));
      expect([...results].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await storage.smartLockout.list(userId, NOW))[0].state.failures).toBe(20);
    });

    it('attempts on two nodes sharing the database all count (one atomic update each)', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 2 }, () => db.open()))));
        const tenantId = make.tenant().id;
        const userId = make.tenant().id;
        const attempt = (node: Storage) => node.smartLockout.update(tenantId, userId, NOW, countOne('10.0.0.1'));
        // PostgreSQL nodes race for real; SQLite connections of one process would wait for each
        // other's write lock synchronously (better-sqlite3), so there they take turns.
        const results: number[] = [];
        if (nodes[0].dialect === 'postgres') {
          results.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(nodes[i % 2])))));
        } else {
          for (let i = 0; i < 20; i++) results.push(await attempt(nodes[i % 2]));
        }
        expect([...results].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect((await nodes[1].smartLockout.list(userId, NOW))[0].state.failures).toBe(20);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });
  });

  describe('installation secrets', () => {
    it('the first candidate becomes the secret; later ones get it back', async () => {
      expect(await storage.installationSecrets.ensure('k', 'first')).toBe('first');
      expect(await storage.installationSecrets.ensure('k', 'second')).toBe('first');
      expect(await storage.installationSecrets.ensure('other', 'third')).toBe('third');
    });

    it('several nodes starting at once agree on one secret', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 4 }, () => db.open()))));
        const values = await Promise.all(nodes.map((node, i) => node.installationSecrets.ensure('k', `candidate-${i}`)));
        expect(new Set(values).size).toBe(1);
        expect(values[0]).toMatch(/^candidate-\d$/);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });
  });

  describe('signing keys', () => {
    it('lists no keys at first', async () => {
      expect(await storage.signingKeys.list()).toEqual([]);
    });

    it('ensureInitial stores the first key as generation 1; later candidates get it back', async () => {
      const first = make.signingKey();
      expect(await storage.signingKeys.ensureInitial(first)).toEqual([{ ...first, generation: 1 }]);
      expect(await storage.signingKeys.ensureInitial(make.signingKey({ createdAt: '2026-03-02T10:00:00.000Z' }))).toEqual([{ ...first, generation: 1 }]);
    });

    it('ten nodes starting at once agree on one key', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        // Opened together too: migrations of a fresh database must survive concurrent starts.
        nodes.push(...(await Promise.all(Array.from({ length: 10 }, () => db.open()))));
        const candidates = nodes.map(() => make.signingKey());
        const results = await Promise.all(nodes.map((node, i) => node.signingKeys.ensureInitial(candidates[i])));

        expect(new Set(results.map((keys) => JSON.stringify(keys))).size).toBe(1);
        expect(results[0]).toHaveLength(1);
        expect(candidates.map((c) => c.kid)).toContain(results[0][0].kid);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });

    it('rotate stores the next generation with its schedule; list is newest first', async () => {
      const first = make.signingKey();
      await storage.signingKeys.ensureInitial(first);
      const next = make.signingKey({ createdAt: '2026-03-02T10:00:00Z', activatesAt: '2026-03-02T11:00:00Z' });
      const stored = await storage.signingKeys.rotate(next, 1);
      // Instants come back in their one stored form (storage/repositories/normalize.ts).
      expect(stored).toEqual({ ...next, createdAt: '2026-03-02T10:00:00.000Z', activatesAt: '2026-03-02T11:00:00.000Z', generation: 2 });
      expect(await storage.signingKeys.list()).toEqual([stored, { ...first, generation: 1 }]);
    });

    it('a rotation based on a generation someone else already followed stores nothing', async () => {
      await storage.signingKeys.ensureInitial(make.signingKey());
      expect(await storage.signingKeys.rotate(make.signingKey(), 1)).toBeDefined();
      expect(await storage.signingKeys.rotate(make.signingKey(), 1)).toBeUndefined();
      expect((await storage.signingKeys.list()).map((k) => k.generation)).toEqual([2, 1]);
    });

    it('ten nodes rotating at once after seeing the same key create one key', async () => {
      const db = await backend.shared();
      const nodes: Storage[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: 10 }, () => db.open()))));
        await nodes[0].signingKeys.ensureInitial(make.signingKey());
        const candidates = nodes.map(() => make.signingKey());
        const stored = await Promise.all(nodes.map((node, i) => node.signingKeys.rotate(candidates[i], 1)));
        expect(stored.filter((k) => k !== undefined)).toHaveLength(1);
        const keys = await nodes[5].signingKeys.list();
        expect(keys.map((k) => k.generation)).toEqual([2, 1]);
        expect(keys[0].kid).toBe(stored.find((k) => k !== undefined)!.kid);
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
        await db.dispose();
      }
    });

    it('a stored kid cannot be stored again (only a taken generation is ignored)', async () => {
      const first = make.signingKey();
      await storage.signingKeys.ensureInitial(first);
      await expect(storage.signingKeys.rotate(first, 1)).rejects.toThrow();
      expect(await storage.signingKeys.list()).toHaveLength(1);
    });

    it('retire sets retiredAt once; an unknown or retired key is not retired again', async () => {
      const first = make.signingKey();
      await storage.signingKeys.ensureInitial(first);
      expect(await storage.signingKeys.retire(first.kid, '2026-03-03T10:00:00Z')).toBe(true);
      expect(await storage.signingKeys.retire(first.kid, '2026-03-04T10:00:00Z')).toBe(false);
      expect(await storage.signingKeys.retire('no-such-kid', '2026-03-04T10:00:00Z')).toBe(false);
      expect(await storage.signingKeys.list()).toEqual([{ ...first, generation: 1, retiredAt: '2026-03-03T10:00:00.000Z' }]);
    });

    it('delete removes the rows named, and only those', async () => {
      await storage.signingKeys.ensureInitial(make.signingKey());
      const second = await storage.signingKeys.rotate(make.signingKey(), 1);
      const third = await storage.signingKeys.rotate(make.signingKey(), 2);
      expect(await storage.signingKeys.delete([second!.kid, 'no-such-kid'])).toBe(1);
      expect(await storage.signingKeys.delete([])).toBe(0);
      expect((await storage.signingKeys.list()).map((k) => k.generation)).toEqual([third!.generation, 1]);
    });

    it('rotations and retirements reach the other nodes\' watchers', async () => {
      const db = await backend.shared();
      const [writer, reader] = await Promise.all([db.open(), db.open()]);
      let heard = 0;
      const watch = await reader.watchDirectory(() => heard++);
      try {
        const first = make.signingKey();
        await writer.signingKeys.ensureInitial(first);
        // Whatever the first insert announced (nothing on PostgreSQL, a commit on SQLite) is counted first.
        await eventually(() => true);
        const before = heard;
        await writer.signingKeys.rotate(make.signingKey(), 1);
        expect(await eventually(() => heard > before)).toBe(true);
        const afterRotation = heard;
        await writer.signingKeys.retire(first.kid, '2026-03-03T10:00:00Z');
        expect(await eventually(() => heard > afterRotation)).toBe(true);
      } finally {
        await watch.close();
        await Promise.all([writer.close(), reader.close()]);
        await db.dispose();
      }
    });
  });

  describe('persistence', () => {
    it('reopening a database keeps its data and migrates nothing twice', async () => {
      const db = await backend.shared();
      try {
        const first = await db.open();
        const t = make.tenant();
        const key = make.signingKey();
        await first.directory.upsertTenant(t);
        await first.signingKeys.ensureInitial(key);
        await first.close();

        const second = await db.open();
        expect(await second.directory.findTenant(t.id)).toEqual(t);
        expect(await second.signingKeys.ensureInitial(make.signingKey())).toEqual([{ ...key, generation: 1 }]);
        await second.close();
      } finally {
        await db.dispose();
      }
    });
  });

  directoryContract(backend, () => storage);
}

/** Polls `condition` for up to 5 s (the SQLite watcher looks every 250 ms); resolves to its last value. */
async function eventually(condition: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  await new Promise((r) => setTimeout(r, 300));
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return condition();
}

function sortById<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
