// The directory every bench server starts with: the demo seed (src/seed/demo.yaml, what `npm start`
// gives), plus what two grants need and the demo lacks (test/fixtures/on-behalf-of.yaml explains
// the same gap for the tests):
//   - a middle-tier API with a secret, consented to call Demo API for a user (on-behalf-of), and
//     Demo CLI consented to it (the user token it exchanges comes from ROPC on Demo CLI);
//   - a daemon whose credential is a certificate made for this run (certificate assertions),
//     holding Data.Read on Demo API like Demo Daemon.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { clientCertificate, type ClientCertificate } from '../../test/support/client-certificate.js';

const DEMO_SEED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'seed', 'demo.yaml');

// The demo seed's values (src/seed/demo.yaml; `npm start` prints them).
export const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
export const API_URI = 'api://entrada-demo-api';
export const APP_SCOPE = `${API_URI}/.default`;
/** What MSAL sends for a user token for Demo API: the scope plus the OIDC ones it always adds. */
export const USER_SCOPE = `${API_URI}/access_as_user openid profile offline_access`;
export const DAEMON = { appId: 'e7ada000-0000-4000-8000-000000000002', secret: 'daemon~secret~entrada-demo-0002' };
export const WEB = { appId: 'e7ada000-0000-4000-8000-000000000003', secret: 'webapp~secret~entrada-demo-0003', redirectUri: 'https://localhost:3000/auth/callback' };
export const CLI = { appId: 'e7ada000-0000-4000-8000-000000000004' };
export const ALICE = { upn: 'alice@entrada.localhost', password: 'Alice-demo-password-1' };

// Added for the bench.
export const MIDDLE = { appId: 'e7ada000-0000-4000-8000-00000000be01', secret: 'bench~middle~secret-value-0001', uri: 'api://entrada-bench-middle' };
export const CERT_DAEMON = { appId: 'e7ada000-0000-4000-8000-00000000be02' };

export interface BenchSeed {
  file: string;
  /** The certificate (and private key) of CERT_DAEMON. */
  certificate: ClientCertificate;
}

interface SeedTenant {
  applications: unknown[];
  appRoleAssignments: unknown[];
  oauth2PermissionGrants: unknown[];
}

/** Writes the bench seed into `dir`. */
export async function writeBenchSeed(dir: string): Promise<BenchSeed> {
  const certificate = await clientCertificate();
  const seed = parse(readFileSync(DEMO_SEED, 'utf8')) as { tenants: SeedTenant[] };
  const tenant = seed.tenants[0];
  tenant.applications.push(
    {
      appId: MIDDLE.appId,
      displayName: 'Bench Middle API',
      identifierUris: [MIDDLE.uri],
      api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [{ value: 'access_as_user', type: 'User' }] },
      passwordCredentials: [{ displayName: 'bench secret', secretText: MIDDLE.secret }],
    },
    { appId: CERT_DAEMON.appId, displayName: 'Bench Certificate Daemon', keyCredentials: [{ key: certificate.certPem, displayName: 'bench certificate' }] },
  );
  tenant.appRoleAssignments.push({ principal: CERT_DAEMON.appId, resource: API_URI, appRole: 'Data.Read' });
  tenant.oauth2PermissionGrants.push(
    { client: CLI.appId, resource: MIDDLE.uri, scope: 'access_as_user' },
    { client: MIDDLE.appId, resource: API_URI, scope: 'access_as_user' },
    { client: MIDDLE.appId, resource: 'https://graph.microsoft.com', scope: 'openid profile email offline_access' },
  );
  const file = join(dir, 'bench-seed.yaml');
  writeFileSync(file, stringify(seed));
  return { file, certificate };
}
