// The vocabulary of Conditional Access objects (core/policy/conditional-access-values.ts), as tables:
// named locations' CIDR ranges, authentication context ids, keywords per list, grant controls.

import { describe, expect, it } from 'vitest';
import { authContextProblem, cidrProblem, grantControlsProblem, keyword } from '../../src/core/policy/conditional-access-values.js';

describe('cidrProblem', () => {
  it.each<[string, 4 | 6 | undefined, string | undefined]>([
    ['203.0.113.0/24', undefined, undefined],
    ['203.0.113.7/32', 4, undefined],
    ['127.0.0.1/32', undefined, undefined], // loopback: Entrada's choice, a test's clients come from it
    ['10.0.0.0/9', 4, undefined],
    ['2001:db8::/48', 6, undefined],
    ['::1/128', undefined, undefined],
    ['10.0.0.0/8', 4, "'10.0.0.0/8' has a /8 mask; Entra allows only masks longer than /8"],
    ['0.0.0.0/0', undefined, "'0.0.0.0/0' has a /0 mask; Entra allows only masks longer than /8"],
    ['2001::/8', 6, "'2001::/8' has a /8 mask; Entra allows only masks longer than /8"],
    ['203.0.113.0/33', undefined, "'203.0.113.0/33' is not a CIDR range (address/prefix, e.g. 203.0.113.0/24)"],
    ['203.0.113.0', undefined, "'203.0.113.0' is not a CIDR range (address/prefix, e.g. 203.0.113.0/24)"],
    ['203.0.113.300/24', undefined, "'203.0.113.300/24' is not a CIDR range (address/prefix, e.g. 203.0.113.0/24)"],
    ['010.0.0.0/16', undefined, "'010.0.0.0/16' is not a CIDR range (address/prefix, e.g. 203.0.113.0/24)"],
    ['[::1]/128', undefined, "'[::1]/128' is not a CIDR range (address/prefix, e.g. 203.0.113.0/24)"],
    ['fe80::1%eth0/64', 6, "'fe80::1%eth0/64' is not a CIDR range (address/prefix, e.g. 2001:db8::/48)"],
    ['office', undefined, "'office' is not a CIDR range (address/prefix, e.g. 203.0.113.0/24)"],
    ['2001:db8::/48', 4, "'2001:db8::/48' is an IPv6 range in an iPv4CidrRange"],
    ['203.0.113.0/24', 6, "'203.0.113.0/24' is an IPv4 range in an iPv6CidrRange"],
  ])('%s (IPv%s) → %s', (cidr, family, problem) => {
    expect(cidrProblem(cidr, family)).toBe(problem);
  });
});

describe('authContextProblem', () => {
  it.each([
    ['c1', true],
    ['c9', true],
    ['c10', true],
    ['c99', true],
    ['c0', false],
    ['c100', false],
    ['C1', false],
    ['c01', false],
    ['c', false],
    ['urn:microsoft:req1', false],
  ])('%s valid: %s', (value, valid) => {
    expect(authContextProblem(value) === undefined).toBe(valid);
  });
});

describe('keyword', () => {
  it.each<[Parameters<typeof keyword>[0], 'include' | 'exclude', string, string | undefined]>([
    ['user', 'include', 'All', 'All'],
    ['user', 'include', 'all', 'All'],
    ['user', 'include', 'none', 'None'],
    ['user', 'include', 'GuestsOrExternalUsers', 'GuestsOrExternalUsers'],
    ['user', 'exclude', 'All', undefined],
    ['user', 'exclude', 'guestsorexternalusers', 'GuestsOrExternalUsers'],
    ['group', 'include', 'All', undefined],
    ['application', 'include', 'office365', 'Office365'],
    ['application', 'exclude', 'None', undefined],
    ['location', 'include', 'alltrusted', 'AllTrusted'],
    ['location', 'include', 'All', 'All'],
    ['location', 'exclude', 'All', undefined],
  ])('%s %s %s → %s', (kind, side, ref, expected) => {
    expect(keyword(kind, side, ref)).toBe(expected);
  });
});

describe('grantControlsProblem', () => {
  it.each<[string[], string | undefined]>([
    [['mfa'], undefined],
    [['block'], undefined],
    [['mfa', 'compliantDevice'], undefined],
    [['block', 'mfa'], "'block' cannot be combined with other controls: a policy either blocks or grants with controls"],
    [['mfa', 'mfa'], 'lists a control twice'],
  ])('%j → %s', (controls, problem) => {
    expect(grantControlsProblem(controls)).toBe(problem);
  });
});
