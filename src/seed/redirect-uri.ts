// Entra's registration rules for redirect URIs (entra-protocol.md §2.2 and §9.2; Microsoft's
// "Redirect URI (reply URL) restrictions and limitations" page), checked when a seed is loaded so a
// bad registration fails at start-up rather than as AADSTS50011 at sign-in.

import type { Platform } from '../core/model.js';
import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import { redirectUriEquals } from '../core/policy/redirect-uri.js';

/** Each redirect URI may be at most this long. */
const MAX_REDIRECT_URI_LENGTH = 256;
/** Redirect URIs per application, across all platforms. */
export const MAX_REDIRECT_URIS = 256;
/** …and for applications that allow personal Microsoft accounts. */
export const MAX_REDIRECT_URIS_PERSONAL = 100;

/**
 * True for the loopback hosts (localhost, 127.0.0.1, [::1]) on which Entra accepts `http://`.
 * Core keeps that host list private to its matching rule (redirect-uri.ts: "loopback URIs match
 * whatever the port"), so rather than copy it this asks core: two http URIs on the host that differ
 * only by port match exactly when the host is a loopback host. `hostname` is a WHATWG URL hostname,
 * which never contains `/ : ? #` outside IPv6 brackets, so it splits back out as the host.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname !== '' && redirectUriEquals(`http://${hostname}:1/`, `http://${hostname}:2/`);
}

/**
 * The problems with one redirect URI taken on its own, as messages (empty when it is acceptable).
 * Web and SPA URIs must be https (or http on a loopback host); public-client URIs may also use a
 * custom scheme (`msal<appId>://auth`, `myapp://callback`), but http is still loopback-only.
 */
export function redirectUriProblems(platform: Platform, uri: string): string[] {
  const problems: string[] = [];
  if (uri.length > MAX_REDIRECT_URI_LENGTH) {
    problems.push(`is ${uri.length} characters long; Entra accepts at most ${MAX_REDIRECT_URI_LENGTH}`);
  }
  // The URI goes into Location and CSP headers as written, which carry ASCII only [I].
  if (/[^\x21-\x7e]/.test(uri)) {
    problems.push('must be printable ASCII without spaces: write an international host in its xn-- (punycode) form and percent-encode other characters');
  }
  if (uri.includes('*')) {
    problems.push(
      'wildcards are not supported: Entra accepts them only in the manifest of work/school apps and recommends against them; list each URI',
    );
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    problems.push(`'${uri}' is not an absolute URI (expected e.g. https://app.example.com/callback)`);
    return problems;
  }
  if (uri.includes('#')) {
    problems.push('must not contain a fragment (#…): the authorization response is appended to it');
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'http') {
    if (!isLoopbackHostname(url.hostname)) {
      problems.push('http:// is only allowed for localhost, 127.0.0.1 and [::1]; use https://');
    }
  } else if (scheme !== 'https' && platform !== 'publicClient') {
    problems.push(
      `the ${scheme}: scheme is only allowed for public clients (publicClient.redirectUris); ` +
        `${PLATFORM_LABEL[platform]} redirect URIs must be https:// (or http:// on localhost)`,
    );
  } else if (scheme === 'https' && !url.hostname) {
    problems.push('an https:// redirect URI needs a host');
  }
  return problems;
}

/** True when WHATWG URL parses the URI, i.e. redirectUriProblems did not call it "not an absolute URI". */
export function isAbsoluteUri(uri: string): boolean {
  try {
    new URL(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why two different registered strings are the same redirect URI, as verb phrases for messages
 * ("Entra …"). Whether they match is decided by core's redirectUriEquals alone; call this only on a
 * pair it matched. The split below mirrors the shape core parses (scheme://host[:port]path…), but keeps
 * the text as written so a difference in case shows.
 */
export function sameRedirectUriReasons(a: string, b: string): string[] {
  const x = splitAsWritten(a);
  const y = splitAsWritten(b);
  if (!x || !y) return [];
  const reasons: string[] = [];
  if (x.scheme !== y.scheme || x.host !== y.host) reasons.push('compares the scheme and host case-insensitively');
  if (x.port !== y.port) reasons.push('ignores the port of loopback redirect URIs');
  if (x.path !== y.path) reasons.push("treats a URI registered without a path as the same URI with a lone '/'");
  return reasons;
}

function splitAsWritten(uri: string): { scheme: string; host: string; port: string; path: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([^?#]*)/.exec(uri);
  return m ? { scheme: m[1], host: m[2], port: m[3] ?? '', path: m[4] } : undefined;
}

/** True when the URI has a query string (Entra allows those only for work/school-only apps). */
export function hasQuery(uri: string): boolean {
  try {
    return new URL(uri).search !== '';
  } catch {
    return false;
  }
}
