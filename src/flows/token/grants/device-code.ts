// Device code polling (entra-protocol.md §3.6): grant_type urn:ietf:params:oauth:grant-type:device_code
// or MSAL's short `device_code`. No redirect URI, so "Allow public client flows" decides the client
// type [D]: an app that leaves it off is refused with 7000218 at the first poll [O].
// Never `slow_down`: MSAL aborts on anything but authorization_pending [M].

import { idpError, refusalError } from '../../../core/errors/idp-error.js';
import { checkClientId } from '../../../core/policy/client-id.js';
import type { DeviceCodeRecord } from '../../../core/ports.js';
import { authenticateClient, identifyClient, type ClientAuthDeps } from '../../shared/client-auth.js';
import { hashDeviceCode } from '../../shared/code-hash.js';
import { param, type TokenDeps, type TokenRequest } from '../../shared/context.js';
import { issueForUser, type UserIssueDeps } from '../../shared/issue.js';
import { delegatedGrant } from '../../shared/delegated.js';
import { homeTenantOf, requestOf } from '../../shared/device-request.js';
import type { GrantModule } from './types.js';

/** What this grant reads itself, besides client authentication and issuance. */
type Deps = Pick<TokenDeps, 'deviceCodes' | 'directory' | 'clock' | 'random'> & ClientAuthDeps & UserIssueDeps;

export const deviceCodeGrant: GrantModule<Deps> = {
  grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'device_code'],
  kind: 'device_code',
  // ADAL (v1) sent the device code as `code`; accepted on both endpoints [O][I].
  parameters: ['device_code', 'code', 'client_info'],
  async handle(req, deps) {
    const deviceCode = param(req, 'device_code') ?? param(req, 'code');
    if (deviceCode === undefined) throw idpError(900144, { args: { name: 'device_code' } });
    const found = await deps.deviceCodes.findByHash(hashDeviceCode(deviceCode));
    const record = found && belongsTo(found, req) ? found : undefined;

    // The client and its type come first: a confidential-by-default app without a secret hears
    // 7000218 at its first poll, before anything about the code [O].
    const tenant = req.tenant ?? (record?.tenantId ? await deps.directory.findTenant(record.tenantId) : await homeTenantOf(req.clientId ?? '', deps));
    if (!tenant) {
      const checked = checkClientId(req.clientId);
      if (!checked.ok) throw refusalError(checked.refusal);
      throw idpError(700016, { args: { appId: checked.clientId, tenant: req.tenantSegment } });
    }
    const client = await identifyClient(req, tenant, deps);
    const { clientAuth, clientType } = await authenticateClient(req, client, 'device_code', deps);

    // [I] An unknown device code, or one issued to another client or tenant: bad_verification_code.
    if (!record) throw idpError(70018, { detail: 'No device code request matches this device_code for this client.' });
    const now = deps.clock.now();
    if (record.status !== 'redeemed' && now.getTime() >= Date.parse(record.expiresAt)) throw idpError(70020);
    if (record.status === 'pending') throw idpError(70016);
    if (record.status === 'declined') throw idpError(65004);
    if (record.status === 'redeemed') {
      // [I] Entra's answer to a second redemption is not documented: invalid_grant, AADSTS70000.
      throw idpError(70000, { detail: 'This device code was already redeemed; each device code yields tokens once.' });
    }

    const user = record.userId ? await deps.directory.getUser(tenant.id, record.userId) : undefined;
    if (!user) throw idpError(70000, { detail: 'The user who approved this device code no longer exists.' });
    // Consent was checked when the user approved; checked again here in case it was withdrawn.
    const grant = await delegatedGrant(req, tenant, client, user, requestOf(record), deps);

    // One conditional update: of two polls racing for an approved code, exactly one gets tokens.
    if (!(await deps.deviceCodes.redeem(record.deviceCodeHash, now.toISOString()))) {
      throw idpError(70000, { detail: 'This device code was already redeemed; each device code yields tokens once.' });
    }
    return issueForUser(
      {
        req, tenant, client, clientAuth, clientType, user, ...grant,
        family: record.authTime ? { familyId: deps.random.uuid(), authTime: record.authTime } : undefined,
        amr: record.amr ?? ['pwd'],
      },
      deps,
    );
  },
};

/** A device code is only good for the client it was issued to, and in its tenant. */
function belongsTo(record: DeviceCodeRecord, req: TokenRequest): boolean {
  if (record.clientId !== (req.clientId ?? '').toLowerCase()) return false;
  if (req.tenant && record.tenantId && req.tenant.id !== record.tenantId) return false;
  return true;
}
