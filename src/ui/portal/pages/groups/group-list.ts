// Groups: the list (search by name, filter by type) and "New group": the group type (Security or
// Microsoft 365, as Graph models them: securityEnabled with groupTypes [], or mailEnabled with
// groupTypes ['Unified']), name, mail nickname and description — created with createGroup, which
// makes the signed-in viewer its owner as Graph does for a delegated caller.

import type { FastifyInstance } from 'fastify';
import { createGroup, listGroups } from '../../../../directory/groups.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, queryValue, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { checked, field, selected } from '../object-frame.js';
import { groupPath, groupTypeLabel } from './group-blade.js';

/**
 * A mail nickname from a group name when none is typed, as the Azure portal proposes one: the
 * name's letters, digits, periods, hyphens and underscores, at most 64 [I: the portal's exact
 * rule is not documented].
 */
export function nicknameFrom(name: string): string {
  const kept = name.replace(/[^A-Za-z0-9._-]/g, '').replace(/^\.+|\.+$/g, '').slice(0, 64);
  return kept || 'group';
}

/** The Graph body for a new group of `type` ('security' or 'm365'). */
export function newGroupBody(type: string, fields: { displayName: string; mailNickname: string; description: string }): Record<string, unknown> {
  const m365 = type === 'm365';
  return {
    displayName: fields.displayName,
    mailNickname: fields.mailNickname || nicknameFrom(fields.displayName),
    ...(fields.description ? { description: fields.description } : {}),
    mailEnabled: m365,
    securityEnabled: !m365,
    groupTypes: m365 ? ['Unified'] : [],
  };
}

export function registerGroupList(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/groups', async ({ viewer, query }) => {
    const search = (queryValue(query, 'search') ?? '').trim().slice(0, 200);
    const type = queryValue(query, 'type') === 'security' || queryValue(query, 'type') === 'm365' ? queryValue(query, 'type') : 'all';
    const groups = await listGroups(options.service, viewer.actor);
    const needle = search.toLowerCase();
    const shown = groups
      .filter((g) => (!needle || g.displayName.toLowerCase().includes(needle) || g.id.includes(needle)) && (type === 'all' || (type === 'm365') === g.groupTypes.includes('Unified')))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    const members = new Map(await Promise.all(shown.map(async (g) => [g.id, (await options.service.read.listRelations('member', g.id)).length] as const)));
    return {
      title: 'Groups',
      nav: 'groups',
      main: html`<h1>Groups</h1>
${noticeFor(query, { deleted: 'The group was deleted.' })}
<div class="actions"><a class="button" href="/portal/groups/new">New group</a></div>
<form method="get" action="/portal/groups" role="search" class="card">
<label for="search">Search by name or object ID</label>
<input type="search" id="search" name="search" maxlength="200" value="${search}">
<label for="type">Group type</label>
<select id="type" name="type"><option value="all"${selected(type === 'all')}>All</option><option value="security"${selected(type === 'security')}>Security</option><option value="m365"${selected(type === 'm365')}>Microsoft 365</option></select>
<div class="actions"><button class="secondary" type="submit">Apply</button></div></form>
<p class="muted" role="status">${shown.length} of ${groups.length} groups</p>
${
  shown.length
    ? html`<div class="table-wrap" role="region" aria-label="Groups" tabindex="0"><table><thead><tr><th scope="col">Name</th><th scope="col">Object ID</th><th scope="col">Group type</th><th scope="col">Mail nickname</th><th scope="col">Members</th></tr></thead><tbody>
${shown.map((g) => html`<tr><td><a href="${groupPath(g.id)}">${g.displayName}</a></td><td><code>${g.id}</code></td><td>${groupTypeLabel(g)}</td><td>${g.mailNickname}</td><td>${String(members.get(g.id) ?? 0)}</td></tr>`)}
</tbody></table></div>`
    : html`<p class="muted">No groups.</p>`
}`,
    };
  });

  portalGet(app, options, '/portal/groups/new', async ({ viewer }) => newGroupPage(viewer, { type: 'security' }));

  portalPost(app, options, '/portal/groups/new', async ({ reply, viewer, form }) => {
    const body = newGroupBody(form['type'] ?? 'security', { displayName: field(form, 'displayName'), mailNickname: field(form, 'mailNickname', 64), description: field(form, 'description', 1024) });
    try {
      const group = await createGroup(options.service, viewer.actor, body);
      return seeOther(reply, groupPath(group.id, 'members'), 'created');
    } catch (err) {
      return { ...newGroupPage(viewer, form, errorNotice(err)), status: 400 };
    }
  });
}

function newGroupPage(viewer: Viewer, form: Record<string, string>, error: Html = html``) {
  const m365 = form['type'] === 'm365';
  return {
    title: 'New group',
    nav: 'groups' as const,
    main: html`<p class="crumbs"><a href="/portal/groups">Groups</a> › New group</p>
<h1>New group</h1>
${error}
<form method="post" action="/portal/groups/new" class="card">${csrfInput(viewer)}
<fieldset><legend>Group type</legend>
<label class="inline"><input type="radio" name="type" value="security"${checked(!m365)}> Security (securityEnabled; members may be users, groups and service principals)</label>
<label class="inline"><input type="radio" name="type" value="m365"${checked(m365)}> Microsoft 365 (groupTypes Unified, mail-enabled; members are users)</label>
</fieldset>
<label for="displayName">Group name</label>
<input type="text" id="displayName" name="displayName" required maxlength="256" value="${form['displayName'] ?? ''}">
<label for="mailNickname">Mail nickname</label>
<p class="hint" id="mailNickname-hint">Empty: made from the name. ASCII, no spaces or @ ( ) \\ [ ] " ; : &lt; &gt; , characters.</p>
<input type="text" id="mailNickname" name="mailNickname" maxlength="64" aria-describedby="mailNickname-hint" spellcheck="false" value="${form['mailNickname'] ?? ''}">
<label for="description">Group description</label>
<textarea id="description" name="description" rows="3" maxlength="1024">${form['description'] ?? ''}</textarea>
<p class="hint">You become the group's owner. Add members after creating it.</p>
<div class="actions"><button type="submit">Create</button><a href="/portal/groups">Cancel</a></div>
</form>`,
  };
}
