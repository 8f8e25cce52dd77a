// The Groups pages (issue 14): list and new group, a group's overview, members and owners.

import type { FastifyInstance } from 'fastify';
import type { PortalOptions } from '../../portal-kit.js';
import { registerGroupDetail } from './group-detail.js';
import { registerGroupList } from './group-list.js';
import { registerGroupMembers } from './group-members.js';

export function registerGroups(app: FastifyInstance, options: PortalOptions): void {
  registerGroupList(app, options);
  registerGroupDetail(app, options);
  registerGroupMembers(app, options);
}
