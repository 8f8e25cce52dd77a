// Which registered redirect URI (and so which platform) a request's redirect_uri matches.
// Rules [D: entra-docs reply-url.md; entra-protocol.md §2.2]:
//  - exact string comparison; the path is case-sensitive;
//  - loopback URIs (http://localhost, http://127.0.0.1, http://[::1]) match whatever the port;
//  - a URI registered without a path also matches the same URI with a lone "/" path.
// The same URI under two platforms is refused when seeding; if it happens anyway the order
// below decides (Web before SPA, as the one public report suggests [I]).

import type { Application, Platform } from '../model.js';
import type { RedirectUriMatch } from './client-type.js';

const PLATFORM_ORDER: readonly Platform[] = ['web', 'spa', 'publicClient'];

export function registeredRedirectUris(app: Pick<Application, Platform>): Array<{ uri: string; platform: Platform }> {
  const out: Array<{ uri: string; platform: Platform }> = [];
  for (const platform of PLATFORM_ORDER) {
    for (const uri of app[platform].redirectUris) out.push({ uri, platform });
  }
  return out;
}

export function matchRedirectUri(app: Pick<Application, Platform>, requested: string | undefined): RedirectUriMatch {
  if (requested === undefined || requested === '') return { kind: 'absent' };
  for (const { uri, platform } of registeredRedirectUris(app)) {
    if (redirectUriEquals(uri, requested)) return { kind: 'registered', uri: requested, registeredAs: uri, platform };
  }
  return { kind: 'unregistered', uri: requested };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function redirectUriEquals(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = parse(registered);
  const b = parse(requested);
  if (!a || !b) return false;
  if (a.scheme !== b.scheme || a.host !== b.host) return false;
  const portsMatch = a.port === b.port || (a.scheme === 'http' && LOOPBACK_HOSTS.has(a.host));
  if (!portsMatch) return false;
  const samePath = a.path === b.path || (a.path === '' && b.path === '/') || (a.path === '/' && b.path === '');
  return samePath && a.rest === b.rest;
}

// A small structural split instead of WHATWG URL: URL() normalises case, dots and escapes,
// and Entra compares the registered string as written (path case-sensitive).
function parse(uri: string): { scheme: string; host: string; port: string; path: string; rest: string } | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([^?#]*)(.*)$/.exec(uri);
  if (!m) return null;
  return { scheme: m[1].toLowerCase(), host: m[2].toLowerCase(), port: m[3] ?? '', path: m[4], rest: m[5] };
}
