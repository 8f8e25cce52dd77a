// Conditional Access objects in Microsoft Graph's JSON shapes (issue 17): conditionalAccessPolicy
// and ipNamedLocation as Graph v1.0 returns them [D: conditionalaccesspolicy, ipnamedlocation
// resources], including the properties Entrada does not model at the values Graph shows when they
// are unset (empty lists, null), so tools that read them (Terraform, Microsoft365DSC, scripts)
// find every property; the security defaults policy; a user's per-user MFA state.

import type { ConditionalAccessPolicy, NamedLocation, PerUserMfaState, Tenant } from '../core/model.js';
import { IP_NAMED_LOCATION_TYPE, IPV4_RANGE_TYPE, IPV6_RANGE_TYPE } from '../seed/conditional-access.js';
import type { GraphObject } from './representation.js';

export function toGraphConditionalAccessPolicy(p: ConditionalAccessPolicy): GraphObject {
  const { applications: a, users: u, locations: l } = p.conditions;
  return {
    id: p.id,
    templateId: null,
    displayName: p.displayName,
    createdDateTime: p.createdDateTime,
    modifiedDateTime: p.modifiedDateTime,
    state: p.state,
    sessionControls: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: [...p.conditions.clientAppTypes],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: l === null ? null : { includeLocations: [...l.includeLocations], excludeLocations: [...l.excludeLocations] },
      devices: null,
      clientApplications: null,
      applications: {
        includeApplications: [...a.includeApplications],
        excludeApplications: [...a.excludeApplications],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [...a.includeAuthenticationContextClassReferences],
        applicationFilter: null,
      },
      users: {
        includeUsers: [...u.includeUsers],
        excludeUsers: [...u.excludeUsers],
        includeGroups: [...u.includeGroups],
        excludeGroups: [...u.excludeGroups],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
    },
    grantControls:
      p.grantControls === null
        ? null
        : { operator: p.grantControls.operator, builtInControls: [...p.grantControls.builtInControls], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
  };
}

/** One IP range as Graph writes it: iPv6CidrRange when the address has a colon [D: ipRange]. */
export function toGraphIpRange(cidr: string): GraphObject {
  return { '@odata.type': cidr.includes(':') ? IPV6_RANGE_TYPE : IPV4_RANGE_TYPE, cidrAddress: cidr };
}

export function toGraphNamedLocation(l: NamedLocation): GraphObject {
  return {
    '@odata.type': IP_NAMED_LOCATION_TYPE,
    id: l.id,
    displayName: l.displayName,
    modifiedDateTime: l.modifiedDateTime,
    createdDateTime: l.createdDateTime,
    isTrusted: l.isTrusted,
    ipRanges: l.ipRanges.map(toGraphIpRange),
  };
}

/** The tenant's one identitySecurityDefaultsEnforcementPolicy [D: its id is this fixed GUID in every tenant's examples]. */
export const SECURITY_DEFAULTS_POLICY_ID = '00000000-0000-0000-0000-000000000005';

export function toGraphSecurityDefaults(tenant: Tenant): GraphObject {
  return {
    id: SECURITY_DEFAULTS_POLICY_ID,
    displayName: 'Security Defaults',
    // [I] Entrada's own words; Entra's text describes the same setting.
    description: 'Basic identity security settings Microsoft recommends (MFA registration and prompts), applied to the whole tenant while enabled.',
    isEnabled: tenant.securityDefaultsEnabled === true,
  };
}

/** strongAuthenticationRequirements [D: beta resource]. */
export function toGraphAuthenticationRequirements(state: PerUserMfaState | undefined): GraphObject {
  return { perUserMfaState: state ?? 'disabled' };
}
