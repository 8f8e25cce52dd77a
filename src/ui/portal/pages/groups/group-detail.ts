// A group's Overview: its properties (name, description, mail nickname) changed with updateGroup,
// and deleting the group (deleteGroup, after a confirmation checkbox). The type cannot change
// after creation, as in Graph.

import type { FastifyInstance } from 'fastify';
import type { Group } from '../../../../core/model.js';
import { deleteGroup, updateGroup } from '../../../../directory/groups.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { field } from '../object-frame.js';
import { groupFrame, groupPath, groupTitle, groupTypeLabel, loadGroup } from './group-blade.js';

export function registerGroupDetail(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/groups/:id', async ({ viewer, params, query }) => {
    const group = await loadGroup(options, viewer, params['id']);
    return page(group, viewer, formOf(group), noticeFor(query, { saved: 'Saved.' }));
  });

  portalPost(app, options, '/portal/groups/:id', async ({ reply, viewer, params, form }) => {
    const group = await loadGroup(options, viewer, params['id']);
    const description = field(form, 'description', 1024);
    try {
      await updateGroup(options.service, viewer.actor, group.id, { displayName: field(form, 'displayName'), mailNickname: field(form, 'mailNickname', 64), description: description || null });
      return seeOther(reply, groupPath(group.id), 'saved');
    } catch (err) {
      return { ...page(group, viewer, form, errorNotice(err)), status: 400 };
    }
  });

  portalPost(app, options, '/portal/groups/:id/delete', async ({ reply, viewer, params, form }) => {
    const group = await loadGroup(options, viewer, params['id']);
    if (form['confirm'] !== 'yes') return seeOther(reply, groupPath(group.id));
    await deleteGroup(options.service, viewer.actor, group.id);
    return seeOther(reply, '/portal/groups', 'deleted');
  });
}

function formOf(group: Group): Record<string, string> {
  return { displayName: group.displayName, mailNickname: group.mailNickname, description: group.description ?? '' };
}

function page(group: Group, viewer: Viewer, form: Record<string, string>, notice: Html) {
  return {
    title: groupTitle(group, 'overview'),
    nav: 'groups' as const,
    main: groupFrame(
      group,
      'overview',
      html`${notice}
<div class="card"><dl class="facts">
<dt>Object ID</dt><dd><code>${group.id}</code></dd>
<dt>Group type</dt><dd>${groupTypeLabel(group)}</dd>
<dt>Security enabled</dt><dd>${group.securityEnabled ? 'Yes' : 'No'}</dd>
<dt>Mail enabled</dt><dd>${group.mailEnabled ? 'Yes' : 'No'}</dd>
<dt>Created</dt><dd>${group.createdDateTime}</dd>
</dl></div>
<h2>Properties</h2>
<form method="post" action="${groupPath(group.id)}" class="card">${csrfInput(viewer)}
<label for="displayName">Group name</label>
<input type="text" id="displayName" name="displayName" required maxlength="256" value="${form['displayName'] ?? ''}">
<label for="mailNickname">Mail nickname</label>
<input type="text" id="mailNickname" name="mailNickname" required maxlength="64" spellcheck="false" value="${form['mailNickname'] ?? ''}">
<label for="description">Group description</label>
<textarea id="description" name="description" rows="3" maxlength="1024">${form['description'] ?? ''}</textarea>
<div class="actions"><button type="submit">Save</button></div></form>
<h2>Delete</h2>
<form method="post" action="${groupPath(group.id)}/delete" class="card">${csrfInput(viewer)}
<p>Deleting the group removes its memberships, ownerships and app role assignments. Its members are not deleted.</p>
<label class="inline"><input type="checkbox" name="confirm" value="yes" required> I understand; delete ${group.displayName}</label>
<div class="actions"><button class="danger" type="submit">Delete group</button></div></form>`,
    ),
  };
}
