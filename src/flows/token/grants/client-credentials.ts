// grant_type=client_credentials (entra-protocol.md §3.4): app-only token with the app roles
// assigned to the client's service principal on the resource. Always confidential [D].

import { idpError } from '../../../core/errors/idp-error.js';
import { appOnlyAssignmentMissing } from '../../../core/policy/assignment.js';
import { parseClientCredentialsScope, parseV1Resource } from '../../../core/policy/scope.js';
import { authenticateClient, identifyClient, type ClientAuthDeps } from '../../shared/client-auth.js';
import { param, type TokenDeps } from '../../shared/context.js';
import { issueAppOnly, type AppOnlyIssueDeps } from '../../shared/issue.js';
import { assignedRoles, resolveResource } from '../../shared/resource.js';
import { requirePathTenant } from '../../shared/tenant.js';
import type { GrantModule } from './types.js';

/** What this grant reads itself, besides client authentication and issuance. */
type Deps = Pick<TokenDeps, 'directory'> & ClientAuthDeps & AppOnlyIssueDeps;

export const clientCredentialsGrant: GrantModule<Deps> = {
  grantTypes: ['client_credentials'],
  kind: 'client_credentials',
  parameters: ['scope', 'resource'],
  async handle(req, deps) {
    const tenant = requirePathTenant(req);
    const client = await identifyClient(req, tenant, deps);
    const { clientAuth } = await authenticateClient(req, client, 'client_credentials', deps);
    const request =
      req.endpoint === 'v2'
        ? parseClientCredentialsScope(param(req, 'scope'))
        : parseV1Resource(param(req, 'resource'), undefined).resource;
    const resource = await resolveResource(req, tenant, request, deps);
    const roles = await assignedRoles(client.sp.id, resource, deps);
    if (appOnlyAssignmentMissing(resource.sp.appRoleAssignmentRequired, roles)) {
      throw idpError(501051, {
        args: { appId: client.app.appId, appName: client.app.displayName, resourceAppId: resource.app.appId, resourceName: resource.app.displayName },
      });
    }
    return issueAppOnly({ req, tenant, client, clientAuth, resource, roles }, deps);
  },
};
