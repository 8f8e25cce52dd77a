// Whether a stored refresh token may still be redeemed [D: refresh-tokens.md; entra-protocol.md
// §3.3, §2.4]: a revoked family is AADSTS50173; past its expiry a token is AADSTS700082
// (inactivity, 90 days sliding) or, for a single-page app, AADSTS700084 (24 h from sign-in).

import type { AadstsRefusal } from '../errors/message-args.js';
import type { RefreshTokenRecord } from '../model.js';

type RefreshRefusal = AadstsRefusal<50173 | 700084 | 700082>;

export function refreshTokenRefusal(record: RefreshTokenRecord, now: Date): RefreshRefusal | undefined {
  if (record.revokedAt !== null) {
    return { code: 50173, args: { issueDate: dotNetInstant(record.createdAt), tokensValidFrom: dotNetInstant(record.revokedAt) } };
  }
  if (Date.parse(record.expiresAt) > now.getTime()) return undefined;
  const window = timeSpan(Date.parse(record.expiresAt) - Date.parse(record.clientType === 'spa' ? record.authTime : record.createdAt));
  // Entra prints the lifetime window and .NET-style instants [O].
  return record.clientType === 'spa'
    ? { code: 700084, args: { time: window, issueDate: dotNetInstant(record.authTime) } }
    : { code: 700082, args: { issueDate: dotNetInstant(record.createdAt), time: window } };
}

/** `2026-11-26T06:43:09.1230000Z`: .NET's round-trip format, as Entra's messages print instants. */
export function dotNetInstant(iso: string): string {
  return new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** .NET TimeSpan style `d.hh:mm:ss`, as Entra prints durations [O]. */
export function timeSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d}.${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
