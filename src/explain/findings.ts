// Findings accumulate per (request, code): several checks may add evidence and fixes to the same
// diagnosis, and each line appears once.

import { lookupCode } from '../core/errors/catalogue.js';
import type { ObservedExchange } from './parse/exchange.js';
import type { Finding, ManifestContext } from './report.js';
import type { RequestSummary } from './summary.js';

/** Short titles for the codes diagnosed specifically; others fall back to the catalogue message. */
const TITLES: Record<number, string> = {
  7000218: 'Confidential client sent no client secret or assertion',
  700025: 'Public client sent a client secret or assertion',
  9002326: 'Cross-origin (browser) redemption for a client type that is not a single-page app',
  9002327: 'Single-page-app code or token redeemed without an Origin header (not from a browser)',
  9002325: 'Cross-origin code redemption without PKCE (no code_verifier)',
  901002: "v1 'resource' parameter sent to the v2.0 endpoint",
  1002012: 'Client credentials scope without /.default',
  50011: 'Redirect URI not registered on the app',
  54005: 'Authorization code redeemed twice',
  7000215: 'Invalid client secret',
  7000222: 'Client secret expired',
  700016: 'Application not found in the tenant the request went to',
  90002: 'Tenant not found',
  900023: 'Tenant segment is neither a GUID nor a domain name',
  65001: 'No consent for the requested permissions',
  50126: 'Wrong username or password',
  900144: 'A required parameter is missing',
  70021: 'No federated credential matches the token presented',
  700211: "No federated credential matches the token's issuer",
  700212: "No federated credential matches the token's audience",
  700213: "No federated credential matches the token's subject",
};

/** Codes the client-type decision produces (src/core/policy/client-type.ts). */
export const CLIENT_TYPE_CODES: ReadonlySet<number> = new Set([7000218, 700025, 9002325, 9002326, 9002327, 50011]);

function titleOf(code: number | null, fallback?: string): string {
  if (code !== null && TITLES[code]) return TITLES[code];
  if (fallback) return fallback;
  const entry = code === null ? undefined : lookupCode(code);
  if (!entry) return code === null ? 'Warning' : `AADSTS${code}`;
  const first = /^(.+?[.!?])(\s|$)/.exec(entry.message)?.[1] ?? entry.message;
  return first.replace(/\{\w+\}/g, '…').replace(/[.]$/, '');
}

export class Findings {
  private readonly list: Finding[] = [];

  /**
   * Add to the finding for (request, code) — or, for code null, (request, tag) — creating it if
   * needed. `observedCode` is the code Entra returned for that request.
   */
  add(
    request: number | null,
    code: number | null,
    tag: string,
    observedCode: number | null,
    parts: { title?: string; why?: string[]; fix?: string[] },
  ): void {
    let f = this.list.find((x) => x.request === request && (code !== null ? x.code === code : x.code === null && x.tags[0] === tag));
    if (!f) {
      f = { request, code, title: titleOf(code, parts.title), observed: code !== null && code === observedCode, tags: [], why: [], fix: [] };
      this.list.push(f);
    }
    if (!f.tags.includes(tag)) f.tags.push(tag);
    for (const w of parts.why ?? []) if (w && !f.why.includes(w)) f.why.push(w);
    for (const x of parts.fix ?? []) if (x && !f.fix.includes(x)) f.fix.push(x);
  }

  has(request: number | null, code: number): boolean {
    return this.list.some((x) => x.request === request && x.code === code);
  }

  /** The errors Entra returned first (in request order), then what else was found. */
  all(): Finding[] {
    const rank = (f: Finding) => (f.observed ? 0 : f.code !== null ? 1 : 2);
    return [...this.list].sort((a, b) => rank(a) - rank(b) || (a.request ?? 0) - (b.request ?? 0));
  }
}

/** What every check gets: one exchange, its summary, the observed code, and the whole input. */
export interface Ctx {
  x: ObservedExchange;
  s: RequestSummary;
  /** The AADSTS code Entra answered this request with, if the input shows it. */
  observed: number | null;
  /** Values named in the observed message (redirect URI, tenant, app id, scope, origin). */
  args: Record<string, string>;
  manifest: ManifestContext | null;
  /** When the request was made: the response's timestamp, else the time of the run. */
  at: Date;
  exchanges: readonly ObservedExchange[];
  summaries: readonly RequestSummary[];
  f: Findings;
}

/** Values Entra puts in the messages this tool diagnoses [O: entra-protocol.md §5.2]. */
export function messageArgs(code: number | null, message: string | null): Record<string, string> {
  if (code === null || !message) return {};
  const pick = (re: RegExp, ...names: string[]) => {
    const m = re.exec(message);
    const out: Record<string, string> = {};
    if (m) {
      names.forEach((n, i) => {
        if (m[i + 1] !== undefined) out[n] = m[i + 1];
      });
    }
    return out;
  };
  switch (code) {
    case 50011:
      return { ...pick(/redirect URI '([^']*)'/i, 'redirectUri'), ...pick(/application '([^']+)'/i, 'appId'), ...pick(/for the application:\s*'([^']+)'/i, 'appId') };
    case 700016:
      return pick(/identifier '([^']+)' was not found in the directory '([^']+)'/i, 'appId', 'tenant');
    case 90002:
    case 900023:
      return pick(/[Tt]enant(?: identifier)? '([^']+)'/, 'tenant');
    case 9002326:
      return pick(/Request origin: '([^']*)'/i, 'origin');
    case 1002012:
    case 70011:
      return pick(/scope (.+?) is not valid/i, 'scope');
    case 7000215:
    case 7000222:
      return pick(/app '([^']+)'/i, 'appId');
    case 65001:
      return pick(/application with ID '([^']+)' named '([^']+)'/i, 'appId', 'appName');
    default:
      return {};
  }
}

/** "2026-11-26 05:42:18Z" (Entra's timestamp) → Date, or null. */
export function parseTimestamp(ts: string | null): Date | null {
  if (!ts) return null;
  const d = new Date(ts.replace(' ', 'T').replace(/Z?$/, 'Z'));
  return Number.isNaN(d.getTime()) ? null : d;
}
