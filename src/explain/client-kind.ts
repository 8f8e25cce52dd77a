// What kind of app sent a request, from what it shows: a browser (Origin, MSAL.js browser), or a
// native desktop/mobile app (a custom-scheme or nativeclient redirect URI, a native MSAL SKU, no
// credential). Used to point a native app to "Mobile and desktop applications" rather than to a
// Web registration with a secret.

import type { RequestSummary } from './summary.js';

// MSAL's x-client-SKU values for native apps [M: MSAL.NET, MSAL Android/iOS/Python/Java/Go telemetry].
const NATIVE_SKUS = /^(msal\.(desktop|xamarin|android|ios|maui|winui|uwp|objc|coreclr|netcore)|msal\.python|msal\.java|msal\.go|msal\.android|msal\.ios|msal\.objc)/i;

export function looksBrowser(s: RequestSummary): boolean {
  return s.origin !== null || /msal\.js\.browser|msal\.js$/i.test(s.library ?? '');
}

export function looksNative(s: RequestSummary): boolean {
  if (looksBrowser(s)) return false;
  if (s.credentials && s.credentials.kind !== 'none') return false;
  const uri = s.redirectUri ?? '';
  if (/^(?!https?:)[a-z][a-z0-9+.-]*:\/\//i.test(uri) || /^urn:ietf:wg:oauth:2\.0:oob$/i.test(uri) || /\/oauth2\/nativeclient$/i.test(uri)) return true;
  return NATIVE_SKUS.test(s.library ?? '');
}
