import { describe, expect, it } from 'vitest';
import { classifyTenantSegment, passwordGrantOnAlias } from '../../src/core/policy/tenant-segment.js';

describe('tenant path segment [D/O §1.1]', () => {
  it.each<[string, string]>([
    ['8eaef023-2b34-4da1-9baa-8bc8c9d6a490', 'guid'],
    ['8EAEF023-2B34-4DA1-9BAA-8BC8C9D6A490', 'guid'],
    ['contoso.onmicrosoft.com', 'domain'],
    ['Entrada.Localhost', 'domain'],
    ['common', 'alias'],
    ['Organizations', 'alias'],
    ['consumers', 'alias'],
    ['localhost', 'invalid'], // one label is not a verified-domain shape
    ['bad_tenant', 'invalid'],
    ['-bad.example', 'invalid'],
    ['a'.repeat(64) + '.example', 'invalid'],
    ['', 'invalid'],
  ])('%s → %s', (segment, kind) => {
    expect(classifyTenantSegment(segment).kind).toBe(kind);
  });

  it('the password grant refuses /common and /consumers, and resolves /organizations from the user name [D]', () => {
    expect(passwordGrantOnAlias('common')).toBe('refuse');
    expect(passwordGrantOnAlias('consumers')).toBe('refuse');
    expect(passwordGrantOnAlias('organizations')).toBe('tenant-from-username');
  });
});
