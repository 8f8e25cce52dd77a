// How `entrada start` reports a refused token request at the terminal: the code, the request's
// grant and client, and — Entrada's addition to Entra — why it was refused and what to change.

import { explainRefusal } from '../core/errors/explain.js';
import type { RefusalEvent } from '../http/kit/refusal.js';

export function refusalLines(e: RefusalEvent): string {
  const { why, fix } = explainRefusal(e.error);
  const what = [e.endpoint && printable(e.endpoint), e.grantType && `grant_type=${printable(e.grantType)}`, e.clientId && `client ${printable(e.clientId)}`].filter(Boolean).join(', ');
  // Messages and details carry request values (user names, origins, scopes): printable() them all.
  const lines = [`refused AADSTS${e.error.code}${what ? ` (${what})` : ''}: ${printable(e.error.description, 400)}  [trace ${e.traceId}]`];
  if (why) lines.push(`  why: ${printable(why, 400)}`);
  if (e.error.detail) lines.push(`  detail: ${printable(e.error.detail, 400)}`);
  lines.push(`  fix: ${printable(why ? fix : firstSentence(fix), 400)}`);
  return lines.join('\n');
}

/**
 * Request values are attacker-controlled: escape control characters (so no forged lines or
 * terminal escape sequences reach the operator's terminal) and cap the length.
 */
export function printable(text: string, max = 120): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text);
  return m ? m[1] : text;
}
