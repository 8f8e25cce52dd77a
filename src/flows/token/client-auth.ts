// Client identification and authentication, shared by every grant:
// find the app, run the client-type decision, then check the credential it requires.

import { idpError } from '../../core/errors/idp-error.js';
import { isGuid } from '../../core/guid.js';
import type { Application, ServicePrincipal, Tenant } from '../../core/model.js';
import { checkClientSecret } from '../../core/policy/client-credential.js';
import { decideClientType, type ClientTypeInput, type GrantKind, type Verdict } from '../../core/policy/client-type.js';
import { matchRedirectUri } from '../../core/policy/redirect-uri.js';
import type { ClientAuthLevel } from '../../core/tokens/claims.js';
import type { ClientType } from '../../core/model.js';
import { param, type TokenDeps, type TokenRequest } from './context.js';

export interface Client {
  app: Application;
  sp: ServicePrincipal;
}

/** client_id present, a GUID, and registered with a service principal in the tenant. */
export async function identifyClient(req: TokenRequest, tenant: Tenant, deps: Pick<TokenDeps, 'directory'>): Promise<Client> {
  const clientId = req.clientId;
  if (clientId === undefined || clientId === '') throw idpError(900144, { args: { name: 'client_id' } });
  if (!isGuid(clientId)) throw idpError(700038, { args: { clientId } });
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
  if (!sp.accountEnabled) throw idpError(7000112, { args: { appId: app.appId, appName: app.displayName } });
  return { app, sp };
}

export interface Authenticated {
  clientType: ClientType;
  verdict: Verdict;
  clientAuth: ClientAuthLevel;
}

/** Run the client-type decision for this request and check the credential it requires. */
export async function authenticateClient(
  req: TokenRequest,
  client: Client,
  grant: GrantKind,
  deps: Pick<TokenDeps, 'hashes' | 'clock'>,
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
  if (verdict.refusal) {
    const { code, args } = verdict.refusal;
    throw idpError(code, { args: { ...args, appId: client.app.appId }, reason: verdict });
  }
  if (verdict.credentialRule === 'forbidden') return { clientType: verdict.clientType, verdict, clientAuth: '0' };

  if (req.credential.kind === 'secret') {
    const check = checkClientSecret(req.credential.secret ?? '', client.app.passwordCredentials, deps.clock.now(), deps.hashes.verifySecret);
    if (!check.ok) {
      throw idpError(check.code, {
        args: { appId: client.app.appId },
        reason: verdict,
        detail: check.sentKeyId ? "The value sent as client_secret is the secret's ID (keyId), not its value." : undefined,
      });
    }
    return { clientType: verdict.clientType, verdict, clientAuth: '1' };
  }
  // Certificate and federated assertions arrive with the workload-credentials work; until then an
  // assertion cannot be verified and is refused as an unregistered key would be.
  throw idpError(700027, {
    args: { appId: client.app.appId, thumbprint: assertionThumbprint(req.credential.assertion ?? '') },
    reason: verdict,
    detail: 'Entrada does not verify client_assertion yet; use client_secret.',
  });
}

/**
 * The certificate thumbprint a client assertion's header names, as Entra prints it in 700027
 * (hex SHA-1, upper case) [O]; '' when the header is unreadable or names none.
 */
function assertionThumbprint(assertion: string): string {
  try {
    const header = JSON.parse(Buffer.from(assertion.split('.')[0], 'base64url').toString('utf8')) as { x5t?: unknown };
    return typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url').toString('hex').toUpperCase() : '';
  } catch {
    return '';
  }
}
