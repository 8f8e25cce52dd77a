// A pasted error: Entra's JSON error body, an SDK's serialised error, or plain text holding an
// AADSTS message (an exception message, a Python dict repr, the text of Entra's error page),
// possibly with the login URL that was in the browser's address bar.

import {
  emptyRequest,
  errorFromRedirect,
  errorFromText,
  isErrorBody,
  isLoginEndpoint,
  type ObservedExchange,
} from './exchange.js';

/** A JSON value that is an error body (Entra's, or MSAL's serialised ServerError). */
export function parseErrorJson(j: unknown): ObservedExchange[] {
  if (isErrorBody(j)) return [{ source: 'error body', request: null, response: { status: null, body: j, fromText: false, headers: {} } }];
  if (typeof j === 'object' && j !== null && !Array.isArray(j)) {
    // MSAL's ServerError / AuthError serialised: { errorCode, errorMessage, subError, correlationId }.
    const o = j as Record<string, unknown>;
    const message = [o['errorMessage'], o['message'], o['error_description']].find((v): v is string => typeof v === 'string');
    if (message) {
      const body = errorFromText(message);
      if (body) {
        if (typeof o['errorCode'] === 'string' && !body['error']) body['error'] = o['errorCode'];
        if (typeof o['subError'] === 'string' && o['subError'] !== '') body['suberror'] = o['subError'];
        return [{ source: 'error object', request: null, response: { status: null, body, fromText: true, headers: {} } }];
      }
    }
  }
  return [];
}

/**
 * Plain text. Login URLs in it (the /authorize address a browser showed, or the redirect back
 * with ?error=…) become requests; the AADSTS message becomes the response of the last one.
 */
export function parseErrorText(text: string): ObservedExchange[] {
  const exchanges: ObservedExchange[] = [];
  let redirectError: Record<string, unknown> | null = null;
  let rest = text;
  for (const m of text.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
    // A URL ending a sentence or a list item keeps none of the punctuation after it.
    const url = withoutTrailingPunctuation(m[0]);
    const fromRedirect = errorFromRedirect(url);
    if (fromRedirect) {
      redirectError ??= fromRedirect;
      rest = rest.replace(url, ' ');
      continue;
    }
    if (isLoginEndpoint(url)) exchanges.push({ source: 'URL in the text', request: emptyRequest('GET', url), response: null });
  }
  // The text's own AADSTS message first; an error only inside a redirect URL is read from its
  // decoded parameters, and belongs to the /authorize request that redirected.
  const own = errorFromText(rest);
  const body = own ?? redirectError;
  if (body) {
    const response = { status: null, body, fromText: true, headers: {}, ...(own ? {} : { redirect: true }) };
    const authorize = own ? undefined : [...exchanges].reverse().find((x) => /\/oauth2\/(?:v2\.0\/)?authorize\b/i.test(x.request?.url ?? ''));
    const last = authorize ?? exchanges[exchanges.length - 1];
    if (last) last.response = response;
    else exchanges.push({ source: 'error text', request: null, response });
  }
  return exchanges;
}

/** The URL without the sentence punctuation after it; a backwards scan, linear on any input. */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && '.,;:!)]'.includes(url[end - 1])) end--;
  return url.slice(0, end);
}
