// The frame of one app registration's pages, as the Azure portal lays them out: the name, a
// breadcrumb back to the list, and one tab per blade.

import type { Application } from '../../../../core/model.js';
import { getApplication } from '../../../../directory/applications.js';
import { objectId } from '../../../../directory/objects.js';
import { html, type Html } from '../../../../http/kit/html.js';
import type { PortalOptions, Viewer } from '../../portal-kit.js';

export type Blade = 'overview' | 'authentication' | 'credentials' | 'permissions' | 'expose' | 'roles' | 'manifest';

const BLADES: Array<[Blade, string, string]> = [
  ['overview', 'Overview', ''],
  ['authentication', 'Authentication', '/authentication'],
  ['credentials', 'Certificates & secrets', '/credentials'],
  ['permissions', 'API permissions', '/permissions'],
  ['expose', 'Expose an API', '/expose'],
  ['roles', 'App roles', '/roles'],
  ['manifest', 'Manifest', '/manifest'],
];

/** The app whose object id is in the path (Graph's 404 in Graph's words when there is none). */
export async function loadApp(options: PortalOptions, viewer: Viewer, id: string): Promise<Application> {
  return getApplication(options.service, viewer.actor, { id: objectId(id) });
}

export function appPath(app: Application, blade: Blade = 'overview'): string {
  return `/portal/apps/${app.id}${BLADES.find(([b]) => b === blade)?.[2] ?? ''}`;
}

/** Breadcrumb, heading and tabs, then `body`. */
export function bladeFrame(app: Application, blade: Blade, body: Html): Html {
  const title = BLADES.find(([b]) => b === blade)?.[1] ?? '';
  return html`<p class="crumbs"><a href="/portal/apps">App registrations</a> › ${app.displayName}</p>
<h1>${app.displayName} <span class="muted">· ${title}</span></h1>
<nav aria-label="App registration"><ul class="tabs">${BLADES.map(
    ([b, label]) => html`<li><a href="${appPath(app, b)}"${b === blade ? html` aria-current="page"` : html``}>${label}</a></li>`,
  )}</ul></nav>
${body}`;
}

export function bladeTitle(app: Application, blade: Blade): string {
  return `${BLADES.find(([b]) => b === blade)?.[1] ?? ''} · ${app.displayName}`;
}
