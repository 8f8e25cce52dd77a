// How `entrada start` reports a refused token request at the terminal: the code, the request's
// grant and client, and — Entrada's addition to Entra — why it was refused and what to change.

import { explainRefusal } from '../core/errors/explain.js';
import type { RefusalEvent } from '../http/token-route.js';

export function refusalLines(e: RefusalEvent): string {
  const { why, fix } = explainRefusal(e.error);
  const what = [e.grantType && `grant_type=${e.grantType}`, e.clientId && `client ${e.clientId}`].filter(Boolean).join(', ');
  const lines = [`refused AADSTS${e.error.code}${what ? ` (${what})` : ''}: ${e.error.description}  [trace ${e.traceId}]`];
  if (why) lines.push(`  why: ${why}`);
  if (e.error.detail) lines.push(`  detail: ${e.error.detail}`);
  lines.push(`  fix: ${why ? fix : firstSentence(fix)}`);
  return lines.join('\n');
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text);
  return m ? m[1] : text;
}
