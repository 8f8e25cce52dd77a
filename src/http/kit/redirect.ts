// Sending a browser to an app's redirect URI: the Location header value, and the CSP source the
// sign-in and sign-out pages allow their forms to post to.

/** Header values carry visible ASCII only: anything else (seeded before the seed refused it) is percent-encoded. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

/**
 * The CSP source of the redirect URI: its origin, or `scheme:` for an app's custom scheme. The
 * pages' forms post here, and the answer redirects there; Chromium checks both against form-action.
 */
export function redirectSource(uri: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([\x21-\x7e]*?)(?=[/?#]|$)/i.exec(uri);
  if (!m || /[;,'"]/.test(m[2])) return "'self'";
  const scheme = m[1].toLowerCase();
  return scheme === 'http' || scheme === 'https' ? `${scheme}://${m[2].toLowerCase()}` : `${scheme}:`;
}
