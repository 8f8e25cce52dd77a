// The parts of Entra's error body that are text rules rather than data (entra-protocol.md §5.1):
// the timestamp format, the error_description line, and whether and where error_uri points.

import type { CatalogueEntry } from './types.js';

/** `yyyy-MM-dd HH:mm:ssZ`, UTC, no fraction [D][O]. */
export function entraTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** What the description's trailer names: the ids the client can quote to an administrator. */
export interface DescriptionIds {
  traceId: string;
  correlationId: string;
  timestamp: string;
}

/**
 * `AADSTS<code>: <message> Trace ID: <guid> Correlation ID: <guid> Timestamp: <ts>`. Entra joined
 * these with `\r\n` until 2023 and with single spaces since [O: bodies quoted in
 * AzureAD/microsoft-authentication-library-for-js #4693 (2022, `\r\n`) and #6765 (Dec 2023, spaces);
 * issue 13's captures 2024–2026].
 */
export function errorDescription(code: number, message: string, ids: DescriptionIds): string {
  return `AADSTS${code}: ${message} Trace ID: ${ids.traceId} Correlation ID: ${ids.correlationId} Timestamp: ${ids.timestamp}`;
}

/**
 * `https://{host}/error?code=N` on the host the client called, nothing more [O]; undefined for the
 * codes whose Entra body has no error_uri (70003, 700038: `errorUri: false` in the catalogue).
 */
export function errorUri(origin: string, code: number, entry: Pick<CatalogueEntry, 'errorUri'>): string | undefined {
  return entry.errorUri === false ? undefined : `${origin}/error?code=${code}`;
}
