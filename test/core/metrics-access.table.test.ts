import { describe, expect, it } from 'vitest';
import { metricsVisibleTo, type MetricsAccess } from '../../src/core/policy/metrics-access.js';

// [access, the socket's peer, served?]
const ROWS: Array<[MetricsAccess, string | undefined, boolean]> = [
  ['loopback', '127.0.0.1', true],
  ['loopback', '127.3.2.1', true],
  ['loopback', '::1', true],
  ['loopback', '::ffff:127.0.0.1', true],
  ['loopback', '10.0.0.7', false],
  ['loopback', '192.168.1.20', false],
  ['loopback', '::ffff:10.0.0.7', false],
  ['loopback', '2001:db8::1', false],
  // 6to4 and NAT64 addresses embedding 127.x are other machines.
  ['loopback', '2002:7f00:1::1', false],
  ['loopback', '64:ff9b::7f00:1', false],
  ['loopback', undefined, false],
  ['loopback', '', false],
  ['any', '203.0.113.9', true],
  ['any', undefined, true],
  ['off', '127.0.0.1', false],
  ['off', '::1', false],
];

describe('metricsVisibleTo', () => {
  it.each(ROWS)('%s, peer %s → %s', (access, peer, served) => {
    expect(metricsVisibleTo(access, peer)).toBe(served);
  });
});
