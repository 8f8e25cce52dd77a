// The pure parts of the Enterprise applications, Users and Groups pages: the generated password
// meets Entra's policy, a group's Graph body and proposed mail nickname, which roles a user or
// group may be assigned, and how an enterprise application's publisher is told apart.

import { describe, expect, it } from 'vitest';
import type { AppRole, Application, ServicePrincipal } from '../../src/core/model.js';
import { DEFAULT_ACCESS_ROLE_ID } from '../../src/core/policy/entitlements.js';
import { passwordPolicyProblem } from '../../src/core/policy/password-policy.js';
import { mailNicknameProblem } from '../../src/directory/mail-nickname.js';
import { MICROSOFT_SERVICES_TENANT_ID } from '../../src/seed/graph.js';
import { assignableRoles } from '../../src/ui/portal/pages/enterprise/enterprise-assignments.js';
import { enterpriseKind } from '../../src/ui/portal/pages/enterprise/enterprise-blade.js';
import { newGroupBody, nicknameFrom } from '../../src/ui/portal/pages/groups/group-list.js';
import { generatePassword } from '../../src/ui/portal/pages/users/generated-password.js';

describe('generatePassword', () => {
  it('meets the password policy every time, and differs every time', () => {
    const made = Array.from({ length: 500 }, () => generatePassword());
    for (const p of made) {
      expect(p).toHaveLength(16);
      expect(passwordPolicyProblem(p)).toBeUndefined();
    }
    expect(new Set(made).size).toBe(made.length);
  });

  it('has all four categories even when the random source always answers 0', () => {
    const p = generatePassword(() => 0);
    expect(passwordPolicyProblem(p)).toBeUndefined();
  });
});

describe('nicknameFrom', () => {
  const TABLE: Array<[string, string]> = [
    ['Sales Team', 'SalesTeam'],
    ['R&D (Europe)', 'RDEurope'],
    ['.hidden.', 'hidden'],
    ['Équipe', 'quipe'],
    ['日本', 'group'],
    ['a'.repeat(100), 'a'.repeat(64)],
  ];
  it.each(TABLE)('%s → %s, a valid mailNickname', (name, nickname) => {
    expect(nicknameFrom(name)).toBe(nickname);
    expect(mailNicknameProblem(nicknameFrom(name))).toBeUndefined();
  });
});

describe('newGroupBody', () => {
  it('a security group: securityEnabled, not mail-enabled, groupTypes []', () => {
    expect(newGroupBody('security', { displayName: 'Ops', mailNickname: '', description: '' })).toEqual({ displayName: 'Ops', mailNickname: 'Ops', mailEnabled: false, securityEnabled: true, groupTypes: [] });
  });
  it('a Microsoft 365 group: mail-enabled, groupTypes [Unified], with its description', () => {
    expect(newGroupBody('m365', { displayName: 'Team', mailNickname: 'team', description: 'All of us' })).toEqual({
      displayName: 'Team',
      mailNickname: 'team',
      description: 'All of us',
      mailEnabled: true,
      securityEnabled: false,
      groupTypes: ['Unified'],
    });
  });
  it('anything else is a security group', () => {
    expect(newGroupBody('distribution', { displayName: 'X', mailNickname: 'x', description: '' })).toMatchObject({ securityEnabled: true, groupTypes: [] });
  });
});

const role = (id: string, value: string, allowed: AppRole['allowedMemberTypes'], isEnabled = true): AppRole => ({ id, value, displayName: value, description: '', allowedMemberTypes: allowed, isEnabled }) as AppRole;

describe('assignableRoles', () => {
  const TABLE: Array<[string, AppRole[], string[]]> = [
    ['no app roles: Default Access', [], [DEFAULT_ACCESS_ROLE_ID]],
    ['a User role', [role('11111111-1111-4111-8111-111111111111', 'Reader', ['User'])], ['11111111-1111-4111-8111-111111111111']],
    ['User and Application', [role('22222222-2222-4222-8222-222222222222', 'Both', ['User', 'Application'])], ['22222222-2222-4222-8222-222222222222']],
    ['Application only: none (no Default Access either)', [role('33333333-3333-4333-8333-333333333333', 'Data.Read', ['Application'])], []],
    ['a disabled User role: none', [role('44444444-4444-4444-8444-444444444444', 'Old', ['User'], false)], []],
  ];
  it.each(TABLE)('%s', (_name, roles, ids) => {
    expect(assignableRoles(roles).map((r) => r.id)).toEqual(ids);
  });
});

describe('enterpriseKind', () => {
  const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
  const sp = (type: ServicePrincipal['servicePrincipalType']) => ({ servicePrincipalType: type }) as ServicePrincipal;
  const app = (tenantId: string) => ({ tenantId }) as Application;
  const TABLE: Array<[string, ServicePrincipal, Application | undefined, string]> = [
    ['this tenant’s registration', sp('Application'), app(TENANT), 'tenant'],
    ['another tenant’s multi-tenant app', sp('Application'), app('0aa0aa00-0000-4000-8000-000000000000'), 'otherTenant'],
    ['Microsoft Graph (services tenant)', sp('Application'), app(MICROSOFT_SERVICES_TENANT_ID), 'microsoft'],
    ['a managed identity', sp('ManagedIdentity'), undefined, 'managedIdentity'],
  ];
  it.each(TABLE)('%s', (_name, s, a, kind) => {
    expect(enterpriseKind({ sp: s, app: a }, TENANT)).toBe(kind);
  });
});
