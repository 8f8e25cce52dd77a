// grant_type=urn:ietf:params:oauth:grant-type:saml2-bearer and …:saml1_1-bearer
// (entra-protocol.md §3.8): an app exchanges a SAML assertion issued by the tenant's federated
// identity provider (AD FS, …) for tokens for the user it names. No redirect URI, so "Allow public
// client flows" decides the client type [D: §2.2].
//
// Order: client → client type and credential → assertion read (AADSTS50008) → issuer among the
// tenant's providers (AADSTS50107) → XML signature with that provider's certificates (50008) →
// version, conditions, audience, subject (50008 / 90020) → the user (AADSTS50034) → consent and
// tokens as for any delegated grant.

import { idpError, refusalError } from '../../../core/errors/idp-error.js';
import {
  checkSamlAssertion,
  findFederationProvider,
  SAML11_BEARER,
  SAML2_BEARER,
  samlAudiences,
  samlVersionOf,
  unknownIssuer,
  type SamlRefusal,
} from '../../../core/policy/saml-assertion.js';
import { parseDelegatedScope, parseV1Resource } from '../../../core/policy/scope.js';
import { authenticateClient, identifyClient, type ClientAuthDeps } from '../../shared/client-auth.js';
import { param, type TokenDeps } from '../../shared/context.js';
import { delegatedGrant } from '../../shared/delegated.js';
import { issueForUser, type UserIssueDeps } from '../../shared/issue.js';
import { requirePathTenant } from '../../shared/tenant.js';
import type { GrantModule } from './types.js';

/** What this grant reads itself, besides client authentication and issuance. */
type Deps = Pick<TokenDeps, 'samlAssertions' | 'directory' | 'clock'> & ClientAuthDeps & UserIssueDeps;

export const samlBearerGrant: GrantModule<Deps> = {
  grantTypes: [SAML2_BEARER, SAML11_BEARER],
  kind: 'saml_bearer',
  parameters: ['assertion', 'scope', 'resource', 'client_info', 'redirect_uri'],
  async handle(req, deps) {
    const grantType = param(req, 'grant_type') ?? SAML2_BEARER;
    const assertion = param(req, 'assertion');
    if (assertion === undefined) throw idpError(900144, { args: { name: 'assertion' } });
    // [I] The tenant comes from the path: the assertion's issuer is looked up among its providers.
    const tenant = requirePathTenant(req);
    const client = await identifyClient(req, tenant, deps);
    const { clientAuth, clientType } = await authenticateClient(req, client, 'saml_bearer', deps);

    const read = await deps.samlAssertions.read(assertion);
    if (!read.ok) throw idpError(50008, { detail: read.detail });
    const parsed = read.assertion;
    const providers = tenant.federatedIdentityProviders;
    const provider = findFederationProvider(providers, parsed.unverifiedIssuer);
    if (!provider) throw refusal(unknownIssuer(parsed.unverifiedIssuer, providers));

    const verified = parsed.verify(provider.signingCertificates);
    if (!verified.ok) throw idpError(50008, { detail: `${verified.detail} (issuer '${provider.issuerUri}')` });

    const tenantNames = [req.tenantSegment, tenant.id, ...tenant.domains];
    const check = checkSamlAssertion({
      content: verified.content,
      expectedVersion: samlVersionOf(grantType),
      provider,
      audiences: samlAudiences(req.origin, tenantNames),
      now: deps.clock.now(),
    });
    if (!check.ok) throw refusal(check);

    const user = await deps.directory.findUserByUpn(tenant.id, check.upn);
    // [I] No user with that UPN: AADSTS50034, as for a password sign-in of an unknown user.
    if (!user) {
      throw idpError(50034, {
        args: { identifier: check.upn, tenant: req.tenantSegment },
        detail: `The assertion's ${check.from} names '${check.upn}'; Entrada matches SAML subjects to users by userPrincipalName.`,
      });
    }
    const asked = req.endpoint === 'v2' ? parseDelegatedScope(param(req, 'scope')) : parseV1Resource(param(req, 'resource'), param(req, 'scope'));
    const grant = await delegatedGrant(req, tenant, client, user, asked, deps);
    // [I] The assertion's own authentication methods are not read: it counts as a password sign-in.
    return issueForUser({ req, tenant, client, clientAuth, clientType, user, ...grant, amr: ['pwd'] }, deps);
  },
};

function refusal(r: SamlRefusal) {
  return refusalError(r, { detail: r.detail });
}
