// grant_type=password, resource owner password credentials (entra-protocol.md §3.5).
// No redirect URI, so "Allow public client flows" decides the client type [D]. The password check
// is the sign-in pages' own, under smart lockout (shared/password-sign-in.ts): 50126 wrong, 50053
// locked, 50057 disabled, 50055 the password must be changed (suberror user_password_expired).

import { idpError } from '../../../core/errors/idp-error.js';
import type { Tenant } from '../../../core/model.js';
import { parseDelegatedScope, parseV1Resource } from '../../../core/policy/scope.js';
import { passwordGrantOnAlias } from '../../../core/policy/tenant-segment.js';
import { authenticateClient, identifyClient, type ClientAuthDeps } from '../../shared/client-auth.js';
import { param, type TokenDeps, type TokenRequest } from '../../shared/context.js';
import { issueForUser, type UserIssueDeps } from '../../shared/issue.js';
import { delegatedGrant } from '../../shared/delegated.js';
import { requirePasswordUnchanged, verifyUserPassword } from '../../shared/password-sign-in.js';
import type { GrantModule } from './types.js';

/** What this grant reads itself, besides client authentication and issuance. */
type Deps = Pick<TokenDeps, 'directory' | 'hashes' | 'smartLockout' | 'clock'> & ClientAuthDeps & UserIssueDeps;

export const passwordGrant: GrantModule<Deps> = {
  grantTypes: ['password'],
  kind: 'password',
  parameters: ['username', 'password', 'scope', 'resource', 'client_info', 'redirect_uri'],
  async handle(req, deps) {
    const username = param(req, 'username');
    const password = req.params['password'];
    if (username === undefined) throw idpError(900144, { args: { name: 'username' } });
    if (password === undefined || password === '') throw idpError(900144, { args: { name: 'password' } });
    const tenant = await ropcTenant(req, username, deps);
    const client = await identifyClient(req, tenant, deps);
    const { clientAuth, clientType } = await authenticateClient(req, client, 'password', deps);

    const user = await deps.directory.findUserByUpn(tenant.id, username);
    // An unknown user is never counted by smart lockout: no row for a user name that does not exist.
    if (!user) throw idpError(50034, { args: { identifier: username, tenant: req.tenantSegment } });
    // 50053 while smart lockout holds the account for this address (the password is not checked).
    if (!(await verifyUserPassword(tenant, user, password, deps, req))) throw idpError(50126);
    if (!user.accountEnabled) throw idpError(50057);
    // The right password that must be changed: a non-interactive flow cannot ask for a new one [D].
    requirePasswordUnchanged(user);
    const asked = req.endpoint === 'v2' ? parseDelegatedScope(param(req, 'scope')) : parseV1Resource(param(req, 'resource'), param(req, 'scope'));
    const grant = await delegatedGrant(req, tenant, client, user, asked, deps);
    // A password is all this grant proves; where MFA is required it is refused (50076) [D: §3.5].
    return issueForUser({ req, tenant, client, clientAuth, clientType, user, ...grant, amr: ['pwd'] }, deps);
  },
};

/**
 * ROPC needs a tenant: /common and /consumers are refused [D: AADSTS9001023]; /organizations
 * finds the tenant from the user name's domain [D].
 */
async function ropcTenant(req: TokenRequest, username: string, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant> {
  if (req.tenant) return req.tenant;
  if (!req.tenantAlias || passwordGrantOnAlias(req.tenantAlias) === 'refuse') throw idpError(9001023);
  const domain = username.includes('@') ? username.slice(username.lastIndexOf('@') + 1) : '';
  const tenant = domain ? await deps.directory.findTenant(domain) : undefined;
  if (!tenant) throw idpError(50034, { args: { identifier: username, tenant: req.tenantSegment } });
  return tenant;
}
