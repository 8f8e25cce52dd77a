// Audit logs (/portal/audit-logs): the tenant's directory audit entries (Graph's
// auditLogs/directoryAudits, read through the same directory operation and authorisation:
// directory/directory-audits.ts), newest first, 50 a page; each entry opens to the properties it
// changed, old → new, as the Entra admin center's audit log details show them.
//
// Filters (category, activity contains, initiated by contains) run over the entries as read:
// storage pages audits by time only, so a page reads up to 5,000 entries in batches to fill
// itself, and its "Older" link goes on from where it stopped [I: the same bound as Graph's route].

import type { FastifyInstance } from 'fastify';
import type { DirectoryAudit } from '../../../../core/model.js';
import { listDirectoryAudits } from '../../../../directory/directory-audits.js';
import type { GraphActor } from '../../../../directory/context.js';
import type { DirectoryService } from '../../../../directory/service.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { portalGet, queryValue, tableWrap, type PortalOptions } from '../../portal-kit.js';
import { AUDIT_CATEGORIES, AUDIT_ID, auditFilterParams, auditMatches, encodeCursor, initiatorName, parseAuditFilters, parseCursor, type AuditFilters, type Cursor } from './log-query.js';
import { statusBadge, utcTime } from './log-view.js';

const PAGE_SIZE = 50;
const BATCH = 500;
/** Entries one page request reads at most while filtering. */
const SEARCHED = 5000;

export function registerAuditLogs(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/audit-logs', async ({ viewer, query }) => {
    const filters = parseAuditFilters(query);
    const rawBefore = queryValue(query, 'before');
    const before = rawBefore ? parseCursor(rawBefore, AUDIT_ID) : undefined;
    const found = await findAudits(options.service, viewer.actor, filters, before);
    const newest = withParams('/portal/audit-logs', auditFilterParams(filters));
    const olderParams = auditFilterParams(filters);
    if (found.next) olderParams.set('before', encodeCursor(found.next));
    return {
      title: 'Audit logs',
      nav: 'audit',
      main: html`<h1>Audit logs</h1>
<p>Every change to this tenant's directory — through the portal, Microsoft Graph, <code>entrada</code> commands or the seed — newest first. Open an entry's details for the properties it changed.</p>
${filterForm(filters)}
${rawBefore && !before ? html`<div class="notice warn" role="status"><p>The "Older" position in the address was not one this page writes; the newest entries are shown.</p></div>` : html``}
<p class="muted">${summary(found, before !== undefined)}</p>
${found.entries.length ? table(found.entries) : html``}
${before || found.next ? html`<nav aria-label="Audit log pages" class="actions">${before ? html`<a href="${newest}">Newest</a>` : html``}${found.next ? html`<a href="${withParams('/portal/audit-logs', olderParams)}">Older</a>` : html``}</nav>` : html``}`,
    };
  });
}

interface Found {
  entries: DirectoryAudit[];
  /** Where the "Older" link continues from; undefined when nothing older is left. */
  next?: Cursor;
  /** The search stopped at SEARCHED entries before the page filled. */
  capped: boolean;
  scanned: number;
}

/** Up to PAGE_SIZE matching entries older than `before`, reading at most SEARCHED entries. */
async function findAudits(service: DirectoryService, actor: GraphActor, filters: AuditFilters, before: Cursor | undefined): Promise<Found> {
  const entries: DirectoryAudit[] = [];
  let cursor = before;
  let scanned = 0;
  while (scanned < SEARCHED) {
    const batch = await listDirectoryAudits(service, actor, { limit: BATCH, ...(cursor ? { before: { activityDateTime: cursor.at, id: cursor.id } } : {}) });
    for (const e of batch) {
      scanned++;
      if (!auditMatches(filters, e)) continue;
      if (entries.length === PAGE_SIZE) {
        // One more match exists: the page is full, and "Older" goes on after its last entry.
        const last = entries[entries.length - 1];
        return { entries, next: { at: last.activityDateTime, id: last.id }, capped: false, scanned };
      }
      entries.push(e);
    }
    if (batch.length < BATCH) return { entries, capped: false, scanned };
    const last = batch[batch.length - 1];
    cursor = { at: last.activityDateTime, id: last.id };
  }
  // Searched as far as one page may: "Older" searches on from the last entry read.
  return { entries, next: cursor, capped: true, scanned };
}

function summary(found: Found, older: boolean): string {
  const n = found.entries.length;
  const shown = n === 0 ? 'No audit entries match these filters' : `${n} audit entr${n === 1 ? 'y' : 'ies'}${older ? ' on this page' : ''}, newest first`;
  return found.capped ? `${shown}, among the ${found.scanned.toLocaleString('en-US')} entries searched; "Older" searches further.` : `${shown}.`;
}

function withParams(path: string, params: URLSearchParams): string {
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function filterForm(f: AuditFilters): Html {
  return html`<form method="get" action="/portal/audit-logs" class="card" role="search" aria-label="Filter audit entries">
<div class="grid">
<div><label for="a-category">Category</label>
<select id="a-category" name="category"><option value="">Any category</option>${AUDIT_CATEGORIES.map((c) => html`<option value="${c}"${c === f.category ? html` selected` : html``}>${c}</option>`)}</select></div>
<div><label for="a-activity">Activity contains</label>
<input type="search" id="a-activity" name="activity" maxlength="200" value="${f.activity}" placeholder="e.g. Update application"></div>
<div><label for="a-initiated">Initiated by contains</label>
<input type="search" id="a-initiated" name="initiatedBy" maxlength="256" value="${f.initiatedBy}" placeholder="a user principal name or app name" spellcheck="false"></div>
</div>
<div class="actions"><button type="submit">Apply</button><a href="/portal/audit-logs">Reset filters</a></div>
</form>`;
}

function table(entries: DirectoryAudit[]): Html {
  return tableWrap(
    'Audit entries',
    html`<table><thead><tr><th scope="col">Date (UTC)</th><th scope="col">Service</th><th scope="col">Category</th><th scope="col">Activity</th><th scope="col">Initiated by</th><th scope="col">Target(s)</th><th scope="col">Result</th></tr></thead><tbody>
${entries.map(row)}
</tbody></table>`,
  );
}

/** A stored value as shown: Graph's JSON text, bounded so one huge value cannot swamp the page. */
function shown(value: string | null): string {
  if (value === null) return '—';
  return value.length > 2000 ? `${value.slice(0, 2000)}… (${value.length} characters)` : value;
}

function targetName(t: DirectoryAudit['targetResources'][number]): string {
  return `${t.displayName ?? t.userPrincipalName ?? t.id} (${t.type})`;
}

/** The entry's row, then a full-width row with its details (a <details> in the last column would widen the table as it opens). */
function row(e: DirectoryAudit): Html {
  const changed = e.targetResources.reduce((n, t) => n + t.modifiedProperties.length, 0);
  const initiator = initiatorName(e.initiatedBy);
  const details = html`<details><summary>Details${changed ? ` (${changed} modified propert${changed === 1 ? 'y' : 'ies'})` : ''}</summary>
${e.targetResources.map((t) =>
  t.modifiedProperties.length
    ? html`<p><strong>${targetName(t)}</strong></p>
<table class="changes"><thead><tr><th scope="col">Property</th><th scope="col">Old value</th><th scope="col">New value</th></tr></thead><tbody>
${t.modifiedProperties.map((p) => html`<tr><td>${p.displayName}</td><td><code>${shown(p.oldValue)}</code></td><td><code>${shown(p.newValue)}</code></td></tr>`)}
</tbody></table>`
    : html``,
)}
<dl class="facts">
<dt>Activity type</dt><dd>${e.operationType}</dd>
<dt>Correlation ID</dt><dd><code>${e.correlationId}</code></dd>
<dt>Audit ID</dt><dd><code>${e.id}</code></dd>
${e.initiatedBy.user?.ipAddress ? html`<dt>IP address</dt><dd>${e.initiatedBy.user.ipAddress}</dd>` : html``}
${e.resultReason ? html`<dt>Result reason</dt><dd>${e.resultReason}</dd>` : html``}
${e.additionalDetails.map((a) => html`<dt>${a.key}</dt><dd>${shown(a.value)}</dd>`)}
</dl></details>`;
  return html`<tr class="entry" data-id="${e.id}"><td>${utcTime(e.activityDateTime)}</td><td>${e.loggedByService}</td><td>${e.category}</td><td>${e.activityDisplayName}</td><td>${initiator}${!e.initiatedBy.user && e.initiatedBy.app ? html` <span class="muted">(app)</span>` : html``}</td><td>${e.targetResources.map((t) => html`<div>${targetName(t)}</div>`)}</td><td>${statusBadge(e.result === 'success', e.result === 'success' ? 'Success' : 'Failure')}</td></tr>
<tr class="entry-more"><td colspan="7">${details}</td></tr>
`;
}
