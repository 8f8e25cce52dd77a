// HAR 1.2 (browser devtools "Save all as HAR", Fiddler and Charles exports):
// log.entries[].request{method,url,headers[],postData{mimeType,text,params[]}} and
// response{status,headers[],content{text,encoding},redirectURL}.
//
// Only login traffic is kept: requests to the token/authorize/devicecode/discovery endpoints, and
// any response that carries an AADSTS error. CORS preflights (OPTIONS) are dropped.

import {
  addHeader,
  applyBody,
  emptyRequest,
  errorFromRedirect,
  isLoginEndpoint,
  responseBody,
  type ObservedExchange,
  type ObservedRequest,
  type ParsedInput,
} from './exchange.js';

type Json = Record<string, unknown>;

export function isHar(j: unknown): boolean {
  return isObject(j) && isObject(j['log']) && Array.isArray(j['log']['entries']);
}

export function parseHar(j: unknown): ParsedInput {
  const notes: string[] = [];
  if (!isHar(j)) return { kind: 'har', exchanges: [], ignored: 0, notes: ['not a HAR file (no log.entries)'] };
  const entries = (j as { log: { entries: unknown[] } }).log.entries;
  const exchanges: ObservedExchange[] = [];
  let ignored = 0;
  entries.forEach((entry, i) => {
    if (!isObject(entry) || !isObject(entry['request'])) {
      ignored++;
      return;
    }
    const req = entry['request'];
    const method = typeof req['method'] === 'string' ? req['method'] : 'GET';
    const url = typeof req['url'] === 'string' ? req['url'] : '';
    const res = isObject(entry['response']) ? entry['response'] : undefined;
    const resText = res ? contentText(res['content']) : null;
    const { body, fromText } = responseBody(resText);
    const resHeaders: Record<string, string> = {};
    for (const h of headerList(res?.['headers'])) addHeader(resHeaders, h.name, h.value);
    const location = resHeaders['location'] ?? (typeof res?.['redirectURL'] === 'string' && res['redirectURL'] !== '' ? res['redirectURL'] : undefined);
    const redirectError = errorFromRedirect(location);
    const hasAadsts = (body !== null && (typeof body['error'] === 'string' || fromText)) || redirectError !== null;
    if (method.toUpperCase() === 'OPTIONS' || (!isLoginEndpoint(url) && !hasAadsts)) {
      ignored++;
      return;
    }
    const request = harRequest(method, url, req);
    const status = typeof res?.['status'] === 'number' && res['status'] > 0 ? res['status'] : null;
    const responseMissing = res === undefined || (status === null && resText === null);
    if (status !== null && resText === null && status >= 400) {
      request.notes.push('the HAR holds no response body for this request (a browser hides it when the error response lacks CORS headers, as Entra\'s do)');
    }
    exchanges.push({
      source: `HAR entry ${i + 1}`,
      request,
      response: responseMissing
        ? null
        : { status, body: body ?? redirectError, fromText: body ? fromText : redirectError !== null, headers: resHeaders, ...(body === null && redirectError !== null ? { redirect: true } : {}) },
    });
  });
  if (entries.length === 0) notes.push('the HAR file has no entries');
  return { kind: 'har', exchanges, ignored, notes };
}

function harRequest(method: string, url: string, req: Json): ObservedRequest {
  const request = emptyRequest(method, url);
  for (const h of headerList(req['headers'])) addHeader(request.headers, h.name, h.value);
  const post = isObject(req['postData']) ? req['postData'] : undefined;
  if (!post) return request;
  const mime = typeof post['mimeType'] === 'string' ? post['mimeType'] : request.headers['content-type'];
  if (typeof post['text'] === 'string' && post['text'] !== '') {
    // The text is the body as sent: the authoritative source.
    applyBody(request, post['text'], mime);
  } else if (Array.isArray(post['params'])) {
    // Only params[]: Chrome writes the values still URL-encoded, Firefox and Fiddler decoded.
    // Rebuild a body, encoding only values that are not already encoded.
    const pairs = headerList(post['params']).map((p) => `${encodeIfRaw(p.name)}=${encodeIfRaw(p.value)}`);
    applyBody(request, pairs.join('&'), mime ?? 'application/x-www-form-urlencoded');
    request.rawBody = null; // rebuilt, not as sent: no encoding checks on it
  }
  return request;
}

/** A value that already looks form-encoded (only safe characters and %XX escapes) is kept as is. */
function encodeIfRaw(v: string): string {
  if (/^(?:[A-Za-z0-9\-._~*+]|%[0-9A-Fa-f]{2})*$/.test(v) && /%[0-9A-Fa-f]{2}|\+/.test(v)) return v;
  return encodeURIComponent(v);
}

function contentText(content: unknown): string | null {
  if (!isObject(content) || typeof content['text'] !== 'string') return null;
  if (content['encoding'] === 'base64') return Buffer.from(content['text'], 'base64').toString('utf8');
  return content['text'];
}

function headerList(v: unknown): Array<{ name: string; value: string }> {
  if (!Array.isArray(v)) return [];
  return v
    .filter((h): h is Json => isObject(h) && typeof h['name'] === 'string')
    .map((h) => ({ name: h['name'] as string, value: typeof h['value'] === 'string' ? h['value'] : String(h['value'] ?? '') }));
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
