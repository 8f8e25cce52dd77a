// Sign-in logs (/portal/sign-ins): the tenant's sign-in log, newest first, as the Entra admin
// center's Sign-in logs blade lists it — filtered by application, user, status, AADSTS code and
// time, 50 entries a page with an "Older" link. Reads are authorised as Graph's
// auditLogs/signIns (http/graph/sign-ins-route.ts): AuditLog.Read.All and, for a signed-in
// user, one of the audit reader roles. Every filter runs in the storage query (SQLite and
// PostgreSQL alike). While the first page is open, its script keeps it current (live-log-script.ts)
// from `?…&fragment=rows`, the same page's results alone.

import type { FastifyInstance } from 'fastify';
import type { Application } from '../../../../core/model.js';
import type { SignInLogEntry } from '../../../../core/ports.js';
import { listApplications } from '../../../../directory/applications.js';
import { authorize } from '../../../../directory/authorize.js';
import { GraphError } from '../../../../directory/errors.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { portalGet, queryValue, sendFragment, tableWrap, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { LIVE_LOG_SCRIPT } from './live-log-script.js';
import { encodeCursor, parseCursor, parseSignInFilters, SIGN_IN_ID, signInFilterParams, TIME_RANGES, type SignInFilters } from './log-query.js';
import { signInLogOffPage, statusBadge, utcTime } from './log-view.js';

const PAGE_SIZE = 50;

export function registerSignInLogs(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/sign-ins', async ({ reply, viewer, query }) => {
    await authorize(viewer.actor, 'signIns.read', options.service.read);
    const store = options.signInStore;
    const recorder = options.signIns;
    if (!store || !recorder) return signInLogOffPage();
    const { filters, query: filterQuery, problems } = parseSignInFilters(query, options.clock.now());
    const rawBefore = queryValue(query, 'before');
    const before = rawBefore ? parseCursor(rawBefore, SIGN_IN_ID) : undefined;
    if (rawBefore && !before) problems.push('The "Older" position in the address was not one this page writes; the newest entries are shown.');
    // Requests answered a moment ago may still be queued in memory: write them first.
    await recorder.flush();
    const rows = await store.list({
      ...filterQuery,
      tenant: viewer.tenant.id,
      ...(before ? { before: { createdAt: before.at, id: before.id } } : {}),
      limit: PAGE_SIZE + 1,
    });
    const results = resultsHtml(rows.slice(0, PAGE_SIZE), rows.length > PAGE_SIZE, filters, before !== undefined);
    if (queryValue(query, 'fragment') === 'rows') return sendFragment(reply, 'sign-ins', results);

    const apps = await tenantApps(options, viewer);
    const params = signInFilterParams(filters);
    if (before) params.set('before', encodeCursor(before));
    const here = withParams('/portal/sign-ins', params);
    params.set('fragment', 'rows');
    return {
      title: 'Sign-in logs',
      nav: 'signins',
      // Only the newest page changes as sign-ins happen; older pages stay as they are.
      ...(before ? {} : { script: LIVE_LOG_SCRIPT }),
      main: html`<h1>Sign-in logs</h1>
<p>Every request to this tenant's sign-in endpoints (token, authorize, sign-in page, device code, logout), newest first. Open an entry for the decision behind it and how to fix a refusal.</p>
${filterForm(filters, apps)}
${problems.length ? html`<div class="notice warn" role="status">${problems.map((p) => html`<p>${p}</p>`)}</div>` : html``}
<p class="hint">${before ? html`Older entries. <a href="${withParams('/portal/sign-ins', signInFilterParams(filters))}">Back to the newest</a>, which update themselves while open.` : html`New sign-ins appear here by themselves while this page is open.`} <a href="${here}">Refresh</a></p>
<p id="live-status" class="muted" role="status" aria-live="polite"></p>
<div id="sign-in-results"${before ? html`` : html` data-live="${withParams('/portal/sign-ins', params)}"`}>${results}</div>`,
    };
  });
}

/** The tenant's app registrations for the filter (none listed when the viewer may not read them). */
async function tenantApps(options: PortalOptions, viewer: Viewer): Promise<Application[]> {
  try {
    return await listApplications(options.service, viewer.actor);
  } catch (err) {
    if (err instanceof GraphError) return [];
    throw err;
  }
}

function withParams(path: string, params: URLSearchParams): string {
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function selected(on: boolean): Html {
  return on ? html` selected` : html``;
}

function filterForm(f: SignInFilters, apps: Application[]): Html {
  // An app of another tenant (multitenant) or one deleted since is still a valid filter.
  const unknownApp = f.app && !apps.some((a) => a.appId === f.app) ? html`<option value="${f.app}" selected>${f.app}</option>` : html``;
  return html`<form method="get" action="/portal/sign-ins" class="card" role="search" aria-label="Filter sign-ins">
<div class="grid">
<div><label for="f-app">Application</label>
<select id="f-app" name="app"><option value="">Any application</option>${apps.map((a) => html`<option value="${a.appId}"${selected(a.appId === f.app)}>${a.displayName}</option>`)}${unknownApp}</select></div>
<div><label for="f-user">User (user principal name contains)</label>
<input type="search" id="f-user" name="user" maxlength="256" value="${f.user}" spellcheck="false"></div>
<div><label for="f-status">Status</label>
<select id="f-status" name="status"><option value="">Any</option><option value="success"${selected(f.status === 'success')}>Success</option><option value="failure"${selected(f.status === 'failure')}>Failure</option></select></div>
<div><label for="f-code">Error code (AADSTS)</label>
<input type="text" id="f-code" name="code" inputmode="numeric" maxlength="20" value="${f.code}" placeholder="e.g. 7000218" spellcheck="false"></div>
<div><label for="f-range">Date</label>
<select id="f-range" name="range">${TIME_RANGES.map(([r, label]) => html`<option value="${r}"${selected(r === f.range)}>${label}</option>`)}</select></div>
<div><label for="f-from">From (UTC)</label>
<input type="datetime-local" id="f-from" name="from" value="${f.from}" aria-describedby="range-hint">
<label for="f-to">To (UTC, inclusive)</label>
<input type="datetime-local" id="f-to" name="to" value="${f.to}" aria-describedby="range-hint">
<p class="hint" id="range-hint">Used when Date is "Custom range"; either may be left empty.</p></div>
</div>
<div class="actions"><button type="submit">Apply</button><a href="/portal/sign-ins">Reset filters</a></div>
</form>`;
}

function resultsHtml(entries: SignInLogEntry[], more: boolean, f: SignInFilters, older: boolean): Html {
  const last = entries[entries.length - 1];
  const olderParams = signInFilterParams(f);
  if (last) olderParams.set('before', encodeCursor({ at: last.createdAt, id: last.id }));
  const newest = withParams('/portal/sign-ins', signInFilterParams(f));
  return html`<p class="muted">${entries.length === 0 ? 'No sign-ins match these filters.' : `${entries.length} sign-in${entries.length === 1 ? '' : 's'}${older ? ' on this page' : ''}, newest first.`}</p>
${tableWrap(
  'Sign-ins',
  html`<table><thead><tr><th scope="col">Date (UTC)</th><th scope="col">Application</th><th scope="col">User</th><th scope="col">Status</th><th scope="col">Endpoint</th><th scope="col">Grant type</th><th scope="col">Client IP</th><th scope="col">Correlation ID</th></tr></thead><tbody>
${entries.map(row)}
</tbody></table>`,
)}
${more || older ? html`<nav aria-label="Sign-in log pages" class="actions">${older ? html`<a href="${newest}">Newest</a>` : html``}${more ? html`<a href="${withParams('/portal/sign-ins', olderParams)}">Older</a>` : html``}</nav>` : html``}`;
}

function row(e: SignInLogEntry): Html {
  const app = e.appDisplayName ?? e.appId;
  const status =
    e.outcome === 'success'
      ? statusBadge(true, 'Success')
      : html`${statusBadge(false, 'Failure')} ${e.errorCode !== null ? html`<span class="mono">AADSTS${e.errorCode}</span>` : html``}${e.oauthError ? html` <span class="muted">(${e.oauthError})</span>` : html``}`;
  return html`<tr data-id="${e.id}"><td><a href="/portal/sign-ins/${e.id}">${utcTime(e.createdAt)}</a></td><td>${app ?? '—'}</td><td>${e.userPrincipalName ?? '—'}</td><td>${status}</td><td>${e.endpoint}</td><td>${e.grantType ?? '—'}</td><td>${e.clientAddress ?? '—'}</td><td><code>${e.correlationId}</code></td></tr>\n`;
}
