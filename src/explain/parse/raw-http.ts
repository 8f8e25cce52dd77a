// Raw HTTP as proxies (Fiddler "Raw", Burp, mitmproxy) and people show it:
//   POST /contoso.onmicrosoft.com/oauth2/v2.0/token HTTP/1.1     (or an absolute URL)
//   Host: login.microsoftonline.com
//   Content-Type: application/x-www-form-urlencoded
//
//   grant_type=…&client_id=…
// optionally followed by the response (HTTP/1.1 400 Bad Request, headers, body; chunked bodies
// are de-chunked). Several request/response pairs may follow one another.

import { addHeader, applyBody, emptyRequest, responseBody, type ObservedExchange } from './exchange.js';

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)\s+HTTP\/\d(?:\.\d)?\s*$/i;
const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b.*$/i;

export function looksLikeRawHttp(text: string): boolean {
  return text.split(/\r?\n/).some((line) => REQUEST_LINE.test(line.trim()));
}

export function parseRawHttp(text: string): ObservedExchange[] {
  const lines = text.split(/\r?\n/);
  const exchanges: ObservedExchange[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = REQUEST_LINE.exec(lines[i].trim());
    if (!m) {
      i++;
      continue;
    }
    i++;
    const headers: Record<string, string> = {};
    i = readHeaders(lines, i, headers);
    const bodyLines: string[] = [];
    while (i < lines.length && !STATUS_LINE.test(lines[i].trim()) && !REQUEST_LINE.test(lines[i].trim())) bodyLines.push(lines[i++]);
    const target = m[2];
    const url = /^https?:\/\//i.test(target) ? target : `https://${headers['host'] ?? 'login.microsoftonline.com'}${target.startsWith('/') ? '' : '/'}${target}`;
    const request = emptyRequest(m[1], url);
    Object.assign(request.headers, headers);
    if (!headers['host'] && !/^https?:\/\//i.test(target)) request.notes.push('no Host header; login.microsoftonline.com assumed');
    // The body runs to the response's status line; Content-Length is not trusted (pasted requests
    // are often edited by hand).
    applyBody(request, bodyLines.join('\n').replace(/^\s*\n/, '').replace(/\s+$/, ''), headers['content-type']);

    let response: ObservedExchange['response'] = null;
    const s = i < lines.length ? STATUS_LINE.exec(lines[i].trim()) : null;
    if (s) {
      i++;
      const resHeaders: Record<string, string> = {};
      i = readHeaders(lines, i, resHeaders);
      const resLines: string[] = [];
      while (i < lines.length && !REQUEST_LINE.test(lines[i].trim())) resLines.push(lines[i++]);
      let text = resLines.join('\n').trim();
      if (/chunked/i.test(resHeaders['transfer-encoding'] ?? '')) text = dechunk(text);
      const { body, fromText } = responseBody(text);
      response = { status: Number(s[1]), body, fromText, headers: resHeaders };
    }
    exchanges.push({ source: `raw HTTP request ${exchanges.length + 1}`, request, response });
  }
  return exchanges;
}

function readHeaders(lines: string[], start: number, into: Record<string, string>): number {
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') return i + 1;
    const colon = line.indexOf(':');
    if (colon <= 0) return i; // not a header: the body starts without a blank line
    addHeader(into, line.slice(0, colon), line.slice(colon + 1));
  }
  return i;
}

function dechunk(text: string): string {
  const out: string[] = [];
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i++) {
    const size = /^([0-9a-f]+)\s*$/i.exec(parts[i].trim());
    if (!size) return text; // not chunked after all
    if (parseInt(size[1], 16) === 0) break;
    const chunk: string[] = [];
    while (i + 1 < parts.length && !/^[0-9a-f]+\s*$/i.test(parts[i + 1].trim())) chunk.push(parts[++i]);
    out.push(chunk.join('\n'));
  }
  return out.join('');
}
