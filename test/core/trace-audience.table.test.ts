// Who sees identities and internals on /error?trace_id= (issue #9, finding 7): loopback peers only.

import { describe, expect, it } from 'vitest';
import { traceAudience, type TraceAudience } from '../../src/core/policy/trace-audience.js';

describe('traceAudience', () => {
  const cases: Array<[string | undefined, TraceAudience]> = [
    ['127.0.0.1', 'local'],
    ['127.255.0.9', 'local'],
    ['::1', 'local'],
    ['0:0:0:0:0:0:0:1', 'local'],
    ['::ffff:127.0.0.1', 'local'],
    ['[::1]', 'local'],
    ['::ffff:7f00:1', 'local'],
    // Global IPv6 addresses that embed 127.x are other machines, not this one.
    ['2002:7f00:1::1', 'remote'],
    ['2002:7f00:1::', 'remote'],
    ['64:ff9b::7f00:1', 'remote'],
    ['64:ff9b::127.0.0.1', 'remote'],
    ['::7f00:1', 'remote'],
    ['::127.0.0.1', 'remote'],
    ['::ffff:128.0.0.1', 'remote'],
    ['10.0.0.1', 'remote'],
    ['192.168.1.20', 'remote'],
    ['::ffff:10.0.0.1', 'remote'],
    ['128.0.0.1', 'remote'],
    ['2001:db8::1', 'remote'],
    ['fe80::1', 'remote'],
    ['0.0.0.0', 'remote'],
    ['', 'remote'],
    ['not an address', 'remote'],
    [undefined, 'remote'],
  ];
  it.each(cases)('%s → %s', (address, audience) => {
    expect(traceAudience(address)).toBe(audience);
  });
});
