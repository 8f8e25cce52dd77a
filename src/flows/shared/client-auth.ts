// Client identification and authentication, shared by every grant:
// find the app, run the client-type decision, then check the credential it requires.

import { idpError, refusalError } from '../../core/errors/idp-error.js';
import { withAppId } from '../../core/errors/message-args.js';
import { checkClientId } from '../../core/policy/client-id.js';
import { sha256Base64url } from '../../core/hash.js';
import type { Tenant } from '../../core/model.js';
import { assertionAudiences, checkClientAssertion } from '../../core/policy/client-assertion.js';
import { checkClientSecret } from '../../core/policy/client-credential.js';
import { isFederatedAssertion } from '../../core/policy/federated-credential.js';
import { decideClientType, type ClientTypeInput, type GrantKind, type Verdict } from '../../core/policy/client-type.js';
import { matchRedirectUri } from '../../core/policy/redirect-uri.js';
import type { ClientAuthLevel } from '../../core/tokens/claims.js';
import type { ClientType } from '../../core/model.js';
import { param, type Client, type TokenDeps, type TokenRequest } from './context.js';
import { checkFederatedClientAssertion } from './federated-auth.js';

/** client_id present, a GUID, and registered with a service principal in the tenant. */
export async function identifyClient(req: TokenRequest, tenant: Tenant, deps: Pick<TokenDeps, 'directory'>): Promise<Client> {
  const checked = checkClientId(req.clientId);
  if (!checked.ok) throw refusalError(checked.refusal);
  const { clientId } = checked;
  const [app, sp] = await Promise.all([
    deps.directory.getApplicationByAppId(clientId.toLowerCase()),
    deps.directory.findServicePrincipalByAppId(tenant.id, clientId.toLowerCase()),
  ]);
  if (!app || !sp) {
    throw idpError(700016, {
      args: { appId: clientId, tenant: req.tenantSegment },
      detail: app ? `The app exists (home tenant ${app.tenantId}) but has no service principal in tenant ${tenant.id}.` : undefined,
    });
  }
  req.facts?.client(tenant, app);
  if (!sp.accountEnabled) throw idpError(7000112, { args: { appId: app.appId, appName: app.displayName } });
  return { app, sp };
}

interface Authenticated {
  clientType: ClientType;
  verdict: Verdict;
  clientAuth: ClientAuthLevel;
}

/** What client authentication reads: secrets, certificate assertions (jti replay, signatures), federated keys. */
export type ClientAuthDeps = Pick<TokenDeps, 'hashes' | 'clock' | 'assertionReplay' | 'assertionSignatures' | 'externalKeys'>;

/** Run the client-type decision for this request and check the credential it requires. */
export async function authenticateClient(
  req: TokenRequest,
  client: Client,
  grant: GrantKind,
  deps: ClientAuthDeps,
  extra: Pick<ClientTypeInput, 'issuedClientType' | 'codeHasPkce'> = {},
): Promise<Authenticated> {
  const verdict = decideClientType({
    grant,
    redirectUri: matchRedirectUri(client.app, param(req, 'redirect_uri')),
    isFallbackPublicClient: client.app.isFallbackPublicClient,
    credential: req.credential.kind,
    origin: req.originHeader,
    ...extra,
  });
  req.facts?.verdict(verdict);
  if (verdict.refusal) {
    throw refusalError(withAppId(verdict.refusal, client.app.appId), { verdict });
  }
  if (verdict.credentialRule === 'forbidden') return { clientType: verdict.clientType, verdict, clientAuth: '0' };

  if (req.credential.kind === 'secret') {
    const check = checkClientSecret(req.credential.secret ?? '', client.app.passwordCredentials, deps.clock.now(), deps.hashes.verifySecret);
    if (!check.ok) {
      throw idpError(check.code, {
        args: { appId: client.app.appId },
        verdict,
        detail: check.sentKeyId ? "The value sent as client_secret is the secret's ID (keyId), not its value." : undefined,
      });
    }
    return { clientType: verdict.clientType, verdict, clientAuth: '1' };
  }
  if (isFederatedAssertion(req.credential.assertion ?? '', client.app.appId)) {
    await checkFederatedClientAssertion(req, client, verdict, deps);
    // [I] A federated credential is reported like a certificate, appidacr/azpacr '2' (§7.4: "2" = certificate or FIC).
    return { clientType: verdict.clientType, verdict, clientAuth: '2' };
  }
  await checkCertificateAssertion(req, client, verdict, deps);
  // A certificate proves possession of a key, reported as appidacr/azpacr '2' [D: §7.4].
  return { clientType: verdict.clientType, verdict, clientAuth: '2' };
}

/**
 * private_key_jwt (entra-protocol.md §4.2): the assertion must name one of the app's certificates,
 * be signed by it (RS256 or PS256), carry iss = sub = client_id, be addressed to this token endpoint
 * and be inside its time window; then its jti is recorded.
 */
async function checkCertificateAssertion(
  req: TokenRequest,
  client: Client,
  verdict: Verdict,
  deps: Pick<TokenDeps, 'clock' | 'assertionReplay' | 'assertionSignatures'>,
): Promise<void> {
  const assertion = req.credential.assertion ?? '';
  const now = deps.clock.now();
  // The endpoint as the client resolved it: the segment it wrote, or the tenant's GUID or any domain.
  const segments = [req.tenantSegment, ...(req.tenant ? [req.tenant.id, ...req.tenant.domains] : [])];
  const check = checkClientAssertion(
    {
      assertion,
      clientId: client.app.appId,
      keyCredentials: client.app.keyCredentials,
      audiences: assertionAudiences(req.origin, segments),
      now,
    },
    (alg, der, input, signature) => deps.assertionSignatures.verify(alg, der, input, signature),
  );
  if (!check.ok) {
    throw refusalError(check, { verdict, detail: check.detail });
  }
  // [I] Entra does not document jti replay enforcement (§4.2), and MSAL Node re-sends the very same
  // assertion for up to 10 minutes (ClientAssertion.getJwt caches it; msal-wire §1.8), which Entra
  // accepts. So a jti is single-use per assertion: the identical JWT may come back until it
  // expires, a different assertion reusing the jti is refused. The code is Entra's generic
  // client-authentication failure, AADSTS50012 [I].
  const hash = sha256Base64url(assertion);
  const fresh = await deps.assertionReplay.consume(client.app.appId, check.jti, hash, check.acceptedUntil.toISOString(), now.toISOString());
  if (!fresh) {
    throw idpError(50012, {
      verdict,
      detail: `The jti '${check.jti}' was already used by another client assertion of this application.`,
    });
  }
}
