// The Users pages (issue 14): list and new user, a user's overview, password reset, roles, groups.

import type { FastifyInstance } from 'fastify';
import type { PortalOptions } from '../../portal-kit.js';
import { registerUserAuthentication } from './user-authentication.js';
import { registerUserDetail } from './user-detail.js';
import { registerUserGroups } from './user-groups.js';
import { registerUserList } from './user-list.js';
import { registerUserPassword } from './user-password.js';
import { registerUserRoles } from './user-roles.js';

export function registerUsers(app: FastifyInstance, options: PortalOptions): void {
  registerUserList(app, options);
  registerUserDetail(app, options);
  registerUserPassword(app, options);
  registerUserAuthentication(app, options);
  registerUserRoles(app, options);
  registerUserGroups(app, options);
}
