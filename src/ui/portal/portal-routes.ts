// The admin portal (issue 14): pages on Entrada's own origin over the same directory service as
// Microsoft Graph (src/directory/), for signed-in administrators. Pages are rendered on the server
// with the `html` template; the few that update as a person types or while they are open (the
// decision simulator, the live sign-in log) carry one inline script each, allowed by its hash.
// Nothing is downloaded at run time.

import type { FastifyInstance } from 'fastify';
import type { PortalOptions } from './portal-kit.js';
import { registerAppAuthentication } from './pages/apps/app-authentication.js';
import { registerAppCredentials } from './pages/apps/app-credentials.js';
import { registerAppExposeApi } from './pages/apps/app-expose-api.js';
import { registerAppPermissions } from './pages/apps/app-permissions.js';
import { registerAppRoles } from './pages/apps/app-roles.js';
import { registerAppManifest } from './pages/apps/app-manifest.js';
import { registerAppList } from './pages/apps/app-list.js';
import { registerAppOverview } from './pages/apps/app-overview.js';
import { registerHome } from './pages/home.js';
import { registerEnterpriseApps } from './pages/enterprise/enterprise-apps.js';
import { registerUsers } from './pages/users/users.js';
import { registerGroups } from './pages/groups/groups.js';
import { registerConditionalAccess } from './pages/conditional-access/conditional-access.js';
import { registerSignIn } from './signin-routes.js';
import { registerAuditLogs } from './pages/logs/audit-logs.js';
import { registerSignInEntry } from './pages/logs/sign-in-entry.js';
import { registerSignInLogs } from './pages/logs/sign-in-logs.js';

export function portalRoutes(options: PortalOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    registerSignIn(app, options);
    registerHome(app, options);
    registerEnterpriseApps(app, options);
    registerUsers(app, options);
    registerGroups(app, options);
    registerConditionalAccess(app, options);
    registerAppList(app, options);
    registerAppOverview(app, options);
    registerAppAuthentication(app, options);
    registerAppCredentials(app, options);
    registerAppPermissions(app, options);
    registerAppExposeApi(app, options);
    registerAppRoles(app, options);
    registerAppManifest(app, options);
    registerSignInLogs(app, options);
    registerSignInEntry(app, options);
    registerAuditLogs(app, options);
  };
}
