// Reading a compact JWS/JWT (RFC 7515 §7.1) without trusting it: the parts, the decoded header and
// claims. Signature checks are the callers' (they know which keys apply).

type Json = Record<string, unknown>;

interface JwtParts {
  header: Json;
  claims: Json;
  /** `BASE64URL(header) '.' BASE64URL(payload)`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/**
 * The three parts, or undefined when it is not a signed JWT with JSON object header and payload.
 * An empty signature (an unsecured `alg: none` JWT, RFC 7519 §6) is never acceptable here.
 */
export function decodeJwt(compact: string): JwtParts | undefined {
  const parts = compact.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  if (!header || !claims || !/^[A-Za-z0-9_-]+$/.test(parts[2])) return undefined;
  return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
}

function decodeJson(part: string): Json | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A NumericDate (RFC 7519 §2) a Date can hold and print: 0 to 9999-12-31. Anything larger made
 * Date arithmetic throw (a 500) before this bound existed.
 */
export function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 253_402_300_799;
}
