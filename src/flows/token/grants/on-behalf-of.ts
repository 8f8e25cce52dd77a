// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with requested_token_use=on_behalf_of
// (entra-protocol.md §3.7): a middle-tier API exchanges the user token it received for a token for
// a downstream API, for the same user. Always confidential [D: §2.2].

import { idpError, refusalError } from '../../../core/errors/idp-error.js';
import { checkOboAssertion, tenantIssuers } from '../../../core/policy/on-behalf-of.js';
import { parseDelegatedScope, parseV1Resource } from '../../../core/policy/scope.js';
import { authenticateClient, identifyClient, type ClientAuthDeps } from '../../shared/client-auth.js';
import { param, type TokenDeps } from '../../shared/context.js';
import { issueForUser, type UserIssueDeps } from '../../shared/issue.js';
import { delegatedGrant } from '../../shared/delegated.js';
import { publishedCertificates } from '../../shared/published-certificates.js';
import { amrOfToken } from '../../../core/tokens/sign-in-strength.js';
import { requirePathTenant } from '../../shared/tenant.js';
import type { GrantModule } from './types.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** What this grant reads itself, besides client authentication and issuance. */
type Deps = Pick<TokenDeps, 'directory' | 'clock' | 'signer' | 'assertionSignatures'> & ClientAuthDeps & UserIssueDeps;

export const onBehalfOfGrant: GrantModule<Deps> = {
  grantTypes: [JWT_BEARER],
  kind: 'on_behalf_of',
  parameters: ['requested_token_use', 'assertion', 'scope', 'resource', 'client_info'],
  async handle(req, deps) {
    const use = param(req, 'requested_token_use');
    if (use === undefined) throw idpError(900144, { args: { name: 'requested_token_use' } });
    if (use !== 'on_behalf_of') {
      // [I] Entra's jwt-bearer grant only serves on-behalf-of here; another value is a malformed request.
      throw idpError(9002313, { detail: `requested_token_use '${use}' is not supported; on-behalf-of sends 'on_behalf_of'.` });
    }
    const assertion = param(req, 'assertion');
    if (assertion === undefined) throw idpError(900144, { args: { name: 'assertion' } });
    // [I] The tenant comes from the path, as for client credentials: the assertion must be issued by it.
    const tenant = requirePathTenant(req);
    const client = await identifyClient(req, tenant, deps);
    const { clientAuth, clientType } = await authenticateClient(req, client, 'on_behalf_of', deps);

    const check = checkOboAssertion(
      {
        assertion,
        issuers: tenantIssuers(req.origin, tenant.id),
        client: { appId: client.app.appId, displayName: client.app.displayName, identifierUris: client.app.identifierUris },
        now: deps.clock.now(),
      },
      (kid, input, signature) => {
        const der = publishedCertificates(deps.signer).get(kid);
        return der !== undefined && deps.assertionSignatures.verify('RS256', der, input, signature);
      },
    );
    if (!check.ok) throw refusalError(check, { detail: check.detail });

    const user = await deps.directory.getUser(tenant.id, check.userId);
    // [I] A user deleted since the assertion was issued: the grant is no longer valid (AADSTS70000).
    if (!user) throw idpError(70000, { detail: `The user ${check.userId} named by the assertion's oid does not exist in this tenant.` });
    const asked = req.endpoint === 'v2' ? parseDelegatedScope(param(req, 'scope')) : parseV1Resource(param(req, 'resource'), param(req, 'scope'));
    const grant = await delegatedGrant(req, tenant, client, user, asked, deps);
    // The new token is the middle tier's (azp/appid, pairwise sub for it); oid stays the user's.
    // What the user's own sign-in proved carries over (core/tokens/sign-in-strength.ts): a downstream
    // API that requires MFA refuses an exchange of a single-factor token with 50076 and a claims
    // challenge the middle tier passes back to its client [D: §3.7].
    return issueForUser({ req, tenant, client, clientAuth, clientType, user, ...grant, amr: amrOfToken(check.claims) }, deps);
  },
};
