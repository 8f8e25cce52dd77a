// One sign-in log entry (/portal/sign-ins/<trace id>): what /error?trace_id= explains (the facts,
// the decision trace — which redirect URI, platform or setting decided — why it was refused and
// the fix; core/request-explanation.ts), for an administrator, so identities and details
// included ('local' audience). Then where to act: the app registration, straight to the blade
// that holds the setting the fix names (sign-in-fix.ts), the user, and the code's error page.
// Only the viewer's tenant's entries: any other trace id is not found, in Graph's words.

import type { FastifyInstance } from 'fastify';
import type { DecisionTraceFields } from '../../../../core/decision-trace.js';
import type { Application } from '../../../../core/model.js';
import type { SignInLogEntry } from '../../../../core/ports.js';
import { describeDecision } from '../../../../core/policy/client-type.js';
import { explainEntry } from '../../../../core/request-explanation.js';
import { getApplication } from '../../../../directory/applications.js';
import { authorize } from '../../../../directory/authorize.js';
import { GraphError, notFound } from '../../../../directory/errors.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { portalGet, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { appPath } from '../apps/app-blade.js';
import { SIGN_IN_ID } from './log-query.js';
import { signInLogOffPage, statusBadge, utcTime } from './log-view.js';
import { fixLink } from './sign-in-fix.js';

export function registerSignInEntry(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/sign-ins/:traceId', async ({ viewer, params }) => {
    await authorize(viewer.actor, 'signIns.read', options.service.read);
    const recorder = options.signIns;
    if (!recorder) return signInLogOffPage();
    const id = params['traceId'] ?? '';
    // The recorder finds entries still queued for writing too.
    const entry = SIGN_IN_ID.test(id) ? await recorder.get(id) : undefined;
    // Another tenant's entry is not there, as far as this tenant's administrator is concerned [I:
    // Graph lists only the token's tenant's sign-ins].
    if (!entry || entry.tenant?.toLowerCase() !== viewer.tenant.id.toLowerCase()) throw notFound(id.slice(0, 64));
    const registration = entry.appId ? await appOf(options, viewer, entry.appId) : undefined;
    return { title: `Sign-in ${entry.id}`, nav: 'signins', main: entryHtml(entry, registration) };
  });
}

/** The app registration in this tenant, if it is one (a multitenant app of another tenant, or a deleted one, is not). */
async function appOf(options: PortalOptions, viewer: Viewer, appId: string): Promise<Application | undefined> {
  try {
    return await getApplication(options.service, viewer.actor, { appId });
  } catch (err) {
    if (err instanceof GraphError) return undefined;
    throw err;
  }
}

/** The decision's reason in words, when the trace holds one in a shape this version knows. */
function decidedBy(d: DecisionTraceFields): string | undefined {
  const by = d.decidedBy;
  if (typeof by !== 'object' || by === null || !['grant', 'redirect_uri', 'fallback_setting', 'issued_grant'].includes(String(by.by))) return undefined;
  return describeDecision(by);
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function entryHtml(entry: SignInLogEntry, registration: Application | undefined): Html {
  const explained = explainEntry(entry, 'local');
  const d: DecisionTraceFields = entry.decision ?? {};
  const fix = fixLink(entry);
  const reason = decidedBy(d);
  const trace: Array<[string, string]> = [...explained.facts];
  // A refusal's "Why" already says what decided; an accepted request says it here.
  if (reason && !explained.why) trace.push(['Decided by', sentence(reason)]);
  if (typeof d.rule === 'string') trace.push(['Rule', d.rule]);
  if ('truncated' in d) trace.push(['Decision trace', 'too large to keep in full; the log kept its beginning only']);
  const heading = entry.outcome === 'success' ? 'Success' : `Failure${entry.errorCode !== null ? ` AADSTS${entry.errorCode}` : ''}`;

  const fixAction =
    fix && registration
      ? html`<p><a class="button" href="${appPath(registration, fix.blade)}">${fix.text}</a></p>`
      : html``;
  const related: Html[] = [];
  if (registration) related.push(html`<li><a href="${appPath(registration)}">App registration: ${registration.displayName}</a></li>`);
  else if (entry.appId) related.push(html`<li>The application <code>${entry.appId}</code> is not registered in this tenant (an app of another tenant, or deleted since).</li>`);
  if (entry.userId) related.push(html`<li><a href="/portal/users/${entry.userId}">User: ${entry.userPrincipalName ?? entry.userId}</a></li>`);
  if (entry.errorCode !== null) {
    related.push(html`<li><a href="/error?code=${entry.errorCode}&amp;trace_id=${entry.id}">AADSTS${entry.errorCode} on the error code page</a> (what the code means, its usual causes)</li>`);
  }
  related.push(html`<li><a href="/portal/sign-ins">All sign-ins</a></li>`);

  return html`<p class="crumbs"><a href="/portal/sign-ins">Sign-in logs</a> › ${utcTime(entry.createdAt)}</p>
<h1>Sign-in: ${heading}</h1>
<p>${statusBadge(entry.outcome === 'success', entry.outcome === 'success' ? 'Success' : 'Failure')} ${entry.endpoint} endpoint${entry.appDisplayName ? `, ${entry.appDisplayName}` : ''}${entry.userPrincipalName ? `, ${entry.userPrincipalName}` : ''}.</p>
${
  explained.why || explained.fix
    ? html`<section aria-labelledby="fix-heading" class="card">
<h2 id="fix-heading">Why, and the fix</h2>
${explained.why ? html`<p><strong>Why:</strong> ${sentence(explained.why)}</p>` : html``}
${explained.fix ? html`<p><strong>Fix:</strong> ${sentence(explained.fix)}</p>` : html``}
${fixAction}
</section>`
    : html``
}
<section aria-labelledby="trace-heading">
<h2 id="trace-heading">Decision trace</h2>
<div class="card"><dl class="facts">${trace.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></div>
</section>
<section aria-labelledby="request-heading">
<h2 id="request-heading">Request</h2>
<div class="card"><dl class="facts">
<dt>Trace ID</dt><dd><code>${entry.id}</code></dd>
<dt>Correlation ID</dt><dd><code>${entry.correlationId}</code></dd>
${entry.oauthError ? html`<dt>OAuth error</dt><dd><code>${entry.oauthError}</code></dd>` : html``}
<dt>Client IP</dt><dd>${entry.clientAddress ?? '—'}</dd>
<dt>User agent</dt><dd>${entry.userAgent ?? '—'}</dd>
${explained.detail ? html`<dt>Detail</dt><dd>${explained.detail}</dd>` : html``}
</dl></div>
</section>
<h2>Related</h2>
<ul>${related}</ul>`;
}
