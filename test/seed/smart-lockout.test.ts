// The seed's smart lockout settings and must-change-password flag (issue 17): defaults, the
// accepted ranges (core/policy/smart-lockout.ts SMART_LOCKOUT_LIMITS [I]) and what a bad value says.

import { describe, expect, it } from 'vitest';
import { validateSeedData } from '../../src/seed/load.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const seed = (tenant: object, user: object = {}) => ({
  tenants: [{ id: TENANT, displayName: 'Contoso', domains: ['contoso.localhost'], users: [{ userPrincipalName: 'a@contoso.localhost', displayName: 'A', password: 'x', ...user }], ...tenant }],
});

describe('seed: smartLockout and forceChangePasswordNextSignIn', () => {
  it('omitted: no settings (Entra’s defaults apply) and no forced change', () => {
    const r = validateSeedData(seed({}));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.seed.tenants[0].smartLockout).toBeUndefined();
    expect(r.seed.tenants[0].users[0].forceChangePasswordNextSignIn).toBe(false);
  });

  it('fills a half-given setting with Entra’s default', () => {
    const r = validateSeedData(seed({ smartLockout: { durationSeconds: 5 } }, { forceChangePasswordNextSignIn: true }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.seed.tenants[0].smartLockout).toEqual({ threshold: 10, durationSeconds: 5 });
    expect(r.seed.tenants[0].users[0].forceChangePasswordNextSignIn).toBe(true);
  });

  it.each<[object, string]>([
    [{ threshold: 0 }, 'tenants[0].smartLockout.threshold: must be a whole number of failed sign-ins from 1 to 1000'],
    [{ threshold: 2.5 }, 'tenants[0].smartLockout.threshold: must be a whole number of failed sign-ins from 1 to 1000'],
    [{ durationSeconds: 4 }, 'tenants[0].smartLockout.durationSeconds: must be a whole number of seconds from 5 to 86400'],
    [{ durationSeconds: '60' }, 'tenants[0].smartLockout.durationSeconds: must be a whole number of seconds from 5 to 86400'],
    [{ thresold: 3 }, 'tenants[0].smartLockout'],
  ])('refuses %j', (smartLockout, message) => {
    const r = validateSeedData(seed({ smartLockout }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.startsWith(message)), r.errors.join('\n')).toBe(true);
  });
});
