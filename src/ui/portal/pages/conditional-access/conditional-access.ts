// Conditional Access (issue 17): security defaults (on/off), the tenant's policies with what each
// targets and grants, their state changed (On, Report-only, Off) or the policy deleted after a
// confirmation, and the named locations. Policies and locations are created through Graph, the
// seed file or the in-process API. Every change is a directory operation (directory/*.ts), so the
// viewer's roles decide (Conditional Access Administrator, Security Administrator, Global
// Administrator to change; Global Reader and Security Reader to read) and it is audited.

import type { FastifyInstance } from 'fastify';
import type { ConditionalAccessPolicy } from '../../../../core/model.js';
import { POLICY_STATES } from '../../../../core/policy/conditional-access-values.js';
import { deleteConditionalAccessPolicy, listConditionalAccessPolicies, updateConditionalAccessPolicy } from '../../../../directory/conditional-access-policies.js';
import { listNamedLocations } from '../../../../directory/named-locations.js';
import { getSecurityDefaults, setSecurityDefaults } from '../../../../directory/security-defaults.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, tableWrap, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { selected } from '../object-frame.js';
import { conditionsText, grantText, locationRanges, type Names, STATE_LABELS, targetText, usersText } from './policy-views.js';

const PATH = '/portal/conditional-access';

const NOTICES = {
  state: 'The policy was saved; it applies from the next sign-in.',
  deleted: 'The policy was deleted.',
  defaultsOn: 'Security defaults are on: every sign-in asks for MFA.',
  defaultsOff: 'Security defaults are off.',
};

export function registerConditionalAccess(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, PATH, async ({ viewer, query }) => page(options, viewer, noticeFor(query, NOTICES)));

  portalPost(app, options, `${PATH}/security-defaults`, async ({ reply, viewer, form }) => {
    const enabled = form['isEnabled'] === 'yes';
    try {
      await setSecurityDefaults(options.service, viewer.actor, enabled);
      return seeOther(reply, PATH, enabled ? 'defaultsOn' : 'defaultsOff');
    } catch (err) {
      return { ...(await page(options, viewer, errorNotice(err))), status: 400 };
    }
  });

  portalPost(app, options, `${PATH}/policies/:id/state`, async ({ reply, viewer, params, form }) => {
    const state = POLICY_STATES.find((s) => s === form['state']);
    try {
      await updateConditionalAccessPolicy(options.service, viewer.actor, params['id'], { state: state ?? String(form['state'] ?? '').slice(0, 64) });
      return seeOther(reply, PATH, 'state');
    } catch (err) {
      return { ...(await page(options, viewer, errorNotice(err))), status: 400 };
    }
  });

  portalPost(app, options, `${PATH}/policies/:id/delete`, async ({ reply, viewer, params, form }) => {
    if (form['confirm'] !== 'yes') return seeOther(reply, PATH);
    try {
      await deleteConditionalAccessPolicy(options.service, viewer.actor, params['id']);
      return seeOther(reply, PATH, 'deleted');
    } catch (err) {
      return { ...(await page(options, viewer, errorNotice(err))), status: 400 };
    }
  });
}

/** Names of what the policies refer to, read once for the page. */
async function namesFor(options: PortalOptions, viewer: Viewer, policies: readonly ConditionalAccessPolicy[], locations: Names['locations']): Promise<Names> {
  const store = options.service.read;
  const tenantId = viewer.tenant.id;
  const [users, groups, apps] = await Promise.all([store.listUsers(tenantId), store.listGroups(tenantId), store.listApplications(tenantId)]);
  const appNames = new Map(apps.map((a) => [a.appId, a.displayName]));
  // Apps of other tenants (Microsoft Graph, …) by their registration.
  for (const p of policies) {
    for (const id of [...p.conditions.applications.includeApplications, ...p.conditions.applications.excludeApplications]) {
      if (appNames.has(id) || !/^[0-9a-f-]{36}$/.test(id)) continue;
      const app = await store.getApplicationByAppId(id);
      if (app) appNames.set(id, app.displayName);
    }
  }
  return {
    users: new Map(users.map((u) => [u.id, u.userPrincipalName])),
    groups: new Map(groups.map((g) => [g.id, g.displayName])),
    apps: appNames,
    locations,
  };
}

async function page(options: PortalOptions, viewer: Viewer, notice: Html) {
  const [tenant, policies, locations] = await Promise.all([
    getSecurityDefaults(options.service, viewer.actor),
    listConditionalAccessPolicies(options.service, viewer.actor),
    listNamedLocations(options.service, viewer.actor),
  ]);
  const names = await namesFor(options, viewer, policies, new Map(locations.map((l) => [l.id, l.displayName])));
  const defaultsOn = tenant.securityDefaultsEnabled === true;
  const policyRow = (p: ConditionalAccessPolicy) => html`<tr>
<td><strong>${p.displayName}</strong><br><code>${p.id}</code></td>
<td><span class="badge${p.state === 'enabled' ? html` ok` : html``}">${STATE_LABELS[p.state]}</span></td>
<td>${usersText(p, names)}</td><td>${targetText(p, names)}</td><td>${conditionsText(p, names)}</td><td>${grantText(p)}</td>
<td><form method="post" action="${PATH}/policies/${p.id}/state">${csrfInput(viewer)}
<label for="state-${p.id}">State of ${p.displayName}</label>
<select id="state-${p.id}" name="state">${POLICY_STATES.map((s) => html`<option value="${s}"${selected(s === p.state)}>${STATE_LABELS[s]}</option>`)}</select>
<div class="actions"><button class="secondary" type="submit">Save</button></div></form>
<form method="post" action="${PATH}/policies/${p.id}/delete">${csrfInput(viewer)}
<label class="inline"><input type="checkbox" name="confirm" value="yes" required> Delete ${p.displayName}</label>
<button class="danger" type="submit">Delete</button></form></td></tr>`;
  return {
    title: 'Conditional Access',
    nav: 'conditionalAccess' as const,
    main: html`<h1>Conditional Access</h1>
${notice}
<h2>Security defaults</h2>
<form method="post" action="${PATH}/security-defaults" class="card">${csrfInput(viewer)}
<input type="hidden" name="isEnabled" value="${defaultsOn ? 'no' : 'yes'}">
<p>${defaultsOn ? 'On: every user is asked for MFA at sign-in.' : 'Off (Entrada’s default; a new Entra tenant has them on).'} Security defaults cannot be on while a policy is on.</p>
<div class="actions"><button class="${defaultsOn ? 'danger' : 'secondary'}" type="submit">${defaultsOn ? 'Turn security defaults off' : 'Turn security defaults on'}</button></div></form>
<h2>Policies</h2>
<p class="hint">Create policies through Microsoft Graph (/v1.0/identity/conditionalAccess/policies), the seed file or startEntrada’s directory. Report-only policies are logged, never enforced.</p>
${
  policies.length
    ? tableWrap(
        'Conditional Access policies',
        html`<table><thead><tr><th scope="col">Policy</th><th scope="col">State</th><th scope="col">Users</th><th scope="col">Target</th><th scope="col">Conditions</th><th scope="col">Grant</th><th scope="col">Change</th></tr></thead><tbody>
${policies.map(policyRow)}
</tbody></table>`,
      )
    : html`<p class="muted">No policies.</p>`
}
<h2>Named locations</h2>
${
  locations.length
    ? tableWrap(
        'Named locations',
        html`<table><thead><tr><th scope="col">Name</th><th scope="col">Trusted</th><th scope="col">IP ranges</th></tr></thead><tbody>
${locations.map((l) => html`<tr><td>${l.displayName}<br><code>${l.id}</code></td><td>${l.isTrusted ? 'Yes' : 'No'}</td><td>${locationRanges(l)}</td></tr>`)}
</tbody></table>`,
      )
    : html`<p class="muted">No named locations.</p>`
}`,
  };
}
