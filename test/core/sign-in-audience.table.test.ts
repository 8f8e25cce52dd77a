// core/policy/sign-in-audience.ts: who may sign in to an app by its signInAudience, the tenant in
// the path and the user's tenant (issue 18).

import { describe, expect, it } from 'vitest';
import type { SignInAudience } from '../../src/core/model.js';
import { accessForUser, appAtPathTenant, type AtPathTenant, type ForUser, type TenantAlias } from '../../src/core/policy/sign-in-audience.js';

const A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const app = (signInAudience: SignInAudience, createdDateTime?: string) => ({ signInAudience, tenantId: A, createdDateTime });

describe('before the sign-in: the path tenant and the app', () => {
  it.each<[string, SignInAudience, string | null, TenantAlias | null, boolean, AtPathTenant]>([
    ['home tenant', 'AzureADMyOrg', A, null, true, { ok: true }],
    ['single-tenant app under another tenant → 700016', 'AzureADMyOrg', B, null, false, { ok: false, code: 700016, directory: 'path' }],
    ['single-tenant app whose service principal another tenant holds anyway', 'AzureADMyOrg', B, null, true, { ok: true }],
    ['multi-tenant app not yet in the path tenant: consent will add it', 'AzureADMultipleOrgs', B, null, false, { ok: true }],
    ['multi-tenant and personal accounts, not yet in B', 'AzureADandPersonalMicrosoftAccount', B, null, false, { ok: true }],
    ['personal accounts only, under a tenant without it → 700016', 'PersonalMicrosoftAccount', B, null, false, { ok: false, code: 700016, directory: 'path' }],
    ['/organizations', 'AzureADMyOrg', null, 'organizations', false, { ok: true }],
    ['/common', 'AzureADMultipleOrgs', null, 'common', false, { ok: true }],
    ['/consumers, work accounts only → 700016 in the consumers directory', 'AzureADMultipleOrgs', null, 'consumers', false, { ok: false, code: 700016, directory: 'consumers' }],
    ['/consumers, single tenant → 700016 in the consumers directory', 'AzureADMyOrg', null, 'consumers', false, { ok: false, code: 700016, directory: 'consumers' }],
    ['/consumers, personal accounts allowed', 'AzureADandPersonalMicrosoftAccount', null, 'consumers', false, { ok: true }],
  ])('%s', (_name, audience, pathTenantId, alias, hasServicePrincipal, expected) => {
    expect(appAtPathTenant({ app: app(audience), pathTenantId, alias, hasServicePrincipal })).toEqual(expected);
  });
});

describe('after the sign-in: the user\'s tenant', () => {
  it.each<[string, SignInAudience, string | null, TenantAlias | null, string, boolean, ForUser, string?]>([
    ['home user under the home tenant', 'AzureADMyOrg', A, null, A, true, { ok: true, provision: false }],
    ['a B user under /A → 50020', 'AzureADMultipleOrgs', A, null, B, false, { ok: false, code: 50020, tenant: 'path' }],
    ['a B user under /A, single tenant → 50020', 'AzureADMyOrg', A, null, B, false, { ok: false, code: 50020, tenant: 'path' }],
    ['a B user under /B, multi-tenant, first use → provision', 'AzureADMultipleOrgs', B, null, B, false, { ok: true, provision: true }],
    ['a B user under /organizations, first use → provision', 'AzureADMultipleOrgs', null, 'organizations', B, false, { ok: true, provision: true }],
    ['a B user under /common, already added', 'AzureADandPersonalMicrosoftAccount', null, 'common', B, true, { ok: true, provision: false }],
    ['single tenant under /organizations, its own user → 50194', 'AzureADMyOrg', null, 'organizations', A, true, { ok: false, code: 50194 }],
    ['single tenant under /common, another tenant\'s user → 50194', 'AzureADMyOrg', null, 'common', B, false, { ok: false, code: 50194 }],
    ['single tenant registered before 10/15/2018 under /common, its own user', 'AzureADMyOrg', null, 'common', A, true, { ok: true, provision: false }, '2017-06-01T00:00:00Z'],
    ['single tenant registered before 10/15/2018 under /common, another tenant → 700016', 'AzureADMyOrg', null, 'common', B, false, { ok: false, code: 700016 }, '2017-06-01T00:00:00Z'],
    ['single tenant registered on 10/15/2018 → 50194', 'AzureADMyOrg', null, 'common', A, true, { ok: false, code: 50194 }, '2018-10-15T00:00:00Z'],
    ['/consumers: a work account → 50020 (personal accounts\' tenant)', 'AzureADandPersonalMicrosoftAccount', null, 'consumers', B, false, { ok: false, code: 50020, tenant: 'consumers' }],
    ['personal accounts only: a work account → 50020', 'PersonalMicrosoftAccount', null, 'common', A, true, { ok: false, code: 50020, tenant: 'consumers' }],
  ])('%s', (_name, audience, pathTenantId, alias, userTenantId, hasServicePrincipal, expected, created) => {
    expect(accessForUser({ app: app(audience, created), pathTenantId, alias, userTenantId, hasServicePrincipal })).toEqual(expected);
  });
});
