// Federated identity credentials (workload identity federation), entra-protocol.md §4.3: which
// client assertions are tokens of an external issuer, which of the app's federated credentials such
// a token matches, and whether its claims hold. Pure: the signature is checked afterwards with the
// issuer's published keys (flows/shared/federated-auth.ts through the ExternalKeySource port).
// The rules on a credential's own fields (Graph's limits) are here too, for the seed and any editor.

import type { MessageArgs, RefusalVerdict } from '../errors/message-args.js';
import { isGuid } from '../guid.js';
import { decodeJwt, isNumericDate } from '../jwt.js';
import type { FederatedIdentityCredential } from '../model.js';
import type { ExternalJwsAlg } from '../ports.js';
import { ASSERTION_CLOCK_SKEW_SECONDS, entraInstant } from './client-assertion.js';

/** Graph's default and, in practice, the only audience of federated credentials [D]. */
export const DEFAULT_FIC_AUDIENCE = 'api://AzureADTokenExchange';
/** At most 20 federated credentials per application [D]. */
export const MAX_FICS_PER_APP = 20;
const FIC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;
const FIC_VALUE_MAX_LENGTH = 600;

/**
 * Problems with one credential's fields, in Graph's terms [D]: name 3–120 `[A-Za-z0-9_-]` starting
 * alphanumeric; issuer and subject 1–600 characters without wildcards, the issuer without leading
 * or trailing whitespace; exactly one audience of at most 600 characters; description ≤ 600.
 */
export function federatedCredentialProblems(fic: {
  name: string;
  issuer: string;
  subject: string;
  audiences: readonly string[];
  description?: string | null;
}): Array<{ field: 'name' | 'issuer' | 'subject' | 'audiences' | 'description'; message: string }> {
  const out: Array<{ field: 'name' | 'issuer' | 'subject' | 'audiences' | 'description'; message: string }> = [];
  if (!FIC_NAME_PATTERN.test(fic.name)) {
    out.push({ field: 'name', message: 'must be 3 to 120 characters of letters, digits, - and _, starting with a letter or digit' });
  }
  for (const field of ['issuer', 'subject'] as const) {
    const value = fic[field];
    if (value.trim() === '') out.push({ field, message: 'must not be empty' });
    else if (value.length > FIC_VALUE_MAX_LENGTH) out.push({ field, message: `must be at most ${FIC_VALUE_MAX_LENGTH} characters; got ${value.length}` });
    if (value.includes('*')) out.push({ field, message: 'must not contain wildcards (*): Entra matches it exactly' });
  }
  if (fic.issuer !== fic.issuer.trim()) out.push({ field: 'issuer', message: 'must not begin or end with whitespace' });
  if (fic.audiences.length !== 1) {
    out.push({ field: 'audiences', message: `must list exactly one audience (normally ${DEFAULT_FIC_AUDIENCE}); got ${fic.audiences.length}` });
  } else if (fic.audiences[0].trim() === '' || fic.audiences[0].length > FIC_VALUE_MAX_LENGTH) {
    out.push({ field: 'audiences', message: `the audience must be 1 to ${FIC_VALUE_MAX_LENGTH} characters` });
  }
  if (fic.description && fic.description.length > FIC_VALUE_MAX_LENGTH) {
    out.push({ field: 'description', message: `must be at most ${FIC_VALUE_MAX_LENGTH} characters` });
  }
  return out;
}

/**
 * Whether a client assertion is a federated one: its `iss` is not the client id. [I] An `iss` that
 * is another GUID is still read as a certificate assertion naming the wrong application
 * (AADSTS700021), since issuers of federated credentials are URLs; everything else goes to the
 * federated-credential match (entra-protocol.md §4.3).
 */
export function isFederatedAssertion(assertion: string, clientId: string): boolean {
  const iss = decodeJwt(assertion)?.claims['iss'];
  if (typeof iss !== 'string' || iss === '') return false;
  return iss.toLowerCase() !== clientId.toLowerCase() && !isGuid(iss);
}

export type FederatedRefusalCode = 50027 | 70021 | 700211 | 700212 | 700213 | 7002138 | 700024 | 700229 | 7000272;

interface FederatedAssertionInput {
  /** The compact JWT from client_assertion. */
  assertion: string;
  credentials: readonly FederatedIdentityCredential[];
  now: Date;
}

type FederatedVerdict =
  | {
      ok: true;
      credential: FederatedIdentityCredential;
      issuer: string;
      /** What the issuer's keys must verify (header fields and signed bytes). */
      jws: { alg: ExternalJwsAlg; kid?: string; x5t?: string; signingInput: string; signature: Uint8Array };
    }
  | RefusalVerdict<FederatedRefusalCode>;

const ALGS: readonly string[] = ['RS256', 'PS256', 'ES256'] satisfies ExternalJwsAlg[];

/**
 * Match an external token against the app's federated credentials and check its claims, in
 * Entra's order (entra-protocol.md §4.3): issuer exactly (700211; 70021 when the app has no
 * federated credential at all), then audience (700212), then subject exactly and case-sensitively
 * (7002138 when only the case differs, else 700213); then the time window (700024, 5 minutes of
 * skew as for certificates). Only then is the signature worth fetching keys for.
 */
export function checkFederatedAssertion(input: FederatedAssertionInput): FederatedVerdict {
  const jwt = decodeJwt(input.assertion);
  if (!jwt) return refuse(50027, {}, 'client_assertion is not a JWT (three base64url parts, JSON header and payload).');
  const { header, claims } = jwt;
  for (const name of ['iss', 'sub'] as const) {
    if (typeof claims[name] !== 'string' || claims[name] === '') return refuse(50027, {}, `The federated token has no '${name}' claim.`);
  }
  const audiences = audienceValues(claims['aud']);
  if (!audiences) return refuse(50027, {}, "The federated token's 'aud' claim is missing or not a string (or array of strings).");
  if (!isNumericDate(claims['exp'])) return refuse(50027, {}, "The federated token has no numeric 'exp' claim.");
  if (claims['nbf'] !== undefined && !isNumericDate(claims['nbf'])) return refuse(50027, {}, "The federated token's 'nbf' claim is not a number.");

  const issuer = claims['iss'] as string;
  const subject = claims['sub'] as string;
  const audience = audiences.join(' ');
  const all = input.credentials;

  if (all.length === 0) {
    // [I] With nothing to compare to, the generic code and its message naming all three values help most.
    return refuse(70021, { issuer, subject, audience }, 'The application has no federated identity credentials.');
  }
  const byIssuer = all.filter((f) => f.issuer === issuer);
  if (byIssuer.length === 0) {
    const nearly = all.find((f) => sameIgnoringSlashAndCase(f.issuer, issuer));
    return refuse(
      700211,
      { issuer },
      `No federated credential has issuer '${issuer}'. ${listed(all, 'issuer')}` +
        (nearly ? ` '${nearly.issuer}' (${nearly.name}) differs only by case or a trailing slash; issuers are compared exactly.` : ''),
    );
  }

  // [I] Entra refuses a user token of its own as a federated credential (700229, §4.3). Checked as
  // soon as a credential trusts the Entra issuer, whatever the audience and subject.
  if (isEntraIssued(issuer, claims) && !isAppOnly(claims)) {
    return refuse(700229, {}, `The token from the Entra issuer '${issuer}' is a user (delegated) token: it carries ${claims['scp'] !== undefined ? "'scp'" : 'no app-only marker (idtyp app, or oid = sub)'}.`);
  }

  const byAudience = byIssuer.filter((f) => f.audiences.some((a) => audiences.includes(a)));
  if (byAudience.length === 0) {
    return refuse(
      700212,
      { audience },
      `The token's aud ${JSON.stringify(claims['aud'])} is not the audience of any federated credential with issuer '${issuer}' (${byIssuer
        .map((f) => `${f.name}: ${f.audiences.join(', ')}`)
        .join('; ')}).`,
    );
  }

  const match = byAudience.find((f) => f.subject === subject);
  if (!match) {
    const nearly = byAudience.find((f) => f.subject.toLowerCase() === subject.toLowerCase());
    if (nearly) {
      return refuse(7002138, { subject }, `Federated credential '${nearly.name}' has subject '${nearly.subject}', which differs from the token's only by case.`);
    }
    return refuse(
      700213,
      { subject },
      `No federated credential with issuer '${issuer}' and audience '${audience}' has subject '${subject}' (they have: ${byAudience
        .map((f) => `'${f.subject}'`)
        .join(', ')}).`,
    );
  }

  const t = input.now.getTime();
  const exp = claims['exp'] as number;
  const nbf = claims['nbf'] as number | undefined;
  const nowSeconds = t / 1000;
  const skew = ASSERTION_CLOCK_SKEW_SECONDS;
  if (nowSeconds > exp + skew || (nbf !== undefined && nowSeconds < nbf - skew)) {
    return refuse(
      700024,
      { currentTime: entraInstant(t), validFrom: entraInstant((nbf ?? 0) * 1000), expiry: entraInstant(exp * 1000) },
      nowSeconds > exp + skew ? 'The federated token has expired.' : 'The federated token is not valid yet (nbf is in the future).',
    );
  }

  const alg = header['alg'];
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  const x5t = typeof header['x5t'] === 'string' ? header['x5t'] : undefined;
  if (typeof alg !== 'string' || !ALGS.includes(alg)) {
    // [I] No key of the issuer's metadata can verify another algorithm (only RS256 is tested by Entra [D]).
    return refuse(7000272, { keyIdentifier: keyIdentifier(kid, x5t), issuer }, `alg '${String(alg)}' is not RS256, PS256 or ES256.`);
  }
  return { ok: true, credential: match, issuer, jws: { alg: alg as ExternalJwsAlg, kid, x5t, signingInput: jwt.signingInput, signature: jwt.signature } };
}

/** How 7000272 names the key: the `kid`, else the hex of `x5t` (Entra printed a hex thumbprint [O]). */
export function keyIdentifier(kid: string | undefined, x5t: string | undefined): string {
  if (kid !== undefined) return kid;
  if (x5t !== undefined) return Buffer.from(x5t, 'base64url').toString('hex').toUpperCase();
  return '';
}

/**
 * [I] A token of Entra (or of an Entrada tenant): its issuer is `https://{host}/{tid}/v2.0` or
 * `https://{host}/{tid}/` for the GUID in its own `tid` claim (login.microsoftonline.com,
 * sts.windows.net, or this service's own issuers). Other issuers' tokens carry no such `tid`.
 */
export function isEntraIssued(issuer: string, claims: Record<string, unknown>): boolean {
  const tid = claims['tid'];
  if (typeof tid !== 'string' || !isGuid(tid)) return false;
  const m = /^https:\/\/[^/]+\/([^/]+)\/(v2\.0)?$/i.exec(issuer);
  return m !== null && m[1].toLowerCase() === tid.toLowerCase();
}

/**
 * [I] An app-only token: `idtyp` "app" (an optional claim in Entra's v2 tokens; Entrada sends it in v1 ones), or
 * no `scp` and `oid` = `sub` (an app's tokens name its service principal in both).
 */
export function isAppOnly(claims: Record<string, unknown>): boolean {
  if (claims['idtyp'] === 'app') return true;
  if (claims['idtyp'] !== undefined || claims['scp'] !== undefined) return false;
  return typeof claims['oid'] === 'string' && claims['oid'] === claims['sub'];
}

/** `aud` as a list: a string, or an array of strings (Kubernetes sends `["api://AzureADTokenExchange"]`). */
function audienceValues(aud: unknown): string[] | undefined {
  if (typeof aud === 'string' && aud !== '') return [aud];
  if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string' && a !== '')) return aud as string[];
  return undefined;
}

function sameIgnoringSlashAndCase(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

function listed(all: readonly FederatedIdentityCredential[], field: 'issuer'): string {
  const values = [...new Set(all.map((f) => f[field]))];
  return `The application's federated credentials name: ${values.map((v) => `'${v}'`).join(', ')}.`;
}

function refuse<C extends FederatedRefusalCode>(code: C, args: MessageArgs<C>, detail: string): RefusalVerdict<C> {
  return { ok: false, code, args, detail };
}
