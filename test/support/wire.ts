// What the tests put on the wire and read back from it, with no server attached: the origin
// in-process tests are reached at, form-POST headers, form encoding, a JWT's claims and an
// error's AADSTS code. No imports from src/, so pure unit tests and e2e tests can use it too.

/** The origin an in-process Entrada is reached at (config port 8443, Host: localhost:8443). */
export const ORIGIN = 'https://localhost:8443';
export const HOST = { host: 'localhost:8443' };
/** A form POST's headers as MSAL sends them. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', ...HOST };
/** A form POST's headers without the charset parameter, as curl and hand-written clients send them. */
export const PLAIN_FORM = { 'content-type': 'application/x-www-form-urlencoded', ...HOST };

/** Form-encode parameters (repeated keys allowed, to test duplicates). */
export function form(pairs: Array<[string, string]> | Record<string, string>): string {
  const list = Array.isArray(pairs) ? pairs : Object.entries(pairs);
  return list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** The claims of a compact JWT, not verified (tests that verify use jose). */
export function claimsOf(jwt: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The AADSTS code of an Entra error body (its first error_codes entry); undefined for a success. */
export function errorCode(r: { json: Record<string, unknown> }): number | undefined {
  return (r.json.error_codes as number[] | undefined)?.[0];
}
