// core/policy/network-address.ts: which addresses federated key fetches may connect to (issue 9,
// finding 8), as a table over IPv4, IPv6, the IPv6 forms that lead to an IPv4 address, and the
// URL parser's handling of decimal / octal / hex IPv4 hosts; and the operator's opt-in.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { checkAddress, classifyAddress, isLoopbackAddress, parseAddressPolicy, type AddressClass } from '../../src/core/policy/network-address.js';

describe('classifyAddress', () => {
  it.each<[string, AddressClass]>([
    // IPv4
    ['8.8.8.8', 'public'],
    ['20.190.160.1', 'public'],
    ['1.1.1.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.1', 'public'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6
    ['2606:4700:4700::1111', 'public'],
    ['2a01:111:f400::1', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['64:ff9b:1::1', 'private'],
    // IPv6 leading to IPv4: classed by the IPv4 address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:169.254.169.254', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:0808:0808::1', 'public'],
    // Not an address (non-canonical IPv4 forms never reach here as such: see the URL cases)
    ['localhost', 'invalid'],
    ['0177.0.0.1', 'invalid'],
    ['2130706433', 'invalid'],
    ['256.1.1.1', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
    ['1::2::3', 'invalid'],
    ['', 'invalid'],
  ])('%s → %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  // The key source classifies URL hosts after the WHATWG URL parser, which turns every IPv4 form
  // getaddrinfo would accept into a dotted quad (and compresses IPv6).
  it.each<[string, AddressClass]>([
    ['https://2130706433/', 'loopback'],
    ['https://017700000001/', 'loopback'],
    ['https://0x7f.1/', 'loopback'],
    ['https://0177.0.0.1/', 'loopback'],
    ['https://127.1/', 'loopback'],
    ['https://0xa9fea9fe/', 'link-local'],
    ['https://[0:0:0:0:0:ffff:7f00:0001]/', 'loopback'],
    ['https://[::ffff:a9fe:a9fe]/', 'link-local'],
  ])('URL host of %s → %s', (url, expected) => {
    const host = new URL(url).hostname;
    expect(classifyAddress(host.startsWith('[') ? host.slice(1, -1) : host)).toBe(expected);
  });
});

// Incoming peers and Host names (trace audience, managed identity): this machine only. The SSRF
// classes above say 'loopback' for 6to4, NAT64 and IPv4-compatible forms of 127.x too, which as a
// peer are global IPv6 addresses of other machines.
describe('isLoopbackAddress', () => {
  it.each<[string, boolean]>([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::FFFF:127.1.2.3', true],
    ['[::ffff:7fff:ffff]', true],
    ['2002:7f00:1::1', false],
    ['2002:7f00:1::', false],
    ['64:ff9b::7f00:1', false],
    ['64:ff9b::127.0.0.1', false],
    ['::7f00:1', false],
    ['::127.0.0.1', false],
    ['::ffff:128.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
    ['::', false],
    ['::2', false],
    ['localhost', false],
    ['', false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('parseAddressPolicy and checkAddress', () => {
  const policy = (v: string | undefined) => {
    const p = parseAddressPolicy(v);
    if (!p.ok) throw new Error(p.error);
    return p.policy;
  };

  it.each<[string | undefined, string, boolean]>([
    [undefined, '8.8.8.8', true],
    [undefined, '127.0.0.1', false],
    ['', '10.0.0.1', false],
    ['0', '10.0.0.1', false],
    ['1', '127.0.0.1', true],
    ['true', '169.254.169.254', true],
    ['all', 'fd00::1', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.2', false],
    ['127.0.0.1', '::ffff:127.0.0.1', true],
    ['10.0.0.0/8, ::1', '10.200.3.4', true],
    ['10.0.0.0/8, ::1', '::1', true],
    ['10.0.0.0/8, ::1', '192.168.0.1', false],
    ['fd00::/8', 'fd12::1', true],
    ['1', 'not-an-address', false],
  ])('opt-in %j: %s allowed = %s', (optIn, address, allowed) => {
    expect(checkAddress(address, policy(optIn)).ok).toBe(allowed);
  });

  it('a refusal says the class', () => {
    expect(checkAddress('169.254.169.254', policy(undefined))).toEqual({ ok: false, class: 'link-local' });
  });

  it.each(['yes', '10.0.0.0/33', 'localhost', '10.0.0.0/8,nope'])('opt-in %j is not accepted', (v) => {
    expect(parseAddressPolicy(v).ok).toBe(false);
  });
});

describe('ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS in the configuration', () => {
  const load = (value?: string) => loadConfig(value === undefined ? {} : { ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS: value }, { home: '/tmp/entrada-config-test' });

  it('defaults to public addresses only; a list or 1 opts in', () => {
    const def = load();
    expect(def.ok && checkAddress('127.0.0.1', def.config.federatedAddressPolicy).ok).toBe(false);
    const listed = load('127.0.0.1');
    expect(listed.ok && checkAddress('127.0.0.1', listed.config.federatedAddressPolicy).ok).toBe(true);
    expect(listed.ok && checkAddress('10.0.0.1', listed.config.federatedAddressPolicy).ok).toBe(false);
    const all = load('1');
    expect(all.ok && checkAddress('10.0.0.1', all.config.federatedAddressPolicy).ok).toBe(true);
  });

  it('a value that is not 1 or a list of CIDRs stops the start with the reason', () => {
    expect(load('yes please')).toEqual({ ok: false, errors: [expect.stringMatching(/^federatedAllowPrivateNetworks: not a CIDR or IP address: yes please/)] });
  });
});
