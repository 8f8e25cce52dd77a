// One user's pages: loading the user and the frame of its blades (Overview, Reset password,
// Assigned roles, Groups).

import type { Guid, User } from '../../../../core/model.js';
import { getUser } from '../../../../directory/users.js';
import type { Html } from '../../../../http/kit/html.js';
import type { PortalOptions, Viewer } from '../../portal-kit.js';
import { objectFrame, objectTitle } from '../object-frame.js';

export type UserBlade = 'overview' | 'password' | 'authentication' | 'roles' | 'groups';

export async function loadUser(options: PortalOptions, viewer: Viewer, id: string): Promise<User> {
  return getUser(options.service, viewer.actor, id);
}

export function userPath(userId: Guid, blade: UserBlade = 'overview'): string {
  const tail: Record<UserBlade, string> = { overview: '', password: '/password', authentication: '/authentication', roles: '/roles', groups: '/groups' };
  return `/portal/users/${userId}${tail[blade]}`;
}

function frameOf(user: User, current: UserBlade) {
  return {
    list: ['Users', '/portal/users'] as [string, string],
    name: user.displayName,
    navLabel: 'User',
    current,
    tabs: [
      { key: 'overview' as const, label: 'Overview', href: userPath(user.id) },
      { key: 'password' as const, label: 'Reset password', href: userPath(user.id, 'password') },
      { key: 'authentication' as const, label: 'MFA and sessions', href: userPath(user.id, 'authentication') },
      { key: 'roles' as const, label: 'Assigned roles', href: userPath(user.id, 'roles') },
      { key: 'groups' as const, label: 'Groups', href: userPath(user.id, 'groups') },
    ],
  };
}

export function userFrame(user: User, blade: UserBlade, body: Html): Html {
  return objectFrame(frameOf(user, blade), body);
}

export function userTitle(user: User, blade: UserBlade): string {
  return objectTitle(frameOf(user, blade));
}
