// A curl command as people paste it: browser "Copy as cURL" (bash: '…' and $'…' quoting,
// --data-raw), hand-written multi-line commands with backslash continuations, cmd.exe (^) and
// PowerShell (`) continuations. Text after the command (the response curl printed, with or without
// -i headers) becomes the response.
//
// Understood: -X/--request, -H/--header, -d/--data/--data-ascii/--data-binary/--data-raw,
// --data-urlencode, -u/--user, -G/--get, --url, -F/--form, --json, -A, -e, -b; other options are
// skipped (with their value when they take one).

import {
  addHeader,
  applyBody,
  emptyRequest,
  errorFromText,
  firstJsonObject,
  type ObservedExchange,
} from './exchange.js';

/** Where a curl command starts in the text (after an optional shell prompt), or -1. */
export function findCurl(text: string): number {
  const m = /(^|[\n;&|(])[ \t]*(?:[$>#][ \t]*)?(curl(?:\.exe)?)(?=[ \t\\^`]|\r?\n)/i.exec(text);
  return m ? m.index + m[0].length - m[2].length : -1;
}

/** Split a shell command into words; stops at the first unquoted line end, `;`, `|` or `&&`. */
export function shellWords(text: string): { words: string[]; rest: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const push = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < text.length) {
    const c = text[i];
    // Line continuations: bash "\", PowerShell "`" immediately before a line end.
    if ((c === '\\' || c === '`') && /^\r?\n/.test(text.slice(i + 1))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === '\n' || c === '\r' || c === ';' || c === '|' || (c === '&' && text[i + 1] === '&')) {
      push();
      break;
    }
    if (c === ' ' || c === '\t') {
      push();
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      // a comment runs to the end of the line
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      const { value, next } = ansiC(text, i + 2);
      word += value;
      i = next;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else word += text[i++];
      }
      i++;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  push();
  return { words, rest: text.slice(i) };
}

/** bash $'…' quoting, as Chrome's "Copy as cURL (bash)" writes values with special characters. */
function ansiC(text: string, start: number): { value: string; next: number } {
  let out = '';
  let i = start;
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };
  while (i < text.length && text[i] !== "'") {
    if (text[i] !== '\\') {
      out += text[i++];
      continue;
    }
    const n = text[i + 1];
    if (n in simple) {
      out += simple[n];
      i += 2;
    } else if (n === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(parseInt(hex || '0', 16));
      i += 2 + hex.length;
    } else if (n === 'u' || n === 'U') {
      const hex = new RegExp(`^[0-9a-fA-F]{1,${n === 'u' ? 4 : 8}}`).exec(text.slice(i + 2))?.[0] ?? '';
      out += String.fromCodePoint(parseInt(hex || '0', 16));
      i += 2 + hex.length;
    } else {
      out += `\\${n ?? ''}`;
      i += 2;
    }
  }
  return { value: out, next: i + 1 };
}

// Options that take a value (long names, and the short letters below) but mean nothing here.
const SKIP_WITH_VALUE = new Set([
  '--output', '--write-out', '--max-time', '--connect-timeout', '--proxy', '--proxy-user', '--cert', '--key', '--cacert',
  '--capath', '--cookie-jar', '--resolve', '--retry', '--retry-delay', '--limit-rate', '--upload-file', '--config', '--range',
  '--interface', '--local-port', '--max-redirs', '--cert-type', '--key-type', '--pass', '--dump-header', '--trace',
  '--trace-ascii', '--stderr', '--connect-to', '--tls-max', '--ciphers', '--oauth2-bearer', '--aws-sigv4', '--variable',
]);
const SHORT_WITH_VALUE = new Set(['X', 'H', 'd', 'u', 'o', 'w', 'm', 'x', 'b', 'A', 'e', 'F', 'E', 'T', 'K', 'r', 'U', 'c', 'D', 'y', 'Y', 'z', 'C', 'P', 'Q']);

export function parseCurl(text: string): ObservedExchange[] {
  const start = findCurl(text);
  if (start < 0) return [];
  let command = text.slice(start);
  // cmd.exe ("Copy as cURL (cmd)"): ^ escapes the next character and continues lines.
  if (/\^"/.test(command)) command = command.replace(/\^\r?\n/g, ' ').replace(/\^(.)/g, '$1');
  const { words, rest } = shellWords(command);
  const args = words.slice(1);
  let method: string | undefined;
  let url: string | undefined;
  let get = false;
  const headers: Array<[string, string]> = [];
  const data: string[] = [];
  const notes: string[] = [];
  let json = false;
  let multipart = false;

  const take = (name: string, value: string | undefined) => {
    if (value === undefined) return;
    switch (name) {
      case '-X': case '--request': method = value; break;
      case '-H': case '--header': {
        const colon = value.indexOf(':');
        if (colon > 0) headers.push([value.slice(0, colon), value.slice(colon + 1)]);
        break;
      }
      case '-d': case '--data': case '--data-ascii': case '--data-binary':
        if (value.startsWith('@')) notes.push(`part of the body is read from the file ${value.slice(1)}, which is not available here`);
        else data.push(value);
        break;
      case '--data-raw': data.push(value); break;
      case '--data-urlencode': data.push(urlencodeData(value, notes)); break;
      case '--json': json = true; data.push(value); break;
      case '-F': case '--form': multipart = true; data.push(value); break;
      case '-u': case '--user': headers.push(['authorization', `Basic ${Buffer.from(value).toString('base64')}`]); break;
      case '--url': url = value; break;
      case '-A': case '--user-agent': headers.push(['user-agent', value]); break;
      case '-e': case '--referer': headers.push(['referer', value]); break;
      case '-b': case '--cookie': headers.push(['cookie', value]); break;
      default: break;
    }
  };

  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const valued = ['--request', '--header', '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json', '--form', '--user', '--url', '--user-agent', '--referer', '--cookie'];
      if (name === '--get') get = true;
      else if (valued.includes(name)) take(name, eq > 0 ? a.slice(eq + 1) : args[++i]);
      else if (SKIP_WITH_VALUE.has(name) && eq < 0) i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // A cluster of short options (-sSk, -XPOST, -sX POST).
      for (let k = 1; k < a.length; k++) {
        const letter = a[k];
        if (letter === 'G') get = true;
        if (SHORT_WITH_VALUE.has(letter)) {
          const value = k + 1 < a.length ? a.slice(k + 1) : args[++i];
          take(`-${letter}`, value);
          break;
        }
      }
      continue;
    }
    url ??= a;
  }
  if (!url) return [];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `https://${url}`;
  let body = data.join('&');
  if (get && body !== '') {
    url += (url.includes('?') ? '&' : '?') + body;
    body = '';
  }
  const request = emptyRequest(method ?? (body !== '' && !get ? 'POST' : 'GET'), url);
  for (const [name, value] of headers) addHeader(request.headers, name, value);
  if (json) request.headers['content-type'] ??= 'application/json';
  if (multipart) request.notes.push('the body is sent with -F (multipart/form-data); Entra reads only application/x-www-form-urlencoded bodies, use -d or --data-urlencode');
  else if (body !== '') applyBody(request, body, request.headers['content-type'] ?? 'application/x-www-form-urlencoded');
  request.notes.push(...notes);
  return [{ source: 'curl command', request, response: responseAfter(rest) }];
}

/** curl --data-urlencode forms: "content", "=content", "name=content", "@file", "name@file". */
function urlencodeData(value: string, notes: string[]): string {
  const eq = value.indexOf('=');
  const at = value.indexOf('@');
  if (at >= 0 && (eq < 0 || at < eq)) {
    notes.push(`--data-urlencode reads ${value.slice(at + 1)}, a file that is not available here`);
    return at > 0 ? `${value.slice(0, at)}=` : '';
  }
  if (eq < 0) return encodeURIComponent(value);
  const name = value.slice(0, eq);
  const encoded = encodeURIComponent(value.slice(eq + 1));
  return name === '' ? encoded : `${name}=${encoded}`;
}

/** What follows the command: curl's output (`-i` status line and headers, then the body). */
function responseAfter(rest: string): ObservedExchange['response'] {
  if (rest.trim() === '') return null;
  const statusLine = /^HTTP\/[\d.]+\s+(\d{3})/m.exec(rest);
  const headers: Record<string, string> = {};
  if (statusLine) {
    const after = rest.slice(statusLine.index).split(/\r?\n/);
    for (const line of after.slice(1)) {
      if (line.trim() === '') break;
      const colon = line.indexOf(':');
      if (colon > 0) addHeader(headers, line.slice(0, colon), line.slice(colon + 1));
    }
  }
  const json = firstJsonObject(rest);
  const body = json ?? errorFromText(rest);
  if (!statusLine && !body) return null;
  return { status: statusLine ? Number(statusLine[1]) : null, body, fromText: json === null && body !== null, headers };
}
