// Hosts mode's start-up check: a Microsoft name that does not resolve to this machine is warned about.

import { describe, expect, it } from 'vitest';
import { hostsWarnings, isLoopback } from '../../src/cli/hosts-check.js';
import { MICROSOFT_HOSTS } from '../../src/core/microsoft-hosts.js';

describe('hosts-mode start-up check', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['20.190.151.68', false],
    ['2603:1006:2000::1', false],
    ['10.0.0.1', false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });

  it('says nothing when every name points here', async () => {
    expect(await hostsWarnings(async () => ['127.0.0.1', '::1'])).toEqual([]);
  });

  it('warns per name that resolves to Microsoft or not at all', async () => {
    const lines = await hostsWarnings(async (name) => (name === 'graph.microsoft.com' ? ['20.190.151.68', '127.0.0.1'] : name === 'sts.windows.net' ? [] : ['127.0.0.1']));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('sts.windows.net does not resolve');
    expect(lines[1]).toContain('graph.microsoft.com resolves to 20.190.151.68, not this machine');
    expect(lines.every((l) => l.endsWith('sudo entrada hosts --apply'))).toBe(true);
    expect(MICROSOFT_HOSTS).toContain('management.azure.com');
  });
});
