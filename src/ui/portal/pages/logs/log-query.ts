// What the log pages read from their query strings, kept pure so it is table-tested
// (test/portal/log-filters.test.ts): the sign-in log's filters and time range, the audit log's
// filters, and the paging cursor both use. Every value is bounded and checked; what does not
// parse is reported in words and left out of the query, never passed on.

import type { SignInLogQuery } from '../../../../core/ports.js';
import { isGuid } from '../../../../core/guid.js';

type Query = Record<string, string | string[] | undefined>;

/** The first value of a parameter, trimmed and cut to `max` characters. */
function param(query: Query, name: string, max: number): string {
  const v = query[name];
  const first = Array.isArray(v) ? v[0] : v;
  // Control characters (NUL among them, which PostgreSQL text refuses) never reach a query.
  return (first ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, max);
}

// ───────────────────────── Paging cursor ─────────────────────────

export interface Cursor {
  at: string;
  id: string;
}

/** `<instant>~<id>`: readable in the URL, and `~` appears in neither part. */
export function encodeCursor(cursor: Cursor): string {
  return `${cursor.at}~${cursor.id}`;
}

const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

/** The position an "Older" link holds, or undefined when it is not one this page wrote. */
export function parseCursor(raw: string, idPattern: RegExp): Cursor | undefined {
  const sep = raw.indexOf('~');
  if (sep < 0 || raw.length > 200) return undefined;
  const at = raw.slice(0, sep);
  const id = raw.slice(sep + 1);
  if (!INSTANT.test(at) || Number.isNaN(Date.parse(at)) || !idPattern.test(id)) return undefined;
  return { at, id };
}

/** Sign-in log entry ids are trace ids (GUIDs); audit ids are `Directory_<GUID>` and the like. */
export const SIGN_IN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const AUDIT_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

// ───────────────────────── Sign-in log ─────────────────────────

export type TimeRange = '1h' | '24h' | '7d' | 'custom';

export const TIME_RANGES: Array<[TimeRange, string]> = [
  ['1h', 'Last 1 hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['custom', 'Custom range (UTC)'],
];

const RANGE_MS: Record<Exclude<TimeRange, 'custom'>, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

/** The filters as the form shows them (what was typed, bounded), for rendering and links. */
export interface SignInFilters {
  /** A client id, lower case; '' = any application. */
  app: string;
  /** Part of the user principal name; '' = any user. */
  user: string;
  status: 'any' | 'success' | 'failure';
  /** An AADSTS code as typed ('' = any). */
  code: string;
  range: TimeRange;
  /** Custom range bounds, `YYYY-MM-DDTHH:MM[:SS]` in UTC (a datetime-local input's value). */
  from: string;
  to: string;
}

export interface ParsedSignInFilters {
  filters: SignInFilters;
  /** The storage query they make (without tenant, paging and limit). */
  query: Pick<SignInLogQuery, 'appId' | 'userPrincipalNameContains' | 'outcome' | 'errorCode' | 'since' | 'until'>;
  /** Why a filter was ignored, in words. */
  problems: string[];
}

/** Azure's sign-in logs open on the last 24 hours too. */
export const DEFAULT_RANGE: TimeRange = '24h';

export function parseSignInFilters(query: Query, now: Date): ParsedSignInFilters {
  const problems: string[] = [];
  const out: ParsedSignInFilters['query'] = {};

  let app = param(query, 'app', 64).toLowerCase();
  if (app !== '' && !isGuid(app)) {
    problems.push('The application filter was not an application (client) ID; it was ignored.');
    app = '';
  }
  if (app) out.appId = app;

  const user = param(query, 'user', 256);
  if (user) out.userPrincipalNameContains = user;

  const rawStatus = param(query, 'status', 16);
  const status = rawStatus === 'success' || rawStatus === 'failure' ? rawStatus : 'any';
  if (status !== 'any') out.outcome = status;

  const code = param(query, 'code', 32);
  if (code) {
    // As people paste it: 7000218 or AADSTS7000218.
    const m = /^(?:AADSTS)?(\d{1,10})$/i.exec(code);
    const n = m ? Number(m[1]) : Number.NaN;
    if (Number.isSafeInteger(n) && n <= 2_147_483_647) out.errorCode = n;
    else problems.push('The error code was not a number such as 7000218; it was ignored.');
  }

  const rawRange = param(query, 'range', 16);
  const range = TIME_RANGES.some(([r]) => r === rawRange) ? (rawRange as TimeRange) : DEFAULT_RANGE;
  const from = param(query, 'from', 32);
  const to = param(query, 'to', 32);
  if (range === 'custom') {
    const since = from ? parseUtcLocal(from) : undefined;
    const until = to ? parseUtcLocal(to) : undefined;
    if (from && !since) problems.push('The start of the custom range was not a date and time; it was ignored.');
    if (to && !until) problems.push('The end of the custom range was not a date and time; it was ignored.');
    if (since) out.since = since.toISOString();
    // The end is inclusive as typed: "to 10:30" includes the whole of that minute.
    if (until) out.until = new Date(until.getTime() + (/T\d\d:\d\d$/.test(to) ? 60_000 : 1_000)).toISOString();
    if (out.since && out.until && out.since >= out.until) problems.push('The custom range ends before it starts, so nothing is in it.');
  } else {
    out.since = new Date(now.getTime() - RANGE_MS[range]).toISOString();
  }

  return { filters: { app, user, status, code, range, from, to }, query: out, problems };
}

/**
 * A datetime-local value (`YYYY-MM-DDTHH:MM`, optionally `:SS`) read as UTC, or undefined when it
 * is not a real date and time (a 30 February does not roll over into March).
 */
export function parseUtcLocal(value: string): Date | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  if (y < 1970 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCDate() === d && date.getUTCMonth() === mo - 1 ? date : undefined;
}

/** The filters as query parameters, leaving out what is the default (for links and the live fragment). */
export function signInFilterParams(f: SignInFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.app) p.set('app', f.app);
  if (f.user) p.set('user', f.user);
  if (f.status !== 'any') p.set('status', f.status);
  if (f.code) p.set('code', f.code);
  if (f.range !== DEFAULT_RANGE) p.set('range', f.range);
  if (f.range === 'custom') {
    if (f.from) p.set('from', f.from);
    if (f.to) p.set('to', f.to);
  }
  return p;
}

// ───────────────────────── Audit log ─────────────────────────

export const AUDIT_CATEGORIES = ['ApplicationManagement', 'UserManagement', 'GroupManagement', 'RoleManagement', 'DirectoryManagement'] as const;

export interface AuditFilters {
  /** One of AUDIT_CATEGORIES; '' = any. */
  category: string;
  /** Part of the activity's name ("Update application"); '' = any. */
  activity: string;
  /** Part of the initiator's UPN, display name or app name; '' = anyone. */
  initiatedBy: string;
}

export function parseAuditFilters(query: Query): AuditFilters {
  const category = param(query, 'category', 40);
  return {
    category: (AUDIT_CATEGORIES as readonly string[]).includes(category) ? category : '',
    activity: param(query, 'activity', 200),
    initiatedBy: param(query, 'initiatedBy', 256),
  };
}

export function auditFilterParams(f: AuditFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.category) p.set('category', f.category);
  if (f.activity) p.set('activity', f.activity);
  if (f.initiatedBy) p.set('initiatedBy', f.initiatedBy);
  return p;
}

/** What an audit entry shows under "Initiated by": the user's UPN, else the app's name. */
export interface AuditInitiator {
  user: { userPrincipalName: string | null; displayName: string | null } | null;
  app: { displayName: string | null; appId: string | null } | null;
}

export function initiatorName(i: AuditInitiator): string {
  if (i.user) return i.user.userPrincipalName ?? i.user.displayName ?? 'a user';
  if (i.app) return i.app.displayName ?? i.app.appId ?? 'an application';
  return '—';
}

/** Whether an audit entry passes the filters (compared case-insensitively, as text contains). */
export function auditMatches(f: AuditFilters, e: { category: string; activityDisplayName: string; initiatedBy: AuditInitiator }): boolean {
  if (f.category && e.category !== f.category) return false;
  if (f.activity && !e.activityDisplayName.toLowerCase().includes(f.activity.toLowerCase())) return false;
  if (f.initiatedBy) {
    const needle = f.initiatedBy.toLowerCase();
    const { user, app } = e.initiatedBy;
    const names = [user?.userPrincipalName, user?.displayName, app?.displayName, app?.appId];
    if (!names.some((n) => typeof n === 'string' && n.toLowerCase().includes(needle))) return false;
  }
  return true;
}
