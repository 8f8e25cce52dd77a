// The Enterprise applications pages (issue 14): the service principals of the tenant, each with
// its overview, properties, assigned users and groups, and consented permissions.

import type { FastifyInstance } from 'fastify';
import type { PortalOptions } from '../../portal-kit.js';
import { registerEnterpriseAssignments } from './enterprise-assignments.js';
import { registerEnterpriseList } from './enterprise-list.js';
import { registerEnterpriseOverview } from './enterprise-overview.js';
import { registerEnterprisePermissions } from './enterprise-permissions.js';

export function registerEnterpriseApps(app: FastifyInstance, options: PortalOptions): void {
  registerEnterpriseList(app, options);
  registerEnterpriseOverview(app, options);
  registerEnterpriseAssignments(app, options);
  registerEnterprisePermissions(app, options);
}
