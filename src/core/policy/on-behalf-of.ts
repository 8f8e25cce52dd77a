// The user assertion of an on-behalf-of request (entra-protocol.md §3.7): a user access token this
// tenant issued for the calling (middle-tier) app, signed by one of our keys and inside its time
// window. Pure: the signature check is passed in (flows/token/grants/on-behalf-of.ts verifies it
// with the keys the token signer publishes).

import { refusalOf, type MessageArgsParam, type RefusalVerdict } from '../errors/message-args.js';
import { decodeJwt, isNumericDate } from '../jwt.js';
import { ASSERTION_CLOCK_SKEW_SECONDS, entraInstant } from './client-assertion.js';
import { isAppOnly } from './federated-credential.js';
import { sameResource } from './scope.js';
import { issuerV1, issuerV2 } from '../tokens/claims.js';

/** Verifies an RS256 `signature` over `signingInput` with our published key `kid`; false when unknown. */
type VerifyOwnSignature = (kid: string, signingInput: string, signature: Uint8Array) => boolean;

interface OboAssertionInput {
  /** The compact JWT from `assertion`. */
  assertion: string;
  /** Issuers this tenant's tokens carry on this origin (v1 and v2, core/tokens/claims.ts). */
  issuers: readonly string[];
  /** The calling app: its appId and identifierUris are the audiences it may receive. */
  client: { appId: string; displayName: string; identifierUris: readonly string[] };
  now: Date;
}

type OboRefusalCode = 50027 | 50013 | 500133 | 7000114 | 500131;

type OboVerdict =
  | { ok: true; userId: string; claims: Record<string, unknown> }
  | RefusalVerdict<OboRefusalCode>;


/** Entrada's tokens are RS256 only (crypto/token-signer.ts). */
const OUR_ALG = 'RS256';

export function checkOboAssertion(input: OboAssertionInput, verify: VerifyOwnSignature): OboVerdict {
  const jwt = decodeJwt(input.assertion);
  if (!jwt) return refuse(50027, 'The assertion is not a JWT (three base64url parts, JSON header and payload).');
  const { header, claims } = jwt;

  // Signature first: nothing in an unverified token is trusted, not even its claims' shape.
  const kid = header['kid'];
  if (typeof kid !== 'string' || kid === '') return refuse(50027, 'The assertion header has no kid.');
  if (header['alg'] !== OUR_ALG) {
    return refuse(50013, `alg '${String(header['alg'])}' is not ${OUR_ALG}, the only algorithm this service signs with.`);
  }
  if (!verify(kid, jwt.signingInput, jwt.signature)) {
    return refuse(50013, `The signature does not verify with this service's signing key '${kid}' (unknown key or altered token).`);
  }

  const iss = claims['iss'];
  if (typeof iss !== 'string') return refuse(50027, "The assertion has no 'iss' claim.");
  // [I] a token of another tenant, signed with the same (instance-wide) keys, fails here as Entra's
  // "issuer does not fit" case of AADSTS50013.
  if (!input.issuers.includes(iss)) {
    return refuse(50013, `iss '${iss}' is not an issuer of this tenant (accepted: ${input.issuers.join(', ')}).`);
  }

  if (!isNumericDate(claims['exp'])) return refuse(50027, "The assertion has no numeric 'exp' claim.");
  if (claims['nbf'] !== undefined && !isNumericDate(claims['nbf'])) return refuse(50027, "The 'nbf' claim is not a number.");
  const exp = claims['exp'];
  const nbf = claims['nbf'] as number | undefined;
  const t = input.now.getTime();
  // [I] the same 5-minute skew as client assertions (Microsoft.IdentityModel's default).
  const skew = ASSERTION_CLOCK_SKEW_SECONDS;
  if (t / 1000 > exp + skew || (nbf !== undefined && t / 1000 < nbf - skew)) {
    return refuse(500133, t / 1000 > exp + skew ? 'The assertion has expired.' : 'The assertion is not valid yet (nbf).', {
      currentTime: entraInstant(t),
      expiry: entraInstant(exp * 1000),
    });
  }

  // A user token carries scp; app-only tokens carry roles, or idtyp "app" (v1; optional in v2), or
  // name their service principal in both oid and sub (§7.4).
  const scp = claims['scp'];
  if (claims['idtyp'] === 'app' || (typeof scp !== 'string' && (claims['roles'] !== undefined || isAppOnly(claims)))) {
    // [I] Entra documents that app-only tokens cannot be exchanged; Entrada answers with the
    // catalogue's on-behalf-of refusal for applications, AADSTS7000114.
    return refuse(7000114, 'The assertion is an app-only token (idtyp "app" / roles without scp): there is no user to act for.', {
      appId: input.client.appId,
    });
  }
  if (typeof scp !== 'string') {
    // [I] An id_token (or any token without scp) is not an access token for the middle tier.
    return refuse(50013, 'The assertion carries no scp claim: it is not a user access token (an id_token?).');
  }

  const audValue = claims['aud'];
  const aud = Array.isArray(audValue) ? (audValue.length === 1 && typeof audValue[0] === 'string' ? audValue[0] : undefined) : audValue;
  const accepted = [input.client.appId, ...input.client.identifierUris];
  if (typeof aud !== 'string' || !accepted.some((a) => sameResource(a, aud))) {
    return refuse(
      500131,
      `aud ${JSON.stringify(audValue)} is not the calling app (accepted: ${accepted.join(', ')}).`,
      {
        audience: typeof aud === 'string' ? aud : JSON.stringify(audValue),
        expectedAudience: input.client.appId,
        appId: input.client.appId,
        appName: input.client.displayName,
      },
    );
  }

  const oid = claims['oid'];
  if (typeof oid !== 'string' || oid === '') return refuse(50027, "The assertion has no 'oid' claim.");
  return { ok: true, userId: oid.toLowerCase(), claims };
}

/** The issuers of a tenant's tokens on an origin: v2 `{origin}/{tid}/v2.0`, v1 `{origin}/{tid}/`. */
export function tenantIssuers(origin: string, tenantId: string): string[] {
  return [issuerV2(origin, tenantId), issuerV1(origin, tenantId)];
}

function refuse<C extends OboRefusalCode>(code: C, detail: string, ...args: MessageArgsParam<C>): RefusalVerdict<C> {
  return { ok: false, detail, ...refusalOf(code, ...args) };
}


