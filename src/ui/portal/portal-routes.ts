// The admin portal (issue 14): pages on Entrada's own origin over the same directory service as
// Microsoft Graph (src/directory/), for signed-in administrators. Pages are rendered on the server
// with the `html` template; the few that update as a person types or while they are open (the
// decision simulator, the live sign-in log) carry one inline script each, allowed by its hash.
// Nothing is downloaded at run time.

import type { FastifyInstance } from 'fastify';
import type { PortalOptions } from './portal-kit.js';
import { registerAppAuthentication } from './pages/apps/app-authentication.js';
import { registerAppList } from './pages/apps/app-list.js';
import { registerAppOverview } from './pages/apps/app-overview.js';
import { registerHome } from './pages/home.js';
import { registerSignIn } from './signin-routes.js';

export function portalRoutes(options: PortalOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    registerSignIn(app, options);
    registerHome(app, options);
    registerAppList(app, options);
    registerAppOverview(app, options);
    registerAppAuthentication(app, options);
  };
}
