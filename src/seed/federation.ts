// A seed tenant's federated identity providers (SAML bearer grants, entra-protocol.md §3.8):
// checked against the tenant (its domains, one provider per issuer and per domain) and resolved to
// what the directory stores, certificates as base64 DER. The schema has already read each
// certificate; one it could not read is skipped silently here (it was reported there).

import type { FederatedIdentityProvider } from '../core/model.js';
import { readCertificate } from './certificate.js';
import type { SeedPath } from './problems.js';
import type { SeedTenant } from './schema.js';

type Report = (path: SeedPath, message: string) => void;

export function resolveFederation(tenant: SeedTenant, tenantIndex: number, report: Report): FederatedIdentityProvider[] {
  const tenantDomains = new Set(tenant.domains.map((d) => d.toLowerCase()));
  const issuers = new Map<string, number>();
  const federatedBy = new Map<string, number>();
  const out: FederatedIdentityProvider[] = [];

  tenant.federatedIdentityProviders.forEach((idp, i) => {
    const path = ['tenants', tenantIndex, 'federatedIdentityProviders', i];
    const issuerUri = idp.issuerUri.trim();
    // Issuers are compared exactly at the token endpoint, so they are unique exactly here.
    const first = issuers.get(issuerUri);
    if (first !== undefined) {
      report([...path, 'issuerUri'], `duplicates tenants[${tenantIndex}].federatedIdentityProviders[${first}].issuerUri; list each issuer once, with all its certificates`);
    } else issuers.set(issuerUri, i);

    const certificates: string[] = [];
    idp.signingCertificates.forEach((key, c) => {
      const result = readCertificate(key);
      if (!result.ok) return;
      const at = certificates.indexOf(result.cert.der);
      if (at >= 0) report([...path, 'signingCertificates', c], `duplicate certificate: same as signingCertificates[${at}]`);
      else certificates.push(result.cert.der);
    });

    const domains: string[] = [];
    idp.domains.forEach((domain, d) => {
      const key = domain.toLowerCase();
      const domainPath = [...path, 'domains', d];
      if (!tenantDomains.has(key)) {
        report(domainPath, `'${domain}' is not a domain of this tenant (${tenant.domains.join(', ')}); a provider federates domains of its own tenant`);
        return;
      }
      const other = federatedBy.get(key);
      if (other === i) report(domainPath, `'${domain}' is listed twice`);
      else if (other !== undefined) {
        report(domainPath, `'${domain}' is already federated by tenants[${tenantIndex}].federatedIdentityProviders[${other}]; a domain has one federation partner`);
      } else {
        federatedBy.set(key, i);
        domains.push(domain);
      }
    });

    out.push({ issuerUri, displayName: idp.displayName ?? issuerUri, signingCertificates: certificates, domains });
  });
  return out;
}
