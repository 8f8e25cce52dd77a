// A bearer token Entrada itself issued, checked as the APIs Entra issues tokens for check them:
// signed by one of this Entrada's keys (RS256), inside its lifetime (5 minutes' skew on nbf), for
// one of the API's audiences, issued by the token's own tenant. Each API (Microsoft Graph, Azure
// Resource Manager) words the refusal its own way.

import type { FastifyRequest } from 'fastify';
import { decodeJwt, isNumericDate } from '../../core/jwt.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { publishedCertificates } from '../../flows/shared/published-certificates.js';

export type BearerProblem = 'missing' | 'malformed' | 'signature' | 'lifetime' | 'audience' | 'issuer';

export type BearerCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; problem: BearerProblem };

export function checkBearerToken(
  req: FastifyRequest,
  deps: Pick<TokenDeps, 'signer' | 'assertionSignatures' | 'clock'>,
  audiences: ReadonlySet<string>,
): BearerCheck {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) return { ok: false, problem: 'missing' };
  const jwt = decodeJwt(m[1]);
  if (!jwt) return { ok: false, problem: 'malformed' };
  const certs = publishedCertificates(deps.signer);
  const der = typeof jwt.header['kid'] === 'string' ? certs.get(jwt.header['kid']) : undefined;
  if (der === undefined || jwt.header['alg'] !== 'RS256' || !deps.assertionSignatures.verify('RS256', der, jwt.signingInput, jwt.signature)) {
    return { ok: false, problem: 'signature' };
  }
  const c = jwt.claims;
  const now = deps.clock.now().getTime() / 1000;
  if (!isNumericDate(c['exp']) || c['exp'] < now || (isNumericDate(c['nbf']) && c['nbf'] > now + 300)) return { ok: false, problem: 'lifetime' };
  if (typeof c['aud'] !== 'string' || !audiences.has(c['aud'])) return { ok: false, problem: 'audience' };
  const tid = c['tid'];
  const iss = c['iss'];
  if (typeof tid !== 'string' || typeof iss !== 'string' || !(iss.endsWith(`/${tid}/`) || iss.endsWith(`/${tid}/v2.0`))) return { ok: false, problem: 'issuer' };
  return { ok: true, claims: c };
}
