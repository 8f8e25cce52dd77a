// Which format the input is, and the exchanges in it. Tried in this order: JSON (a HAR file or an
// error body), a curl command, raw HTTP, then plain text holding an AADSTS message.

import { parseCurl, findCurl } from './curl.js';
import { parseErrorJson, parseErrorText } from './error-body.js';
import type { ParsedInput } from './exchange.js';
import { isHar, parseHar } from './har.js';
import { looksLikeRawHttp, parseRawHttp } from './raw-http.js';

export type { ObservedExchange, ObservedRequest, ObservedResponse, ParsedInput, InputKind } from './exchange.js';

export function parseInput(text: string): ParsedInput {
  const input = text.replace(/^\uFEFF/, '');
  const trimmed = input.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let j: unknown;
    try {
      j = JSON.parse(trimmed);
    } catch {
      j = undefined;
    }
    if (j !== undefined) {
      if (isHar(j)) return parseHar(j);
      const exchanges = parseErrorJson(j);
      if (exchanges.length > 0) return { kind: 'error-body', exchanges, ignored: 0, notes: [] };
      const notes = looksLikeManifest(j) ? ['this JSON is an app manifest; pass it with --manifest FILE, next to the error, HAR, curl command or request'] : [];
      const fromText = parseErrorText(trimmed);
      return { kind: 'error-body', exchanges: fromText, ignored: 0, notes };
    }
  }
  if (findCurl(input) >= 0) {
    const exchanges = parseCurl(input);
    if (exchanges.length > 0) return { kind: 'curl', exchanges, ignored: 0, notes: [] };
  }
  if (looksLikeRawHttp(input)) {
    const exchanges = parseRawHttp(input);
    if (exchanges.length > 0) return { kind: 'raw-http', exchanges, ignored: 0, notes: [] };
  }
  return { kind: 'text', exchanges: parseErrorText(input), ignored: 0, notes: [] };
}

function looksLikeManifest(j: unknown): boolean {
  if (typeof j !== 'object' || j === null) return false;
  const o = j as Record<string, unknown>;
  return typeof o['appId'] === 'string' && ('replyUrlsWithType' in o || 'web' in o || 'spa' in o || 'signInAudience' in o);
}
