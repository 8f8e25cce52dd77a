// The claims parameter's client capabilities (core/policy/client-capabilities.ts).

import { describe, expect, it } from 'vitest';
import { IdpError } from '../../src/core/errors/idp-error.js';
import { clientCapabilities } from '../../src/core/policy/client-capabilities.js';

describe('clientCapabilities', () => {
  it.each<[string, string | undefined, string[]]>([
    ['absent', undefined, []],
    ['empty', '', []],
    ['blank', '  ', []],
    ['cp1 as MSAL sends it [M]', '{"access_token":{"xms_cc":{"values":["cp1"]}}}', ['cp1']],
    ['merged with MSAL id_token entries [M]', '{"id_token":{"signin_state":{"essential":false}},"access_token":{"xms_cc":{"values":["cp1"]}}}', ['cp1']],
    ['upper case, repeated', '{"access_token":{"xms_cc":{"values":["CP1","cp1"]}}}', ['cp1']],
    ['unknown capabilities left out [I]', '{"access_token":{"xms_cc":{"values":["cp2","llt"]}}}', []],
    ['non-string values ignored', '{"access_token":{"xms_cc":{"values":[1,null,{},"cp1"]}}}', ['cp1']],
    ['values not an array', '{"access_token":{"xms_cc":{"values":"cp1"}}}', []],
    ['xms_cc not an object', '{"access_token":{"xms_cc":["cp1"]}}', []],
    ['only id_token claims', '{"id_token":{"auth_time":{"essential":true}}}', []],
    ['an empty object', '{}', []],
  ])('%s → %j', (_name, claims, expected) => {
    expect(clientCapabilities(claims)).toEqual(expected);
  });

  it.each([['{'], ['not json'], ['[]'], ['"cp1"'], ['42'], ['null'], ['{"a":1}x']])('%s → AADSTS90100 naming claims', (claims) => {
    let error: unknown;
    try {
      clientCapabilities(claims);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdpError);
    expect((error as IdpError).code).toBe(90100);
    expect((error as IdpError).description).toBe("The parameter 'claims' is empty or not valid.");
  });
});

// The lifetime cp1 gives (a day, policies not honoured) is core/policy/token-lifetime.ts's: test/core/token-lifetime.table.test.ts.
