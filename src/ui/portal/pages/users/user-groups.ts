// A user's Groups: the groups it is a direct member of (listMemberOf, as Graph's memberOf lists
// them). Memberships are changed on the group's page.

import type { FastifyInstance } from 'fastify';
import { listMemberOf } from '../../../../directory/users.js';
import { html } from '../../../../http/kit/html.js';
import { portalGet, type PortalOptions } from '../../portal-kit.js';
import { loadUser, userFrame, userTitle } from './user-blade.js';

export function registerUserGroups(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/users/:id/groups', async ({ viewer, params }) => {
    const user = await loadUser(options, viewer, params['id']);
    const groups = (await listMemberOf(options.service, viewer.actor, user.id)).filter((o) => o['@odata.type'] === '#microsoft.graph.group');
    return {
      title: userTitle(user, 'groups'),
      nav: 'users',
      main: userFrame(
        user,
        'groups',
        groups.length
          ? html`<div class="table-wrap" role="region" aria-label="Group memberships" tabindex="0"><table><thead><tr><th scope="col">Group</th><th scope="col">Group type</th><th scope="col">Description</th></tr></thead><tbody>
${groups.map(
  (g) =>
    html`<tr><td><a href="/portal/groups/${String(g['id'])}">${String(g['displayName'])}</a></td><td>${Array.isArray(g['groupTypes']) && g['groupTypes'].includes('Unified') ? 'Microsoft 365' : 'Security'}</td><td>${typeof g['description'] === 'string' ? g['description'] : '—'}</td></tr>`,
)}
</tbody></table></div><p class="hint">To add or remove a membership, open the group.</p>`
          : html`<p class="muted">${user.displayName} is a member of no group. Add members on a group's page.</p>`,
      ),
    };
  });
}
