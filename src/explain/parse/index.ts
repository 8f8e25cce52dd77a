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
    const read = readJson(trimmed);
    if ('invalid' in read) {
      // A broken HAR is refused (a made-up request would be described); a hand-trimmed or cut-off
      // error body is said to be broken and still read for its AADSTS code as text.
      if (/"log"\s*:/.test(trimmed.slice(0, 400))) return { kind: 'har', exchanges: [], ignored: 0, notes: [read.invalid], invalid: read.invalid };
      return { kind: 'error-body', exchanges: parseErrorText(trimmed), ignored: 0, notes: [read.invalid] };
    }
    const j = read.value;
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

/**
 * JSON.parse, telling apart input that is not JSON at all (a Python dict repr, text starting with
 * a brace: undefined, read as text) from JSON that is broken or cut off (invalid, with where).
 * A complete JSON value followed by other text (a stack trace) is the value. Messages never
 * quote the input (JSON.parse's own do, and the input may hold secrets or binary bytes).
 */
function readJson(text: string): { value: unknown } | { invalid: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    // fall through
  }
  if (!/^[{[]\s*(?:["{[\]}]|$)/.test(text)) return { value: undefined };
  const what = /"log"\s*:/.test(text.slice(0, 400)) ? 'HAR file' : 'JSON';
  const end = valueEnd(text);
  if (end < 0) {
    return {
      invalid: `the input is not valid JSON: the ${what} is cut off after ${text.length} characters (it ends before its last bracket closes)${what === 'HAR file' ? '; save the HAR again (devtools → Network → Export HAR) and pass the whole file' : '; paste the whole error body'}`,
    };
  }
  try {
    return { value: JSON.parse(text.slice(0, end + 1)) as unknown };
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    const at = pos ? lineColumn(text, Number(pos[1])) : null;
    return { invalid: `the input is not valid JSON: the ${what} has a syntax error${at ? ` at line ${at.line}, column ${at.column}` : ''} (edited by hand?)` };
  }
}

/** The index of the bracket closing the JSON value that starts the text, or -1 when it never closes. */
function valueEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i;
  }
  return -1;
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function looksLikeManifest(j: unknown): boolean {
  if (typeof j !== 'object' || j === null) return false;
  const o = j as Record<string, unknown>;
  return typeof o['appId'] === 'string' && ('replyUrlsWithType' in o || 'web' in o || 'spa' in o || 'signInAudience' in o);
}
