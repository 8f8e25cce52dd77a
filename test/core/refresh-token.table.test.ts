import { describe, expect, it } from 'vitest';
import type { RefreshTokenRecord } from '../../src/core/model.js';
import { dotNetInstant, refreshTokenRefusal, timeSpan } from '../../src/core/policy/refresh-token.js';

const record = (over: Partial<RefreshTokenRecord>): RefreshTokenRecord => ({
  tokenHash: 'h', familyId: 'f', tenantId: 't', clientId: 'c', userId: 'u', clientType: 'public', scopes: [],
  authTime: '2026-01-01T00:00:00.000Z', createdAt: '2026-02-01T00:00:00.000Z', expiresAt: '2026-05-02T00:00:00.000Z', revokedAt: null,
  ...over,
});

describe('refresh token redeemability', () => {
  it.each<[string, Partial<RefreshTokenRecord>, string, number | undefined]>([
    ['valid', {}, '2026-05-01T23:59:59Z', undefined],
    ['expired (inactivity)', {}, '2026-05-02T00:00:00Z', 700082],
    ['revoked, even before expiry', { revokedAt: '2026-03-01T00:00:00.000Z' }, '2026-03-02T00:00:00Z', 50173],
    ['SPA past its 24 h', { clientType: 'spa', expiresAt: '2026-01-02T00:00:00.000Z' }, '2026-01-02T00:00:01Z', 700084],
    ['SPA within its 24 h', { clientType: 'spa', expiresAt: '2026-01-02T00:00:00.000Z' }, '2026-01-01T23:00:00Z', undefined],
  ])('%s', (_n, over, now, code) => {
    expect(refreshTokenRefusal(record(over), new Date(now))?.code).toBe(code);
  });

  it('prints the window and the issue date the way Entra does', () => {
    expect(refreshTokenRefusal(record({}), new Date('2026-06-01T00:00:00Z'))?.args).toEqual({ issueDate: '2026-02-01T00:00:00.0000000Z', time: '90.00:00:00' });
    expect(refreshTokenRefusal(record({ clientType: 'spa', expiresAt: '2026-01-02T00:00:00.000Z' }), new Date('2026-02-01T00:00:00Z'))?.args).toEqual({ time: '1.00:00:00', issueDate: '2026-01-01T00:00:00.0000000Z' });
    expect(timeSpan(90061_000)).toBe('1.01:01:01');
    expect(dotNetInstant('2026-11-26T06:43:09.123Z')).toBe('2026-11-26T06:43:09.1230000Z');
  });
});
