// Normal forms of lookup keys and instants. Applied in TypeScript, on write and on query alike, so
// SQLite and PostgreSQL compare the same strings (see schema.ts).

import { normaliseResource } from '../../core/policy/scope.js';

/** GUIDs match case-insensitively (their hex digits are a number). */
export function guidKey(guid: string): string {
  return guid.toLowerCase();
}

/** Domains match case-insensitively (DNS names). */
export function domainKey(domain: string): string {
  return domain.toLowerCase();
}

/** userPrincipalName matches case-insensitively, as in Entra. */
export function upnKey(upn: string): string {
  return upn.toLowerCase();
}

/** Identifier URIs match case-insensitively and ignoring one trailing slash (ports.ts findResource). */
export function identifierUriKey(uri: string): string {
  return normaliseResource(uri);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The one stored form of an instant: `Date#toISOString()` (UTC, milliseconds, fixed width), so
 * that text comparison is time comparison: "…09Z" and "…09.5Z" would otherwise sort wrongly.
 * Throws on a string that is not a date rather than store something that compares at random.
 */
export function canonicalInstant(instant: string): string {
  const time = ISO_8601.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(time)) throw new RangeError(`Not an ISO-8601 instant: ${JSON.stringify(instant)}`);
  return new Date(time).toISOString();
}

export function toInt(value: boolean): number {
  return value ? 1 : 0;
}

export function toBool(value: number): boolean {
  return value === 1;
}

/** amr values as stored (migration 0015): space-separated; a row without any reads as a password sign-in. */
export function amrToColumn(amr: readonly string[] | undefined): string {
  return amr === undefined || amr.length === 0 ? 'pwd' : amr.join(' ');
}

export function amrFromColumn(column: string | null): string[] {
  return column === null || column === '' ? ['pwd'] : column.split(' ');
}
