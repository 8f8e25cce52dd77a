// Client authentication with a federated identity credential (workload identity federation,
// entra-protocol.md §4.3): the client_assertion is a token of an external issuer. Core matches it
// to the app's credentials and checks its claims; the issuer's published keys verify its signature.

import { idpError, refusalError } from '../../core/errors/idp-error.js';
import type { Verdict } from '../../core/policy/client-type.js';
import { checkFederatedAssertion, keyIdentifier } from '../../core/policy/federated-credential.js';
import type { Client, TokenDeps, TokenRequest } from './context.js';

export async function checkFederatedClientAssertion(
  req: TokenRequest,
  client: Client,
  verdict: Verdict,
  deps: Pick<TokenDeps, 'clock' | 'externalKeys'>,
): Promise<void> {
  const credentials = client.app.federatedIdentityCredentials ?? [];
  const check = checkFederatedAssertion({ assertion: req.credential.assertion ?? '', credentials, now: deps.clock.now() });
  if (!check.ok) throw refusalError(check, { verdict, detail: check.detail });

  const signature = await deps.externalKeys.verify(check.issuer, check.jws);
  if (signature.ok) return;
  const where = `(federated credential '${check.credential.name}', issuer ${check.issuer})`;
  if (signature.failure === 'unreachable') {
    // [O] AADSTS50166 "Request to External OIDC endpoint failed." when discovery or keys cannot be fetched.
    throw idpError(50166, { verdict, detail: `${signature.detail} ${where}` });
  }
  // [O] 7000272 for a key id the issuer does not publish; [I] the same for a key that does not verify.
  throw idpError(7000272, {
    args: { keyIdentifier: keyIdentifier(check.jws.kid, check.jws.x5t), issuer: check.issuer },
    verdict,
    detail: `${signature.detail} ${where}`,
  });
}
