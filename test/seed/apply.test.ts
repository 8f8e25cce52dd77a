import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/crypto/password-hash.js';
import { verifySecret } from '../../src/crypto/secret-hash.js';
import { applySeed, describeAppKind } from '../../src/seed/apply.js';
import { AZURE_MANAGEMENT_APP_ID } from '../../src/seed/azure-management.js';
import { defaultSeedDeps } from '../../src/seed/deps.js';
import {
  MICROSOFT_GRAPH_APP_ID,
  MICROSOFT_GRAPH_IDENTIFIER_URI,
  MICROSOFT_SERVICES_TENANT_ID,
} from '../../src/seed/graph.js';
import { loadDemoSeed, parseSeed } from '../../src/seed/load.js';
import { derivedId } from '../../src/seed/ids.js';
import { SeedValidationError } from '../../src/seed/problems.js';
import type { Seed } from '../../src/seed/schema.js';
import { fakeDeps, fakeHashSecret, MemoryWriter } from './memory-writer.js';

const DEMO_TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const API = 'e7ada000-0000-4000-8000-000000000001';
const DAEMON = 'e7ada000-0000-4000-8000-000000000002';
const WEB = 'e7ada000-0000-4000-8000-000000000003';
const CLI = 'e7ada000-0000-4000-8000-000000000004';
const SPA = 'e7ada000-0000-4000-8000-000000000005';
const AUTOMATION = 'e7ada000-0000-4000-8000-000000000006';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

const GRAPH_SCOPE_IDS: Record<string, string> = {
  'User.Read': 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  'User.ReadBasic.All': 'b340eb25-3456-403f-be2f-af7a0d370277',
  'Mail.Read': '570282fd-fa5c-430d-a7fd-fc8dc98a9dca',
  email: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0',
  offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
  openid: '37f7f235-527c-4136-accd-4a02d197296e',
  profile: '14dad69e-099b-42c9-810b-d002981feec1',
  // Directory management, admin consent (graph-and-clients.md §D.1).
  'Application.Read.All': 'c79f8feb-a9db-4090-85f9-90d820caa0eb',
  'Application.ReadWrite.All': 'bdfbf15f-ee85-4955-8675-146e8e5296b5',
  'AppRoleAssignment.ReadWrite.All': '84bccea3-f856-4a8a-967b-dbe0a3d53a64',
  'DelegatedPermissionGrant.ReadWrite.All': '41ce6ca6-6826-4807-84f1-1c82854f7ee5',
  'Directory.Read.All': '06da0dbc-49e2-44d2-8312-53f166ab848a',
  'Directory.ReadWrite.All': 'c5366453-9fb0-48a5-a156-24f0c49a4b84',
  'Directory.AccessAsUser.All': '0e263e50-5827-48a4-b97c-d940288653c7',
  'User.Read.All': 'a154be20-db9c-4678-8ab7-66f6cc099a59',
  'User.ReadWrite.All': '204e0828-b5ca-4ad8-b9f3-f32a958e7cc4',
  'Group.Read.All': '5f8c59db-677d-491f-a6b8-5f174b11ec1d',
  'Group.ReadWrite.All': '4e46008b-f24c-477d-8fff-7bb4ec7aafe0',
  'GroupMember.ReadWrite.All': 'f81125ac-d3b7-4573-a3b2-7099cc39df9e',
  'AuditLog.Read.All': 'e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20',
  'Domain.Read.All': '2f9ee017-59c1-4f1d-9472-bd5529a7b311',
  // Conditional Access, per-user MFA and sessions (issue 17).
  'Policy.Read.All': '572fea84-0151-49b2-9301-11cb16974376',
  'Policy.ReadWrite.ConditionalAccess': 'ad902697-1014-4ef5-81ef-2b4301988e8c',
  'Policy.ReadWrite.AuthenticationMethod': '7e823077-d88e-468f-a337-e18f1f0e6c7c',
  'Policy.ReadWrite.ApplicationConfiguration': 'b27add92-efb2-4f16-84f5-8108ba77985c',
  'User.RevokeSessions.All': 'fc30e98b-8810-4501-81f5-c20a3196387b',
};

/** Graph's application permissions Entrada registers (graph-and-clients.md §D.1). */
const GRAPH_ROLE_IDS: Record<string, string> = {
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
  'AppRoleAssignment.ReadWrite.All': '06b708a9-e830-4db3-a914-8e69da51d44f',
  'DelegatedPermissionGrant.ReadWrite.All': '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'Group.Create': 'bf7b1a76-6e77-406b-b258-bf5c7720e98f',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'Domain.Read.All': 'dbb9058a-0e50-45d7-ae91-66909b5d4664',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'Policy.ReadWrite.ConditionalAccess': '01c0a623-fc9b-48e9-b794-0756f8e8f067',
  'Policy.ReadWrite.AuthenticationMethod': '29c18626-4985-4dcd-85c0-193eef327366',
  'Policy.ReadWrite.ApplicationConfiguration': 'be74164b-cff1-491c-8741-e671cb536e13',
  'User.RevokeSessions.All': '77f3a031-c388-4f99-b373-dc68676a979e',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
};

async function demoSeed(): Promise<Seed> {
  const result = await loadDemoSeed();
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.seed;
}

function seedFrom(yaml: string): Seed {
  const result = parseSeed(yaml, 'test.yaml');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.seed;
}

describe('demo seed', () => {
  it('parses without problems', async () => {
    const result = await loadDemoSeed();
    expect(result).toMatchObject({ ok: true });
  });

  it('applies: tenant, apps, service principals, users', async () => {
    const writer = new MemoryWriter();
    await applySeed(await demoSeed(), writer, fakeDeps());

    expect([...writer.tenants.values()]).toEqual([
      { id: DEMO_TENANT, displayName: 'Entrada Demo', domains: ['entrada.localhost'], federatedIdentityProviders: [] },
    ]);
    const names = [...writer.applications.values()].map((a) => a.displayName).sort();
    expect(names).toEqual(['Demo API', 'Demo Automation', 'Demo CLI', 'Demo Daemon', 'Demo SPA', 'Demo Web App', 'Microsoft Graph', 'Windows Azure Service Management API']);
    for (const appId of [API, DAEMON, WEB, CLI, SPA, AUTOMATION, MICROSOFT_GRAPH_APP_ID, AZURE_MANAGEMENT_APP_ID]) {
      expect(writer.spByAppId(DEMO_TENANT, appId), appId).toMatchObject({
        accountEnabled: true,
        appRoleAssignmentRequired: false,
        servicePrincipalType: 'Application',
      });
    }

    const api = writer.appByAppId(API)!;
    expect(api).toMatchObject({
      tenantId: DEMO_TENANT,
      signInAudience: 'AzureADMyOrg',
      identifierUris: ['api://entrada-demo-api'],
      api: { requestedAccessTokenVersion: 2 },
    });
    expect(api.api.oauth2PermissionScopes.map((s) => [s.value, s.type, s.isEnabled])).toEqual([
      ['access_as_user', 'User', true],
    ]);
    expect(api.appRoles.map((r) => [r.value, r.allowedMemberTypes])).toEqual([
      ['Data.Read', ['Application']],
      ['Data.Write', ['Application']],
    ]);

    expect(writer.appByAppId(WEB)).toMatchObject({
      web: { redirectUris: ['https://localhost:3000/auth/callback'] },
      isFallbackPublicClient: false,
    });
    expect(writer.appByAppId(WEB)!.passwordCredentials).toHaveLength(1);
    expect(writer.appByAppId(CLI)).toMatchObject({
      isFallbackPublicClient: true,
      publicClient: { redirectUris: ['http://localhost'] },
      passwordCredentials: [],
    });
    expect(writer.appByAppId(SPA)).toMatchObject({ spa: { redirectUris: ['http://localhost:5173/'] } });

    expect(writer.userByUpn('alice@entrada.localhost')).toMatchObject({
      tenantId: DEMO_TENANT,
      displayName: 'Alice Example',
      accountEnabled: true,
    });
    expect(writer.userByUpn('bob@entrada.localhost')?.accountEnabled).toBe(true);
    expect(writer.userByUpn('carol@entrada.localhost')?.accountEnabled).toBe(false);
    // users[].directoryRoles: the admin is a Global Administrator, nobody else holds a role.
    const admin = writer.userByUpn('admin@entrada.localhost')!;
    expect(admin).toMatchObject({ displayName: 'Entrada Admin', accountEnabled: true });
    expect([...writer.directoryRoles]).toEqual([`${DEMO_TENANT}|${GLOBAL_ADMINISTRATOR}|${admin.id}`]);
  });

  it('registers Microsoft Graph with its real permission ids and a service principal in the tenant', async () => {
    const writer = new MemoryWriter();
    await applySeed(await demoSeed(), writer, fakeDeps());
    const graph = writer.appByAppId(MICROSOFT_GRAPH_APP_ID)!;
    expect(graph).toMatchObject({
      displayName: 'Microsoft Graph',
      tenantId: MICROSOFT_SERVICES_TENANT_ID,
      identifierUris: [MICROSOFT_GRAPH_IDENTIFIER_URI],
      api: { requestedAccessTokenVersion: 1 },
    });
    expect(Object.fromEntries(graph.api.oauth2PermissionScopes.map((s) => [s.value, s.id]))).toEqual(GRAPH_SCOPE_IDS);
    expect(Object.fromEntries(graph.appRoles.map((r) => [r.value, r.id]))).toEqual(GRAPH_ROLE_IDS);
    expect(graph.appRoles.every((r) => r.allowedMemberTypes.join() === 'Application')).toBe(true);
    expect(writer.spByAppId(DEMO_TENANT, MICROSOFT_GRAPH_APP_ID)?.displayName).toBe('Microsoft Graph');
  });

  it('resolves assignments and grants to service principal and role ids', async () => {
    const writer = new MemoryWriter();
    await applySeed(await demoSeed(), writer, fakeDeps());
    const sp = (appId: string) => writer.spByAppId(DEMO_TENANT, appId)!.id;
    const role = (appId: string, value: string) => writer.appByAppId(appId)!.appRoles.find((r) => r.value === value)!.id;

    expect([...writer.assignments.values()].map(({ id: _id, ...a }) => a)).toEqual([
      { principalId: sp(DAEMON), principalType: 'ServicePrincipal', resourceId: sp(API), appRoleId: role(API, 'Data.Read') },
      {
        principalId: sp(DAEMON),
        principalType: 'ServicePrincipal',
        resourceId: sp(MICROSOFT_GRAPH_APP_ID),
        appRoleId: 'df021288-bdef-4463-88db-98f22de89214',
      },
      {
        principalId: sp(DAEMON),
        principalType: 'ServicePrincipal',
        resourceId: sp(MICROSOFT_GRAPH_APP_ID),
        appRoleId: 'b0afded3-3588-46d8-8b3d-9842eff778da', // AuditLog.Read.All: the sign-in log through Graph
      },
      // Demo Automation manages the directory through Graph.
      ...['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'AuditLog.Read.All'].map(
        (value) => ({ principalId: sp(AUTOMATION), principalType: 'ServicePrincipal', resourceId: sp(MICROSOFT_GRAPH_APP_ID), appRoleId: GRAPH_ROLE_IDS[value] }),
      ),
      // The demo's managed identities (demo-vm, demo-identity), by their client ids.
      ...['e7ada000-0000-4000-8000-0000000000a1', 'e7ada000-0000-4000-8000-0000000000a2'].map((mi) => ({
        principalId: sp(mi),
        principalType: 'ServicePrincipal',
        resourceId: sp(API),
        appRoleId: role(API, 'Data.Read'),
      })),
    ]);

    const grants = [...writer.grants.values()].map(({ id: _id, ...g }) => g);
    const graphScopes = 'User.Read openid profile email offline_access';
    // The Demo CLI may also manage the directory for a signed-in user with a directory role.
    const cliGraphScopes = `${graphScopes} Application.ReadWrite.All User.ReadWrite.All Group.ReadWrite.All Directory.Read.All`;
    expect(grants).toEqual(
      [CLI, WEB, SPA].flatMap((client) => [
        { clientId: sp(client), consentType: 'AllPrincipals', principalId: null, resourceId: sp(API), scope: 'access_as_user' },
        { clientId: sp(client), consentType: 'AllPrincipals', principalId: null, resourceId: sp(MICROSOFT_GRAPH_APP_ID), scope: client === CLI ? cliGraphScopes : graphScopes },
      ]),
    );
  });

  it('returns a summary with plain demo credentials for printing', async () => {
    const summary = await applySeed(await demoSeed(), new MemoryWriter(), fakeDeps());
    expect(summary.tenants).toHaveLength(1);
    const [tenant] = summary.tenants;
    expect(tenant.tenant).toEqual({ id: DEMO_TENANT, displayName: 'Entrada Demo', defaultDomain: 'entrada.localhost' });
    expect(tenant.apps.map((a) => [a.displayName, a.appId, a.kind, a.secrets])).toEqual([
      ['Demo API', API, 'API', []],
      ['Demo Daemon', DAEMON, 'confidential (daemon)', ['daemon~secret~entrada-demo-0002']],
      ['Demo Web App', WEB, 'confidential (web)', ['webapp~secret~entrada-demo-0003']],
      ['Demo CLI', CLI, 'public client', []],
      ['Demo SPA', SPA, 'SPA', []],
      ['Demo Automation', AUTOMATION, 'confidential (daemon)', ['automation~secret~entrada-demo-0006']],
    ]);
    expect(tenant.apps[2].redirectUris).toEqual({ web: ['https://localhost:3000/auth/callback'], spa: [], publicClient: [] });
    expect(tenant.users).toEqual([
      { upn: 'alice@entrada.localhost', displayName: 'Alice Example', password: 'Alice-demo-password-1', enabled: true, directoryRoles: [] },
      { upn: 'bob@entrada.localhost', displayName: 'Bob Example', password: 'Bob-demo-password-2', enabled: true, directoryRoles: [] },
      { upn: 'carol@entrada.localhost', displayName: 'Carol Example (disabled)', password: 'Carol-demo-password-3', enabled: false, directoryRoles: [] },
      { upn: 'admin@entrada.localhost', displayName: 'Entrada Admin', password: 'Admin-demo-password-0', enabled: true, directoryRoles: ['Global Administrator'] },
    ]);
  });
});

describe('applySeed', () => {
  it('is idempotent: re-applying upserts the same ids and the same objects', async () => {
    const seed = await demoSeed();
    const writer = new MemoryWriter();
    await applySeed(seed, writer, fakeDeps(new Date('2026-03-01T12:00:00Z')));
    const first = writer.calls.map((c) => structuredClone(c));
    writer.calls.length = 0;
    // A later start: the defaulted secret dates must not move.
    await applySeed(seed, writer, fakeDeps(new Date('2027-06-01T00:00:00Z')));
    expect(writer.calls).toEqual(first);

    // And a fresh database gets the same ids.
    const other = new MemoryWriter();
    await applySeed(seed, other, fakeDeps());
    const ids = (w: MemoryWriter) => w.calls.map((c) => [c.method, (c.value as { id: string }).id]);
    expect(ids(other)).toEqual(ids(writer));
  });

  it('derives ids from the tenant, so another tenant with the same shape gets other ids', async () => {
    const yaml = (tenantId: string, appId: string) => `
tenants:
  - id: ${tenantId}
    displayName: T
    domains: [t${tenantId.slice(0, 4)}.localhost]
    applications: [{ appId: ${appId}, displayName: A, appRoles: [{ value: R, allowedMemberTypes: [Application] }] }]
    users: [{ userPrincipalName: u@t${tenantId.slice(0, 4)}.localhost, displayName: U }]
`;
    const a = new MemoryWriter();
    const b = new MemoryWriter();
    await applySeed(seedFrom(yaml('11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333')), a, fakeDeps());
    await applySeed(seedFrom(yaml('22222222-2222-4222-8222-222222222222', '44444444-4444-4444-8444-444444444444')), b, fakeDeps());
    const idsA = new Set(a.calls.map((c) => (c.value as { id: string }).id));
    // The built-in APIs' application objects are the same for every tenant.
    const builtIn = [a.appByAppId(MICROSOFT_GRAPH_APP_ID)!.id, a.appByAppId(AZURE_MANAGEMENT_APP_ID)!.id];
    for (const c of b.calls) {
      const id = (c.value as { id: string }).id;
      if (!builtIn.includes(id)) expect(idsA.has(id), `${c.method} ${id}`).toBe(false);
    }
  });

  it('uses explicit ids when the seed gives them', async () => {
    const writer = new MemoryWriter();
    await applySeed(
      seedFrom(`
tenants:
  - id: 11111111-1111-4111-8111-111111111111
    displayName: T
    domains: [t.localhost]
    applications:
      - id: AAAAAAAA-0000-4000-8000-000000000001
        appId: AAAAAAAA-0000-4000-8000-000000000002
        displayName: A
        servicePrincipal: { id: aaaaaaaa-0000-4000-8000-000000000003, appRoleAssignmentRequired: true }
        appRoles: [{ id: aaaaaaaa-0000-4000-8000-000000000004, value: R, allowedMemberTypes: [User] }]
        passwordCredentials: [{ keyId: aaaaaaaa-0000-4000-8000-000000000005, secretText: abcdefghijklmnopqrstuvwxyz }]
    users: [{ id: aaaaaaaa-0000-4000-8000-000000000006, userPrincipalName: u@t.localhost, displayName: U }]
    appRoleAssignments: [{ principal: U@T.LOCALHOST, resource: aaaaaaaa-0000-4000-8000-000000000002, appRole: aaaaaaaa-0000-4000-8000-000000000004 }]
`),
      writer,
      fakeDeps(),
    );
    const app = writer.appByAppId('aaaaaaaa-0000-4000-8000-000000000002')!;
    expect(app.id).toBe('aaaaaaaa-0000-4000-8000-000000000001');
    expect(app.appRoles[0].id).toBe('aaaaaaaa-0000-4000-8000-000000000004');
    expect(app.passwordCredentials[0].keyId).toBe('aaaaaaaa-0000-4000-8000-000000000005');
    expect(writer.servicePrincipals.get('aaaaaaaa-0000-4000-8000-000000000003')).toMatchObject({
      appRoleAssignmentRequired: true,
    });
    expect([...writer.assignments.values()][0]).toMatchObject({
      principalId: 'aaaaaaaa-0000-4000-8000-000000000006',
      principalType: 'User',
      resourceId: 'aaaaaaaa-0000-4000-8000-000000000003',
      appRoleId: 'aaaaaaaa-0000-4000-8000-000000000004',
    });
  });

  it('never hands a secret or password to the writer in plain text', async () => {
    const seed = await demoSeed();
    const writer = new MemoryWriter();
    await applySeed(seed, writer, fakeDeps());
    const written = JSON.stringify(writer.calls);
    const plain = seed.tenants.flatMap((t) => [
      ...t.applications.flatMap((a) => a.passwordCredentials.map((c) => c.secretText)),
      ...t.users.flatMap((u) => (u.password ? [u.password] : [])),
    ]);
    expect(plain.length).toBe(7); // 3 app secrets, 4 user passwords
    for (const value of plain) expect(written).not.toContain(value);

    const [cred] = writer.appByAppId(DAEMON)!.passwordCredentials;
    expect(cred.secretHash).toBe(fakeHashSecret('daemon~secret~entrada-demo-0002'));
    expect(cred.hint).toBe('dae'); // Graph returns the first three characters as the hint
    expect(writer.userByUpn('alice@entrada.localhost')?.passwordHash).toMatch(/^fake-password-hash:/);
  });

  it('stores hashes the real verifiers accept (crypto/)', async () => {
    const writer = new MemoryWriter();
    await applySeed(await demoSeed(), writer, defaultSeedDeps(new Date('2026-03-01T12:00:00Z')));
    const [cred] = writer.appByAppId(WEB)!.passwordCredentials;
    expect(verifySecret('webapp~secret~entrada-demo-0003', cred.secretHash)).toBe(true);
    expect(verifySecret('webapp~secret~entrada-demo-0002', cred.secretHash)).toBe(false);
    const alice = writer.userByUpn('alice@entrada.localhost')!;
    expect(await verifyPassword('Alice-demo-password-1', alice.passwordHash!)).toBe(true);
  });

  it('dates secrets like Graph addPassword: now + 2 years by default; explicit dates win', async () => {
    const writer = new MemoryWriter();
    await applySeed(
      seedFrom(`
tenants:
  - id: 11111111-1111-4111-8111-111111111111
    displayName: T
    domains: [t.localhost]
    applications:
      - appId: 22222222-2222-4222-8222-222222222222
        displayName: A
        passwordCredentials:
          - secretText: default-dates-secret-1
          - secretText: explicit-dates-secret-2
            startDateTime: 2025-01-01T00:00:00Z
            endDateTime: 2025-07-01T00:00:00+02:00
          - secretText: already-expired-secret-3
            endDateTime: 2020-01-01T00:00:00Z
          - secretText: start-only-secret-4
            startDateTime: 2028-02-29T00:00:00Z
`),
      writer,
      fakeDeps(new Date('2026-03-01T12:00:00.123Z')),
    );
    const creds = writer.appByAppId('22222222-2222-4222-8222-222222222222')!.passwordCredentials;
    expect(creds.map((c) => [c.startDateTime, c.endDateTime])).toEqual([
      ['2026-03-01T12:00:00Z', '2028-03-01T12:00:00Z'],
      ['2025-01-01T00:00:00Z', '2025-06-30T22:00:00Z'],
      ['2018-01-01T00:00:00Z', '2020-01-01T00:00:00Z'],
      ['2028-02-29T00:00:00Z', '2030-03-01T00:00:00Z'],
    ]);
  });

  it('registers a certificate with its thumbprints and validity', async () => {
    const pem = await readFile(new URL('./fixtures/client-cert.pem', import.meta.url), 'utf8');
    const base64Der = pem.replace(/-----[A-Z ]+-----|\s/g, '');
    const writer = new MemoryWriter();
    const yamlPem = pem.trim().split('\n').map((l) => `              ${l}`).join('\n');
    await applySeed(
      seedFrom(`
tenants:
  - id: 11111111-1111-4111-8111-111111111111
    displayName: T
    domains: [t.localhost]
    applications:
      - appId: 22222222-2222-4222-8222-222222222222
        displayName: PEM
        keyCredentials:
          - displayName: test cert
            key: |
${yamlPem}
      - appId: 33333333-3333-4333-8333-333333333333
        displayName: DER
        keyCredentials:
          - key: ${base64Der}
            endDateTime: 2030-01-01T00:00:00Z
`),
      writer,
      fakeDeps(),
    );
    const [pemKey] = writer.appByAppId('22222222-2222-4222-8222-222222222222')!.keyCredentials;
    // openssl x509 -fingerprint -sha1 / -sha256 of the fixture, as base64url.
    const sha1 = Buffer.from('7E230C1684403512' + '05D37C385EF679A58BBCE4DE', 'hex').toString('base64url');
    const sha256 = Buffer.from(
      'A0341FFEAB6CD09B17D3AAE67FAB7310E3E1785469174ECFDDECBD9426B9D694',
      'hex',
    ).toString('base64url');
    expect(pemKey).toMatchObject({
      displayName: 'test cert',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: base64Der,
      thumbprintSha1: sha1,
      thumbprintSha256: sha256,
      startDateTime: '2026-11-26T06:57:27Z',
      endDateTime: '2036-11-23T06:57:27Z',
    });
    const [derKey] = writer.appByAppId('33333333-3333-4333-8333-333333333333')!.keyCredentials;
    expect(derKey).toMatchObject({ key: base64Der, thumbprintSha1: sha1, endDateTime: '2030-01-01T00:00:00Z' });
    expect(derKey.keyId).not.toBe(pemKey.keyId);
  });

  it('keeps certificates added outside the seed (entrada app add-cert) when it is applied again', async () => {
    const pem = await readFile(new URL('./fixtures/client-cert.pem', import.meta.url), 'utf8');
    const yamlPem = pem.trim().split('\n').map((l) => `              ${l}`).join('\n');
    const T = '11111111-1111-4111-8111-111111111111';
    const APP = '22222222-2222-4222-8222-222222222222';
    const seed = seedFrom(`
tenants:
  - id: ${T}
    displayName: T
    domains: [t.localhost]
    applications:
      - appId: ${APP}
        displayName: Daemon
        keyCredentials:
          - key: |
${yamlPem}
`);
    const writer = new MemoryWriter();
    await applySeed(seed, writer, fakeDeps());
    const [seedKey] = writer.appByAppId(APP)!.keyCredentials;
    const stored = (keyId: string, thumbprint: string) => ({
      ...seedKey, keyId, displayName: keyId, thumbprintSha1: thumbprint.slice(0, 27), thumbprintSha256: thumbprint,
    });
    const byCli = stored('0badc0de-0000-4000-8000-000000000001', 'cli-added-certificate-thumbprint-sha256');
    // Written by an earlier seed that listed another certificate (derived keyId) and no longer does.
    const formerSeed = stored(derivedId.keyCredential(T, APP, 'former-seed-certificate-sha256'), 'former-seed-certificate-sha256');
    // The seed's certificate added by hand as well, under another keyId: the seed's entry wins.
    const sameCert = { ...seedKey, keyId: '0badc0de-0000-4000-8000-000000000002' };
    const app = writer.appByAppId(APP)!;
    await writer.upsertApplication({ ...app, keyCredentials: [...app.keyCredentials, byCli, formerSeed, sameCert] });

    await applySeed(seed, writer, fakeDeps());
    expect(writer.appByAppId(APP)!.keyCredentials).toEqual([seedKey, byCli]);
    await applySeed(seed, writer, fakeDeps());
    expect(writer.appByAppId(APP)!.keyCredentials).toEqual([seedKey, byCli]);
  });

  it('creates no service principal for servicePrincipal: false', async () => {
    const writer = new MemoryWriter();
    const summary = await applySeed(
      seedFrom(`
tenants:
  - id: 11111111-1111-4111-8111-111111111111
    displayName: T
    domains: [t.localhost]
    applications: [{ appId: 22222222-2222-4222-8222-222222222222, displayName: A, servicePrincipal: false }]
`),
      writer,
      fakeDeps(),
    );
    expect(writer.appByAppId('22222222-2222-4222-8222-222222222222')).toBeDefined();
    expect(writer.spByAppId('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222')).toBeUndefined();
    expect(writer.spByAppId('11111111-1111-4111-8111-111111111111', MICROSOFT_GRAPH_APP_ID)).toBeDefined();
    expect(summary.tenants[0].apps[0]).toMatchObject({ hasServicePrincipal: false, kind: 'no platform configured' });
  });

  it('refuses a seed whose references do not resolve', async () => {
    const seed = seedFrom(`
tenants:
  - id: 11111111-1111-4111-8111-111111111111
    displayName: T
    domains: [t.localhost]
`);
    seed.tenants[0].oauth2PermissionGrants.push({
      client: '22222222-2222-4222-8222-222222222222',
      resource: 'https://graph.microsoft.com',
      scope: 'User.Read',
      consentType: 'AllPrincipals',
    });
    const writer = new MemoryWriter();
    await expect(applySeed(seed, writer, fakeDeps())).rejects.toThrow(SeedValidationError);
    expect(writer.calls).toEqual([]);
  });

  it('describes app kinds', () => {
    const base = {
      web: { redirectUris: [] as string[] },
      spa: { redirectUris: [] as string[] },
      publicClient: { redirectUris: [] as string[] },
      isFallbackPublicClient: false,
      passwordCredentials: [] as unknown[],
      keyCredentials: [] as unknown[],
      identifierUris: [] as string[],
      appRoles: [] as unknown[],
      api: { oauth2PermissionScopes: [] as unknown[] },
    };
    const kind = (patch: object) => describeAppKind({ ...base, ...patch } as never);
    expect(kind({ web: { redirectUris: ['https://a/'] }, spa: { redirectUris: ['https://b/'] } })).toBe('confidential (web) + SPA');
    expect(kind({ passwordCredentials: [{}], identifierUris: ['api://x'] })).toBe('confidential (daemon) + API');
    expect(kind({ publicClient: { redirectUris: ['msal1://auth'] } })).toBe('public client');
  });
});
