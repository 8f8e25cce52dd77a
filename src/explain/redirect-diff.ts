// For AADSTS50011: the registered redirect URI closest to the one sent, and what differs, in the
// terms Entra matches on (scheme, host, port, path case, trailing slash, query) [D: reply-url.md].

import type { Application, Platform } from '../core/model.js';
import { redirectUriEquals, registeredRedirectUris } from '../core/policy/redirect-uri.js';

interface RedirectCandidate {
  uri: string;
  platform: Platform;
  /** Human-readable differences, e.g. "path case: '/auth/Callback' vs '/auth/callback'". */
  differences: string[];
}

interface Parts {
  scheme: string;
  host: string;
  port: string;
  path: string;
  query: string;
}

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

function split(uri: string): Parts | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([^?#]*)(\?[^#]*)?/.exec(uri.trim());
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  return { scheme, host: m[2].toLowerCase(), port: m[3] || DEFAULT_PORT[scheme] || '', path: m[4], query: m[5] ?? '' };
}

/** The differences between a sent and a registered URI, most telling first; [] when they match. */
export function redirectDifferences(sent: string, registered: string): string[] {
  if (redirectUriEquals(registered, sent)) return [];
  const a = split(sent);
  const b = split(registered);
  if (!a || !b) return [`'${sent}' is not an absolute URI like '${registered}'`];
  const out: string[] = [];
  if (a.scheme !== b.scheme) out.push(`scheme: ${a.scheme} sent, ${b.scheme} registered`);
  if (a.host !== b.host) out.push(`host: ${a.host} sent, ${b.host} registered`);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(b.host);
  if (a.port !== b.port && !(loopback && a.scheme === 'http')) out.push(`port: ${a.port || '(none)'} sent, ${b.port || '(none)'} registered`);
  if (a.path !== b.path) {
    const trimA = a.path.replace(/\/$/, '');
    const trimB = b.path.replace(/\/$/, '');
    if (trimA === trimB) out.push(a.path.endsWith('/') ? `trailing slash: sent with one ('${a.path}'), registered without ('${b.path || '(empty)'}')` : `trailing slash: sent without one ('${a.path || '(empty)'}'), registered with ('${b.path}')`);
    else if (trimA.toLowerCase() === trimB.toLowerCase()) out.push(`path case: '${a.path}' sent, '${b.path}' registered (paths are case-sensitive)`);
    else out.push(`path: '${a.path || '/'}' sent, '${b.path || '/'}' registered`);
  }
  if (a.query !== b.query) out.push(`query: '${a.query || '(none)'}' sent, '${b.query || '(none)'}' registered`);
  return out.length > 0 ? out : [`'${sent}' differs from '${registered}'`];
}

/** The registered URI nearest to the sent one (fewest differing parts, then string distance). */
export function closestRegistered(app: Application, sent: string): RedirectCandidate | null {
  let best: { c: RedirectCandidate; score: number } | null = null;
  for (const { uri, platform } of registeredRedirectUris(app)) {
    const differences = redirectDifferences(sent, uri);
    const score = weight(differences) * 1000 + distance(sent.toLowerCase(), uri.toLowerCase());
    if (!best || score < best.score) best = { c: { uri, platform, differences }, score };
  }
  return best?.c ?? null;
}

function weight(differences: string[]): number {
  // Cosmetic differences (slash, case, port) make a closer candidate than another host or path.
  return differences.reduce((n, d) => n + (/^(trailing slash|path case|port|scheme)/.test(d) ? 1 : 3), 0);
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Every registration the sent URI matches (Entra's rules); more than one platform is ambiguous. */
export function matchingRegistrations(app: Application, sent: string): Array<{ uri: string; platform: Platform }> {
  return registeredRedirectUris(app).filter((r) => redirectUriEquals(r.uri, sent));
}

/**
 * Groups of registrations that match one another across platforms (the same URI, or loopback URIs
 * differing only by port): for a request to such a URI Entra picks one platform arbitrarily [O].
 */
export function urisOnSeveralPlatforms(app: Application): Array<Array<{ uri: string; platform: Platform }>> {
  const groups: Array<Array<{ uri: string; platform: Platform }>> = [];
  for (const r of registeredRedirectUris(app)) {
    if (groups.some((g) => g.some((o) => o.uri === r.uri && o.platform === r.platform))) continue;
    const group = registeredRedirectUris(app).filter((o) => redirectUriEquals(o.uri, r.uri) || redirectUriEquals(r.uri, o.uri));
    if (new Set(group.map((o) => o.platform)).size > 1) groups.push(group);
  }
  return groups;
}
