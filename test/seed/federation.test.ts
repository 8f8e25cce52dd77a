// A seed's federatedIdentityProviders (SAML bearer trust): shape, cross-checks against the tenant,
// and what apply stores (certificates as base64 DER).

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applySeed } from '../../src/seed/apply.js';
import { parseSeed } from '../../src/seed/load.js';
import { clientCertificate } from '../support/client-certificate.js';
import { fakeDeps, MemoryWriter } from './memory-writer.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const ISSUER = 'http://adfs.contoso.test/adfs/services/trust';
const cert = await clientCertificate();
const next = await clientCertificate();

// biome-ignore lint/suspicious/noExplicitAny: seeds are broken here field by field, on purpose
type Json = any;
function base(): Json {
  return {
    tenants: [
      {
        id: T1,
        displayName: 'Contoso',
        domains: ['contoso.localhost', 'contoso.test'],
        federatedIdentityProviders: [
          { issuerUri: ISSUER, displayName: 'Contoso AD FS', signingCertificates: [cert.certPem, next.der], domains: ['contoso.test'] },
        ],
      },
    ],
  };
}

function errorsOf(mutate: (seed: Json) => void): string[] {
  const seed = base();
  mutate(seed);
  const result = parseSeed(JSON.stringify(seed), 'seed.json');
  return result.ok ? [] : result.errors;
}

const idp = (s: Json, i = 0) => s.tenants[0].federatedIdentityProviders[i];

describe('seed federatedIdentityProviders', () => {
  it('accepts the base seed, and a tenant without any', () => {
    expect(errorsOf(() => {})).toEqual([]);
    expect(errorsOf((s) => delete s.tenants[0].federatedIdentityProviders)).toEqual([]);
  });

  it.each<[string, (s: Json) => void, RegExp]>([
    ['issuerUri must be an absolute URI', (s) => (idp(s).issuerUri = 'adfs'), /federatedIdentityProviders\[0\]\.issuerUri: 'adfs' is not an absolute URI/],
    ['at least one certificate', (s) => (idp(s).signingCertificates = []), /signingCertificates: must list at least one token-signing certificate/],
    ['a readable certificate', (s) => (idp(s).signingCertificates = ['not a certificate']), /signingCertificates\[0\]: is not a readable X\.509 certificate/],
    ['never a private key', (s) => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      idp(s).signingCertificates = [`${cert.certPem}\n${privateKey.export({ type: 'pkcs8', format: 'pem' })}`];
    }, /signingCertificates\[0\]: contains a PRIVATE KEY/],
    ['the same certificate twice', (s) => (idp(s).signingCertificates = [cert.certPem, cert.der]), /signingCertificates\[1\]: duplicate certificate: same as signingCertificates\[0\]/],
    ['domains of the tenant only', (s) => (idp(s).domains = ['fabrikam.test']), /domains\[0\]: 'fabrikam\.test' is not a domain of this tenant/],
    ['a domain has one federation partner', (s) => s.tenants[0].federatedIdentityProviders.push({ issuerUri: 'https://idp.example/', signingCertificates: [next.der], domains: ['CONTOSO.test'] }),
      /federatedIdentityProviders\[1\]\.domains\[0\]: 'CONTOSO\.test' is already federated by tenants\[0\]\.federatedIdentityProviders\[0\]/],
    ['each issuer once', (s) => s.tenants[0].federatedIdentityProviders.push({ issuerUri: ISSUER, signingCertificates: [next.der] }),
      /federatedIdentityProviders\[1\]\.issuerUri: duplicates tenants\[0\]\.federatedIdentityProviders\[0\]\.issuerUri/],
    ['no unknown fields', (s) => (idp(s).signingCertificate = cert.der), /signingCertificate/],
  ])('%s', (_rule, mutate, expected) => {
    const errors = errorsOf(mutate);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(expected);
  });

  it('apply stores each provider on its tenant, certificates as base64 DER, displayName defaulting to the issuer', async () => {
    const seed = base();
    seed.tenants[0].federatedIdentityProviders.push({ issuerUri: ' https://idp.example/saml ', signingCertificates: [next.certPem] });
    const parsed = parseSeed(JSON.stringify(seed), 'seed.json');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const writer = new MemoryWriter();
    await applySeed(parsed.seed, writer, fakeDeps());
    expect(writer.tenants.get(T1)?.federatedIdentityProviders).toEqual([
      { issuerUri: ISSUER, displayName: 'Contoso AD FS', signingCertificates: [cert.der, next.der], domains: ['contoso.test'] },
      { issuerUri: 'https://idp.example/saml', displayName: 'https://idp.example/saml', signingCertificates: [next.der], domains: [] },
    ]);
  });
});
