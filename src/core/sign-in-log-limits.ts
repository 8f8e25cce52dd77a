// What the sign-in log may keep of a request (issue #9, findings 2 and 5). Most logged values are
// chosen by the caller (user agent, user name, tenant segment, correlation id, redirect URI and
// Origin in the decision trace, error details quoting the request), so every one is:
//  - bounded by kind, with a visible mark where it was cut: 200 requests with a 250 KiB
//    redirect_uri once added 84 MB to the log in 1.4 s;
//  - storable: PostgreSQL text cannot hold U+0000 (one NUL used to fail the whole batch insert,
//    hiding the other entries of that half second) and UTF-8 cannot encode a lone surrogate.
// Pure and idempotent (a value already made loggable comes back unchanged), so the recorder applies
// it before queueing (bounding memory) and the store again before writing (safe on its own).

import type { DecisionTrace } from './decision-trace.js';
import type { SignInLogEntry } from './ports.js';

/** Characters per field. Entrada's own values (GUIDs, codes) fit easily; only hostile ones are cut. */
export const LOG_FIELD_LIMITS = {
  id: 64,
  tenant: 256,
  appId: 64,
  appDisplayName: 256,
  userId: 64,
  // A typed user name, not only a known one: kept long enough to read what was tried [I].
  userPrincipalName: 512,
  grantType: 128,
  oauthError: 64,
  correlationId: 256,
  clientAddress: 64,
  userAgent: 512,
  detail: 2048,
} as const satisfies Partial<Record<keyof SignInLogEntry, number>>;

/**
 * The decision trace (JSON): each string inside at most `string` characters (registered redirect URIs
 * are at most 256 [D: entra-protocol.md, redirect URI limits]; a sent one is kept up to 1,024 so a
 * near miss can still be compared [I]), at most `items` keys / array elements per level, `depth` levels, and
 * the JSON text as a whole at most `json` characters.
 */
export const DECISION_LIMITS = { string: 1024, items: 32, depth: 4, json: 4096 } as const;

/** A lone surrogate (UTF-8 cannot encode it; PostgreSQL would see U+FFFD anyway). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE = /[\u0000\ud800-\udfff]/;

/**
 * `value` as the log keeps it: U+0000 and lone surrogates replaced with U+FFFD, and if longer than
 * `max` characters, its first part followed by "…[truncated, N chars]" (N the original length),
 * `max` characters in all. Never cuts a surrogate pair in half.
 */
export function loggableText(value: string, max: number): string {
  let s = value;
  if (s.length > max) {
    const mark = `…[truncated, ${s.length} chars]`;
    let keep = Math.max(0, max - mark.length);
    if (keep > 0 && /[\ud800-\udbff]/.test(s[keep - 1])) keep--;
    s = s.slice(0, keep) + mark;
    if (s.length > max) s = s.slice(0, max); // only when max is smaller than the mark itself
  }
  return UNSTORABLE.test(s) ? s.replace(/\u0000/g, '\ufffd').replace(LONE_SURROGATE, '\ufffd') : s;
}

function nullableText(value: string | null, max: number): string | null {
  return value === null ? null : loggableText(String(value), max);
}

/** A JSON value with every string made loggable and every level bounded; never throws. */
function loggableJson(value: unknown, stringMax: number, depth: number): unknown {
  if (typeof value === 'string') return loggableText(value, stringMax);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return null; // undefined, functions, symbols
  if (depth <= 0) return '…[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, DECISION_LIMITS.items).map((v) => loggableJson(v, stringMax, depth - 1));
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (n++ >= DECISION_LIMITS.items) break;
    if (v !== undefined) out[loggableText(k, 64)] = loggableJson(v, stringMax, depth - 1);
  }
  return out;
}

/**
 * The decision trace as the log keeps it. If bounding each string is not enough to fit the whole
 * within DECISION_LIMITS.json, strings are bounded harder; failing that, only a note remains.
 */
export function loggableDecision(decision: DecisionTrace | null): DecisionTrace | null {
  if (decision === null || typeof decision !== 'object') return null;
  if (alreadyLoggable(decision)) return decision;
  for (const stringMax of [DECISION_LIMITS.string, 128]) {
    // Same keys and kinds of value: a trace is shallower and smaller than the depth and item limits.
    const out = loggableJson(decision, stringMax, DECISION_LIMITS.depth) as DecisionTrace;
    if (JSON.stringify(out).length <= DECISION_LIMITS.json) return out;
  }
  return { truncated: `the decision trace exceeded ${DECISION_LIMITS.json} characters` };
}

/**
 * True for the trace every token request logs: plain objects of short storable strings, finite
 * numbers, booleans and nulls, within the depth and item limits and small enough as JSON. Such a
 * trace is its own loggable form, so it is kept as it is rather than copied (the copy cost a few µs
 * on every token, twice: issue 16).
 */
function alreadyLoggable(decision: object): boolean {
  return charsAsIs(decision, DECISION_LIMITS.depth) <= DECISION_LIMITS.json;
}

/** An upper bound on the JSON length of `value` if it is loggable as it is; Infinity if not. */
function charsAsIs(value: unknown, depth: number): number {
  if (value === null || typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isFinite(value) ? 24 : Infinity;
  if (typeof value === 'string') {
    if (value.length > DECISION_LIMITS.string || UNSTORABLE.test(value)) return Infinity;
    // A JSON escape is at most six characters (\u001f).
    return value.length * (NEEDS_ESCAPE.test(value) ? 6 : 1) + 2;
  }
  if (typeof value !== 'object' || depth <= 0 || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return Infinity;
  let chars = 2;
  let keys = 0;
  for (const key in value) {
    if (++keys > DECISION_LIMITS.items || key.length > 64 || UNSTORABLE.test(key)) return Infinity;
    const item = (value as Record<string, unknown>)[key];
    // JSON.stringify and loggableJson both leave an undefined member out.
    if (item !== undefined) chars += key.length + 4 + charsAsIs(item, depth - 1);
  }
  return chars;
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** The entry as the sign-in log keeps it (see the top of this file). */
export function loggableEntry(e: SignInLogEntry): SignInLogEntry {
  const L = LOG_FIELD_LIMITS;
  return {
    id: loggableText(e.id, L.id),
    createdAt: e.createdAt,
    endpoint: e.endpoint,
    tenant: nullableText(e.tenant, L.tenant),
    appId: nullableText(e.appId, L.appId),
    appDisplayName: nullableText(e.appDisplayName, L.appDisplayName),
    userId: nullableText(e.userId, L.userId),
    userPrincipalName: nullableText(e.userPrincipalName, L.userPrincipalName),
    grantType: nullableText(e.grantType, L.grantType),
    outcome: e.outcome,
    errorCode: e.errorCode,
    oauthError: nullableText(e.oauthError, L.oauthError),
    correlationId: loggableText(e.correlationId, L.correlationId),
    clientAddress: nullableText(e.clientAddress, L.clientAddress),
    userAgent: nullableText(e.userAgent, L.userAgent),
    decision: loggableDecision(e.decision),
    detail: nullableText(e.detail, L.detail),
  };
}
