// User realm discovery (entra-protocol.md §1.6): MSAL.NET / Java / Python / Go ask it before the
// password flow whether the user's domain is managed (password checked here) or federated (WS-Trust
// to the domain's own IdP). Every Entrada tenant is managed; a domain no tenant owns is "Unknown" [I].

import type { Tenant } from '../../core/model.js';

/** `api-version=1.0` (snake_case) [O]. */
export function userRealmV1(domain: string, tenant: Tenant | undefined): Record<string, unknown> {
  return {
    ver: '1.0',
    account_type: tenant ? 'Managed' : 'Unknown',
    domain_name: domain,
    cloud_instance_name: 'microsoftonline.com',
    cloud_audience_urn: 'urn:federation:MicrosoftOnline',
  };
}

/** `api-version=2.0` and the legacy GetUserRealm.srf (PascalCase) [O]; State/UserState values [I]. */
export function userRealmV2(login: string, domain: string, tenant: Tenant | undefined): Record<string, unknown> {
  return {
    State: tenant ? 4 : 1,
    UserState: tenant ? 1 : 0,
    Login: login,
    NameSpaceType: tenant ? 'Managed' : 'Unknown',
    DomainName: domain,
    ...(tenant ? { FederationBrandName: tenant.displayName } : {}),
    CloudInstanceName: 'microsoftonline.com',
    CloudInstanceIssuerUri: 'urn:federation:MicrosoftOnline',
  };
}

/** The domain part of a user name, lower-cased; '' when there is none. */
export function domainOf(login: string): string {
  const at = login.lastIndexOf('@');
  return at < 0 ? '' : login.slice(at + 1).toLowerCase();
}
