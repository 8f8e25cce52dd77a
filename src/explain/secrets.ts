// Secrets read from the input are never printed. They are described ("(present, 40 characters)")
// and, where equality matters (the same code redeemed twice), named by a short fingerprint: the
// first 8 hex digits of SHA-256, which identifies a high-entropy value without revealing it.
// Passwords get no fingerprint (a short hash of a weak password could be guessed). Unkeyed, unlike
// the sign-in log's (crypto/log-fingerprint.ts): `entrada explain` runs offline without the
// installation's key, and prints them only to the person who already holds the file and its values.

import { isGuid } from '../core/guid.js';
import { sha256Hex } from '../core/hash.js';
import type { ObservedExchange } from './parse/exchange.js';

/** Form/query parameters whose values are secrets, codes or tokens. */
export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  'client_secret', 'password', 'code', 'refresh_token', 'assertion', 'client_assertion', 'access_token', 'id_token',
  'device_code', 'code_verifier', 'user_code', 'samlresponse', 'saml_assertion', 'subject_token', 'actor_token',
  // the sign-in page's own form (a HAR of a browser sign-in holds it)
  'passwd', 'canary', 'flowtoken',
]);

/** Headers whose values are credentials. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-ms-token', 'x-identity-header']);

/** Response fields that are tokens. */
export const TOKEN_FIELDS: readonly string[] = ['access_token', 'refresh_token', 'id_token', 'device_code', 'client_info'];

export function fingerprint(value: string): string {
  return sha256Hex(value).slice(0, 8);
}

/** "(present, 40 characters, fingerprint 1a2b3c4d)"; no fingerprint for passwords. */
export function describeSecret(value: string, options: { fingerprint?: boolean } = {}): string {
  if (value === '') return '(present but empty)';
  const n = [...value].length;
  const fp = options.fingerprint === false ? '' : `, fingerprint ${fingerprint(value)}`;
  return `(present, ${n} character${n === 1 ? '' : 's'}${fp})`;
}

export type SecretShape = 'empty' | 'guid' | 'entra-secret' | 'other';

/**
 * Entra's client secret values since 2021 are 40 characters: a 3-character hint, a digit, "Q~",
 * then 31–34 characters of [A-Za-z0-9_~.-] [O: the published secret-scanning patterns]. A GUID
 * is the shape of a Secret ID (keyId), which is not a secret.
 */
export function secretShape(value: string): SecretShape {
  const v = value.trim();
  if (v === '') return 'empty';
  if (isGuid(v) || /^\{[0-9a-f-]{36}\}$/i.test(v)) return 'guid';
  if (/^[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}$/.test(v)) return 'entra-secret';
  return 'other';
}

export interface AssertionInfo {
  /** certificate: self-signed by the app (x5t / x5t#S256, iss = sub = client_id); federated: a token from another issuer. */
  kind: 'certificate' | 'federated' | 'not-a-jwt' | 'unknown';
  alg?: string;
  thumbprint?: { name: 'x5t' | 'x5t#S256'; value: string };
  issuer?: string;
  subject?: string;
  audience?: string[];
  expires?: string;
  notBefore?: string;
}

/** What a client_assertion is, read from its (unverified) header and claims. */
export function classifyAssertion(jwt: string, clientId: string | null): AssertionInfo {
  const parts = jwt.trim().split('.');
  if (parts.length !== 3) return { kind: 'not-a-jwt' };
  const header = decodeSegment(parts[0]);
  const claims = decodeSegment(parts[1]);
  if (!header || !claims) return { kind: 'not-a-jwt' };
  const info: AssertionInfo = { kind: 'unknown' };
  if (typeof header['alg'] === 'string') info.alg = header['alg'];
  if (typeof header['x5t#S256'] === 'string') info.thumbprint = { name: 'x5t#S256', value: header['x5t#S256'] };
  else if (typeof header['x5t'] === 'string') info.thumbprint = { name: 'x5t', value: header['x5t'] };
  if (typeof claims['iss'] === 'string') info.issuer = claims['iss'];
  if (typeof claims['sub'] === 'string') info.subject = claims['sub'];
  const aud = claims['aud'];
  if (typeof aud === 'string') info.audience = [aud];
  else if (Array.isArray(aud)) info.audience = aud.filter((a): a is string => typeof a === 'string');
  if (typeof claims['exp'] === 'number') info.expires = new Date(claims['exp'] * 1000).toISOString();
  if (typeof claims['nbf'] === 'number') info.notBefore = new Date(claims['nbf'] * 1000).toISOString();
  const selfIssued = info.issuer !== undefined && info.issuer === info.subject && (clientId === null || info.issuer.toLowerCase() === clientId.toLowerCase());
  const exchangeAudience = (info.audience ?? []).some((a) => /AzureADTokenExchange/i.test(a));
  if (info.thumbprint || header['x5c'] !== undefined || (selfIssued && !exchangeAudience)) info.kind = 'certificate';
  else if (exchangeAudience || (info.issuer !== undefined && /^https?:\/\//i.test(info.issuer))) info.kind = 'federated';
  return info;
}

function decodeSegment(s: string): Record<string, unknown> | null {
  try {
    const j = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Every secret value the input holds: secret parameters, credential headers (and the parts of a
 * Basic header), and tokens in responses. render.ts removes any that slipped into the output.
 */
export function secretValues(exchanges: readonly ObservedExchange[]): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.trim().length >= 6) out.add(v.trim());
  };
  for (const x of exchanges) {
    const r = x.request;
    if (r) {
      for (const params of [r.form, r.query]) {
        for (const [k, v] of Object.entries(params)) {
          if (SECRET_PARAMS.has(k.toLowerCase()) || (k === 'client_id' && secretShape(v) === 'entra-secret')) add(v);
        }
      }
      for (const [k, v] of Object.entries(r.headers)) {
        if (!SECRET_HEADERS.has(k)) continue;
        add(v);
        const basic = /^\s*basic\s+(\S+)/i.exec(v);
        if (basic) {
          add(basic[1]);
          const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          add(decoded.slice(colon + 1));
          if (secretShape(decoded.slice(0, colon)) === 'entra-secret') add(decoded.slice(0, colon));
        }
        const bearer = /^\s*bearer\s+(\S+)/i.exec(v);
        if (bearer) add(bearer[1]);
      }
    }
    const body = x.response?.body;
    if (body) for (const f of TOKEN_FIELDS) add(body[f]);
    for (const [k, v] of Object.entries(x.response?.headers ?? {})) if (SECRET_HEADERS.has(k)) add(v);
  }
  return [...out];
}
