// The seed's optionalClaims and the attributes optional claims read (issue 18): Graph's full shape
// once read, and what a bad value says (seed/optional-claims.ts, core/tokens/optional-claims.ts).

import { describe, expect, it } from 'vitest';
import { validateSeedData } from '../../src/seed/load.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APP = '22222222-2222-4222-8222-222222222222';
const seed = (app: object = {}, user: object = {}, tenant: object = {}) => ({
  tenants: [
    {
      id: TENANT, displayName: 'Contoso', domains: ['contoso.localhost'], ...tenant,
      applications: [{ appId: APP, displayName: 'App', ...app }],
      users: [{ userPrincipalName: 'a@contoso.localhost', displayName: 'A', password: 'x', ...user }],
    },
  ],
});

describe('seed: optionalClaims, user and tenant attributes', () => {
  it('reads optionalClaims into Graph’s full shape; the attributes as given', () => {
    const r = validateSeedData(seed({ optionalClaims: { idToken: [{ name: 'ctry' }] } }, { country: 'FR', preferredLanguage: 'fr-FR', usageLocation: 'FR' }, { countryLetterCode: 'DE', preferredLanguage: 'de' }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.seed.tenants[0].applications[0].optionalClaims).toEqual({
      idToken: [{ name: 'ctry', source: null, essential: false, additionalProperties: [] }], accessToken: [], saml2Token: [],
    });
    expect(r.seed.tenants[0].users[0]).toMatchObject({ country: 'FR', preferredLanguage: 'fr-FR', usageLocation: 'FR' });
    expect(r.seed.tenants[0]).toMatchObject({ countryLetterCode: 'DE', preferredLanguage: 'de' });
  });

  it.each<[string, ReturnType<typeof seed>, string]>([
    ['an unknown claim', seed({ optionalClaims: { accessToken: [{ name: 'ctyr' }] } }), "tenants[0].applications[0].optionalClaims.accessToken[0]: 'ctyr' is not an optional claim Entra defines"],
    ['a property the claim does not take', seed({ optionalClaims: { idToken: [{ name: 'upn', additionalProperties: ['use_guid'] }] } }), "tenants[0].applications[0].optionalClaims.idToken[0]: 'use_guid' is not an additional property of 'upn'"],
    ['an unknown token type', seed({ optionalClaims: { jwt: [] } }), 'tenants[0].applications[0].optionalClaims'],
    ['a usageLocation that is not a country code', seed({}, { usageLocation: 'France' }), 'tenants[0].users[0].usageLocation: must be a two-letter country code'],
    ['a preferredLanguage that is not a language tag', seed({}, { preferredLanguage: 'French please' }), 'tenants[0].users[0].preferredLanguage: must be a language tag'],
    ['a tenant countryLetterCode of three letters', seed({}, {}, { countryLetterCode: 'DEU' }), 'tenants[0].countryLetterCode: must be a two-letter country code'],
  ])('refuses %s', (_name, data, message) => {
    const r = validateSeedData(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.startsWith(message)), r.errors.join('\n')).toBe(true);
  });
});
