// A group's Members and Owners: the list, adding a user or group (members) or a user (owners)
// picked from the tenant's, and removing one — addGroupReference / removeGroupReference, as
// Graph's members/$ref and owners/$ref. The directory refuses what Graph refuses (a Microsoft 365
// group's members are users; a group is not its own member; owners are not groups).

import type { FastifyInstance } from 'fastify';
import type { Group } from '../../../../core/model.js';
import { addGroupReference, listGroups, listReferences, removeGroupReference } from '../../../../directory/groups.js';
import { listUsers } from '../../../../directory/users.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { field } from '../object-frame.js';
import { groupFrame, groupPath, groupTitle, loadGroup } from './group-blade.js';

type Kind = 'member' | 'owner';
const WORDS: Record<Kind, { blade: 'members' | 'owners'; one: string; many: string }> = {
  member: { blade: 'members', one: 'member', many: 'Members' },
  owner: { blade: 'owners', one: 'owner', many: 'Owners' },
};

const TYPE_NAMES: Record<string, string> = { '#microsoft.graph.user': 'User', '#microsoft.graph.group': 'Group', '#microsoft.graph.servicePrincipal': 'Service principal' };

export function registerGroupMembers(app: FastifyInstance, options: PortalOptions): void {
  for (const kind of ['member', 'owner'] as const) {
    const path = `/portal/groups/:id/${WORDS[kind].blade}`;
    portalGet(app, options, path, async ({ viewer, params, query }) => {
      const group = await loadGroup(options, viewer, params['id']);
      return page(options, group, viewer, kind, noticeFor(query, { created: 'The group was created; you are its owner.', added: `The ${WORDS[kind].one} was added.`, removed: `The ${WORDS[kind].one} was removed.` }));
    });

    portalPost(app, options, path, async ({ reply, viewer, params, form }) => {
      const group = await loadGroup(options, viewer, params['id']);
      try {
        await addGroupReference(options.service, viewer.actor, group.id, kind, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${field(form, 'objectId', 64)}` });
        return seeOther(reply, groupPath(group.id, WORDS[kind].blade), 'added');
      } catch (err) {
        return { ...(await page(options, group, viewer, kind, errorNotice(err))), status: 400 };
      }
    });

    portalPost(app, options, `${path}/remove`, async ({ reply, viewer, params, form }) => {
      const group = await loadGroup(options, viewer, params['id']);
      try {
        await removeGroupReference(options.service, viewer.actor, group.id, kind, field(form, 'objectId', 64));
        return seeOther(reply, groupPath(group.id, WORDS[kind].blade), 'removed');
      } catch (err) {
        return { ...(await page(options, group, viewer, kind, errorNotice(err))), status: 400 };
      }
    });
  }
}

function linkTo(type: unknown, id: string, name: string): Html {
  if (type === '#microsoft.graph.user') return html`<a href="/portal/users/${id}">${name}</a>`;
  if (type === '#microsoft.graph.group') return html`<a href="/portal/groups/${id}">${name}</a>`;
  if (type === '#microsoft.graph.servicePrincipal') return html`<a href="/portal/enterprise-apps/${id}">${name}</a>`;
  return html`${name}`;
}

async function page(options: PortalOptions, group: Group, viewer: Viewer, kind: Kind, notice: Html) {
  const words = WORDS[kind];
  const [current, users, groups] = await Promise.all([listReferences(options.service, viewer.actor, group.id, kind), listUsers(options.service, viewer.actor), listGroups(options.service, viewer.actor)]);
  const present = new Set(current.map((o) => String(o['id'])));
  const userChoices = users.filter((u) => !present.has(u.id));
  // Groups may be members of security groups only (not of Microsoft 365 groups, not owners).
  const groupChoices = kind === 'member' && !group.groupTypes.includes('Unified') ? groups.filter((g) => g.id !== group.id && !present.has(g.id)) : [];
  const action = groupPath(group.id, words.blade);
  return {
    title: groupTitle(group, words.blade),
    nav: 'groups' as const,
    main: groupFrame(
      group,
      words.blade,
      html`${notice}
${
  current.length
    ? html`<div class="table-wrap" role="region" aria-label="Members" tabindex="0"><table><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">User principal name or ID</th><th scope="col">Action</th></tr></thead><tbody>
${current.map((o) => {
  const id = String(o['id']);
  const name = typeof o['displayName'] === 'string' ? o['displayName'] : id;
  return html`<tr><td>${linkTo(o['@odata.type'], id, name)}</td><td>${TYPE_NAMES[String(o['@odata.type'])] ?? String(o['@odata.type'])}</td><td>${typeof o['userPrincipalName'] === 'string' ? o['userPrincipalName'] : html`<code>${id}</code>`}</td><td><form method="post" action="${action}/remove" class="inline">${csrfInput(viewer)}<input type="hidden" name="objectId" value="${id}"><button class="danger" type="submit" aria-label="Remove ${words.one} ${name}">Remove</button></form></td></tr>`;
})}
</tbody></table></div>`
    : html`<p class="muted">The group has no ${words.many.toLowerCase()}.</p>`
}
${
  userChoices.length || groupChoices.length
    ? html`<form method="post" action="${action}" class="card">${csrfInput(viewer)}
<h2>Add ${words.one}</h2>
<label for="objectId">${kind === 'member' && groupChoices.length ? 'User or group' : 'User'}</label>
<select id="objectId" name="objectId" required><option value="">Select</option>
<optgroup label="Users">${userChoices.map((u) => html`<option value="${u.id}">${u.displayName} (${u.userPrincipalName})</option>`)}</optgroup>
${groupChoices.length ? html`<optgroup label="Groups">${groupChoices.map((g) => html`<option value="${g.id}">${g.displayName} (group)</option>`)}</optgroup>` : html``}
</select>
<div class="actions"><button type="submit">Add</button></div></form>`
    : html``
}`,
    ),
  };
}
