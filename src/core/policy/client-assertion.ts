// Certificate client assertions (private_key_jwt), entra-protocol.md §4.2: which keyCredential the
// JWT names, whether its signature, issuer, subject, audience and time window hold. Pure: the
// signature check is passed in (crypto/jws-verify.ts), replay is the caller's (flows/shared/client-auth.ts).

import { refusalOf, type MessageArgsParam, type RefusalVerdict } from '../errors/message-args.js';
import { decodeJwt, isNumericDate } from '../jwt.js';
import type { KeyCredential } from '../model.js';

export type AssertionAlg = 'RS256' | 'PS256';

/** Verifies `signature` over `signingInput` with the public key of the base64 DER certificate. */
type VerifySignature = (alg: AssertionAlg, certificateDer: string, signingInput: string, signature: Uint8Array) => boolean;

/**
 * Allowed difference between the client's clock and ours for nbf / exp. [I] Entra does not document
 * its skew; 5 minutes is the default of Microsoft.IdentityModel's token validation.
 */
export const ASSERTION_CLOCK_SKEW_SECONDS = 300;

interface AssertionInput {
  /** The compact JWT from client_assertion. */
  assertion: string;
  /** The request's client_id. */
  clientId: string;
  keyCredentials: readonly KeyCredential[];
  /** Accepted `aud` values (assertionAudiences); compared case-insensitively. */
  audiences: readonly string[];
  now: Date;
}

type AssertionRefusalCode = 700027 | 700024 | 700023 | 700021 | 50048 | 50027;

type AssertionVerdict =
  | { ok: true; keyId: string; jti: string; /** Until when the assertion is accepted (exp + skew). */ acceptedUntil: Date }
  | RefusalVerdict<AssertionRefusalCode>;


export function checkClientAssertion(input: AssertionInput, verify: VerifySignature): AssertionVerdict {
  const jwt = decodeJwt(input.assertion);
  if (!jwt) return malformed('client_assertion is not a JWT (three base64url parts, JSON header and payload).');
  const { header, claims } = jwt;

  const x5t = typeof header['x5t'] === 'string' ? header['x5t'] : undefined;
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  // Entra prints the hex SHA-1 thumbprint [O]; with only x5t#S256 sent, the SHA-256 one is all there is.
  const thumbprint = hex(x5t ?? x5tS256 ?? '');
  const keyRefusal = (detail: string): AssertionVerdict => ({
    ok: false,
    code: 700027,
    args: { thumbprint, appId: input.clientId },
    detail,
  });

  const alg = header['alg'];
  if (typeof alg !== 'string') return malformed('The JWT header has no alg.');
  if (x5t === undefined && x5tS256 === undefined) {
    // [O] historically "AADSTS50027 … No certificate thumbprint specified in token header." (§4.2)
    return malformed('No certificate thumbprint specified in token header (x5t or x5t#S256).');
  }
  // [I] a certificate can only verify RS256 / PS256 (§4.2); any other alg cannot match a registered key.
  if (alg !== 'RS256' && alg !== 'PS256') return keyRefusal(`alg '${alg}' is not RS256 or PS256.`);

  const key = input.keyCredentials.find(
    (k) => (x5tS256 !== undefined && k.thumbprintSha256 === x5tS256) || (x5t !== undefined && k.thumbprintSha1 === x5t),
  );
  if (!key) return keyRefusal('No keyCredential of the application has this thumbprint.');
  const t = input.now.getTime();
  if (!(Date.parse(key.startDateTime) <= t && t < Date.parse(key.endDateTime))) {
    // [I] §4.2 looks keys up only within startDateTime–endDateTime, so an out-of-date key is "not found".
    return keyRefusal(`The key used is expired or not yet valid (keyCredential ${key.keyId}: ${key.startDateTime} – ${key.endDateTime}).`);
  }
  if (!verify(alg, key.key, jwt.signingInput, jwt.signature)) {
    return keyRefusal(`The ${alg} signature does not verify with the public key of keyCredential ${key.keyId}.`);
  }

  for (const name of ['iss', 'sub', 'aud', 'jti'] as const) {
    const v = claims[name];
    const ok = typeof v === 'string' ? v !== '' : name === 'aud' && Array.isArray(v);
    if (!ok) return malformed(`The client assertion has no '${name}' claim.`);
  }
  if (!isNumericDate(claims['exp'])) return malformed("The client assertion has no numeric 'exp' claim.");
  if (claims['nbf'] !== undefined && !isNumericDate(claims['nbf'])) return malformed("The 'nbf' claim is not a number.");

  const iss = claims['iss'] as string;
  if (claims['sub'] !== iss) return refuse(50048, `sub '${String(claims['sub'])}' differs from iss '${iss}'.`);
  if (iss.toLowerCase() !== input.clientId.toLowerCase()) return refuse(700021, `iss '${iss}' is not client_id '${input.clientId}'.`);

  // aud: one value; a one-element array is the same thing on the wire (RFC 7519 §4.1.3).
  const audValue = claims['aud'];
  const aud = Array.isArray(audValue) ? (audValue.length === 1 && typeof audValue[0] === 'string' ? audValue[0] : undefined) : (audValue as string);
  const accepted = input.audiences.map((a) => a.toLowerCase());
  if (aud === undefined || !accepted.includes(aud.toLowerCase())) {
    return refuse(700023, `aud ${JSON.stringify(audValue)} is not this token endpoint (accepted: ${input.audiences.join(', ')}).`);
  }

  const exp = claims['exp'] as number;
  const nbf = claims['nbf'] as number | undefined;
  const skew = ASSERTION_CLOCK_SKEW_SECONDS;
  const nowSeconds = t / 1000;
  if (nowSeconds > exp + skew || (nbf !== undefined && nowSeconds < nbf - skew)) {
    return refuse(
      700024,
      nowSeconds > exp + skew ? 'The assertion has expired.' : 'The assertion is not valid yet (nbf is in the future).',
      {
        currentTime: entraInstant(t),
        validFrom: entraInstant((nbf ?? 0) * 1000),
        expiry: entraInstant(exp * 1000),
      },
    );
  }
  return { ok: true, keyId: key.keyId, jti: claims['jti'] as string, acceptedUntil: new Date((exp + skew) * 1000) };
}

/**
 * The `aud` values accepted from a client posting to this token endpoint: v2 and v1 token URLs on
 * the request's origin, for the tenant segment as the client wrote it and for the tenant's GUID and
 * every domain (MSAL uses the endpoint exactly as it resolved it, §4.2 / msal-wire §1.8).
 */
export function assertionAudiences(origin: string, segments: readonly string[]): string[] {
  return segments.flatMap((s) => [`${origin}/${s}/oauth2/v2.0/token`, `${origin}/${s}/oauth2/token`]);
}

/** Entra's instant format in 700024: ISO 8601 with a 7-digit fraction [O]. */
export function entraInstant(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms / 1000);
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

function refuse<C extends AssertionRefusalCode>(code: C, detail: string, ...args: MessageArgsParam<C>): RefusalVerdict<C> {
  return { ok: false, detail, ...refusalOf(code, ...args) };
}

function malformed(detail: string): AssertionVerdict {
  return refuse(50027, detail);
}



/** Upper-case hex of a base64url thumbprint, as Entra prints it in 700027 [O]. */
function hex(b64url: string): string {
  return Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
}
