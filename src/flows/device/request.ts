// POST /{tenant}/oauth2/v2.0/devicecode and v1 /{tenant}/oauth2/devicecode (entra-protocol.md §3.6).
// The request names the client and what it wants; no client type is decided here: an app whose
// "Allow public client flows" is off still gets a code and is refused at the first poll [O].

import { idpError, refusalError } from '../../core/errors/idp-error.js';
import { checkClientId } from '../../core/policy/client-id.js';
import { parseDelegatedScope, parseV1Resource } from '../../core/policy/scope.js';
import { identifyClient } from '../shared/client-auth.js';
import { param, type TokenDeps, type TokenRequest, type TokenResponse } from '../shared/context.js';
import { hashDeviceCode } from '../shared/code-hash.js';
import { runRecorded, type FlowOutcome } from '../shared/facts.js';
import { resolveResource } from '../shared/resource.js';
import {
  DEVICE_CODE_INTERVAL_SECONDS,
  DEVICE_CODE_LIFETIME_SECONDS,
  deviceCodeMessage,
  newUserCode,
  verificationUri,
} from './codes.js';

/** What the device authorization request reads: the directory, the device code store, randomness, time. */
type DeviceCodeRequestDeps = Pick<TokenDeps, 'directory' | 'deviceCodes' | 'random' | 'clock'>;

/** The device authorization answer or refusal, with what was learnt about the request either way. */
export function handleDeviceCodeRequest(req: TokenRequest, deps: DeviceCodeRequestDeps): Promise<FlowOutcome<TokenResponse>> {
  return runRecorded((facts) => startDeviceCode({ ...req, facts }, deps));
}

async function startDeviceCode(req: TokenRequest, deps: DeviceCodeRequestDeps): Promise<TokenResponse> {
  if (req.endpoint === 'v2' && req.params['resource'] !== undefined) throw idpError(901002);
  await requestedClient(req, deps);
  const scope = req.endpoint === 'v2' ? param(req, 'scope') : undefined;
  const resource = req.endpoint === 'v1' ? param(req, 'resource') : undefined;
  const parsed = req.endpoint === 'v2' ? parseDelegatedScope(scope) : parseV1Resource(resource, param(req, 'scope'));
  // The resource must exist where the request runs; on /common and /organizations the tenant is
  // only known once a user signs in, and the check happens at redemption.
  if (req.tenant) await resolveResource(req, req.tenant, parsed.resource, deps);

  const now = deps.clock.now();
  const deviceCode = `DAQABIQEAAAD${deps.random.token(96)}`;
  const expiresAt = new Date(now.getTime() + DEVICE_CODE_LIFETIME_SECONDS * 1000).toISOString();
  let userCode = '';
  for (let attempt = 0; ; attempt++) {
    userCode = newUserCode();
    const created = await deps.deviceCodes.create({
      deviceCodeHash: hashDeviceCode(deviceCode),
      userCode,
      tenantId: req.tenant?.id ?? null,
      clientId: req.clientId!.toLowerCase(),
      endpoint: req.endpoint,
      // v1 may add scope=openid for an id token; keep it with the resource.
      scope: param(req, 'scope') ?? null,
      resource: resource ?? null,
      status: 'pending',
      userId: null,
      authTime: null,
      createdAt: now.toISOString(),
      expiresAt,
    });
    if (created) break;
    // 22^9 codes: a collision is rare, several in a row mean something else is wrong.
    if (attempt >= 4) throw new Error('Could not draw an unused user code in 5 attempts.');
  }
  const uri = verificationUri(req.origin);
  const message = deviceCodeMessage(uri, userCode);
  // v1 names the field verification_url and sends numbers as strings [O].
  return req.endpoint === 'v2'
    ? { user_code: userCode, device_code: deviceCode, verification_uri: uri, expires_in: DEVICE_CODE_LIFETIME_SECONDS, interval: DEVICE_CODE_INTERVAL_SECONDS, message }
    : {
        user_code: userCode,
        device_code: deviceCode,
        verification_url: uri,
        expires_in: String(DEVICE_CODE_LIFETIME_SECONDS),
        interval: String(DEVICE_CODE_INTERVAL_SECONDS),
        message,
      };
}

/** The client must be registered: in the path's tenant, or anywhere for /common and /organizations. */
async function requestedClient(req: TokenRequest, deps: Pick<TokenDeps, 'directory'>): Promise<void> {
  if (req.tenant) {
    await identifyClient(req, req.tenant, deps);
    return;
  }
  const checked = checkClientId(req.clientId);
  if (!checked.ok) throw refusalError(checked.refusal);
  const { clientId } = checked;
  const app = await deps.directory.getApplicationByAppId(clientId.toLowerCase());
  if (!app) throw idpError(700016, { args: { appId: clientId, tenant: req.tenantSegment } });
}
