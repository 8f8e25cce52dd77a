// Entra's registration rules for redirect URIs (entra-protocol.md §2.2 and §9.2; Microsoft's
// "Redirect URI (reply URL) restrictions and limitations" page), checked when a seed is loaded so a
// bad registration fails at start-up rather than as AADSTS50011 at sign-in.

import type { Platform } from '../core/model.js';

/** Each redirect URI may be at most this long. */
export const MAX_REDIRECT_URI_LENGTH = 256;
/** Redirect URIs per application, across all platforms. */
export const MAX_REDIRECT_URIS = 256;
/** …and for applications that allow personal Microsoft accounts. */
export const MAX_REDIRECT_URIS_PERSONAL = 100;

/** The hosts for which Entra accepts `http://` (and ignores the port when matching). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

export const PLATFORM_LABEL: Record<Platform, string> = {
  web: 'Web',
  spa: 'Single-page application',
  publicClient: 'Mobile and desktop applications',
};

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
    if (!isLoopbackHost(url.hostname)) {
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

/**
 * The form under which Entra considers two registered URIs the same when it matches a request's
 * redirect_uri: scheme and host case-insensitive, path and query exact, a missing path equal to `/`,
 * and the port ignored on loopback hosts.
 */
export function redirectUriMatchKey(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const loopback = isLoopbackHost(url.hostname);
  const port = loopback || !url.port ? '' : `:${url.port}`;
  return `${url.protocol.toLowerCase()}//${url.hostname.toLowerCase()}${port}${url.pathname || '/'}${url.search}`;
}

/** True when the URI has a query string (Entra allows those only for work/school-only apps). */
export function hasQuery(uri: string): boolean {
  try {
    return new URL(uri).search !== '';
  } catch {
    return false;
  }
}
