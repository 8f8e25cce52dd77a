// Microsoft Graph's directory API on Entrada's own host, under /v1.0 (issue 11): each resource's
// routes, sharing one directory service and one way of authenticating the caller.

import type { FastifyInstance } from 'fastify';
import type { DirectoryService } from '../../directory/service.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { applicationRoutes } from './applications-route.js';
import { conditionalAccessRoutes } from './conditional-access-route.js';
import { userAuthenticationRoutes } from './user-authentication-route.js';
import { appRoleAssignmentRoutes } from './app-role-assignments-route.js';
import { directoryAuditRoutes } from './directory-audits-route.js';
import { directoryObjectRoutes } from './directory-objects-route.js';
import { graphContext } from './graph-context.js';
import { graphSignInsRoutes } from './sign-ins-route.js';
import type { SignInLogStore } from '../../core/ports.js';
import { groupRoutes } from './groups-route.js';
import { organizationRoutes } from './organization-route.js';
import { ownerRoutes } from './owners-route.js';
import { permissionGrantRoutes } from './permission-grants-route.js';
import { servicePrincipalRoutes } from './service-principals-route.js';
import { userRoutes } from './users-route.js';
import { userInfoRoutes } from './userinfo-route.js';
import { memberObjectsRoutes } from './member-objects-route.js';
import { tokenLifetimePolicyRoutes } from './token-lifetime-policies-route.js';

export async function registerGraphApi(
  app: FastifyInstance,
  service: DirectoryService,
  deps: TokenDeps,
  signInLog: { store: SignInLogStore; flush: () => Promise<void> } | undefined,
): Promise<void> {
  const ctx = graphContext(service, deps);
  if (signInLog) await app.register(graphSignInsRoutes({ ctx, ...signInLog }));
  await app.register(applicationRoutes(ctx));
  await app.register(directoryAuditRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(memberObjectsRoutes(ctx));
  await app.register(groupRoutes(ctx));
  await app.register(organizationRoutes(ctx));
  await app.register(directoryObjectRoutes(ctx));
  await app.register(servicePrincipalRoutes(ctx));
  await app.register(appRoleAssignmentRoutes(ctx));
  await app.register(permissionGrantRoutes(ctx));
  await app.register(ownerRoutes(ctx));
  await app.register(conditionalAccessRoutes(ctx));
  await app.register(tokenLifetimePolicyRoutes(ctx));
  await app.register(userAuthenticationRoutes(ctx));
  await app.register(userInfoRoutes(service.read, deps));
}
