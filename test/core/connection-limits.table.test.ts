// The key connections are counted under for the per-address cap (core/connection-limits.ts), and
// the defaults' invariants.

import { describe, expect, it } from 'vitest';
import { addressKey, DEFAULT_CONNECTION_TIMEOUTS } from '../../src/core/connection-limits.js';

describe('addressKey', () => {
  it.each<[string, string | undefined, string]>([
    ['IPv4 as itself', '203.0.113.9', '203.0.113.9'],
    ['loopback', '127.0.0.1', '127.0.0.1'],
    ['IPv4-mapped IPv6 (a dual-stack listener) as the IPv4 address', '::ffff:203.0.113.9', '203.0.113.9'],
    ['IPv4-mapped in capitals', '::FFFF:127.0.0.1', '127.0.0.1'],
    ['IPv6 by its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['another address of the same /64 under the same key', '2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['another /64 under another key', '2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['leading zeros and capitals do not change the key', '2001:0DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['a compressed prefix', '2001:db8::1', '2001:db8:0:0::/64'],
    ['IPv6 loopback', '::1', '0:0:0:0::/64'],
    ['a zone is dropped', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['an unparsable address counts under itself', '1:2:3', '1:2:3'],
    ['a closed socket (no address)', undefined, 'unknown'],
  ])('%s', (_name, address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

describe('default timeouts', () => {
  it('headers within the request timeout (Node refuses otherwise), idle longer than clients keep idle connections', () => {
    const t = DEFAULT_CONNECTION_TIMEOUTS;
    expect(t.headersMs).toBeLessThanOrEqual(t.requestMs);
    // Node's agent keeps idle sockets 5 s, .NET 60 s: the server must outlast them.
    expect(t.keepAliveMs).toBeGreaterThan(60_000);
    expect(t.checkIntervalMs).toBeLessThan(t.headersMs);
  });
});
