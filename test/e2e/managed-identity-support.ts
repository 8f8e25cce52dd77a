// Shared by managed-identity-*.e2e.test.ts: the demo seed's managed identities, and running one
// credential in a child process (managed-identity-child.ts) with exactly the environment a case sets.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { loadDemoSeed } from '../../src/seed/load.js';
import { buildManagedIdentities } from '../../src/seed/managed-identities.js';
import type { ChildOptions, ChildResult } from './managed-identity-child.js';
import { API, authority, TENANT_ID } from './demo.js';
import { verifyToken } from './verify.js';

const loaded = await loadDemoSeed();
if (!loaded.ok) throw new Error(loaded.errors.join('; '));
const identities = buildManagedIdentities(TENANT_ID, loaded.seed.tenants[0].managedIdentities);
const find = (type: 'SystemAssigned' | 'UserAssigned') => {
  const m = identities.find((i) => i.type === type);
  if (!m) throw new Error(`the demo seed has no ${type} identity`);
  return m;
};

/** demo-vm: the host the endpoint acts as. */
export const SYSTEM = find('SystemAssigned');
/** demo-identity. */
export const USER = find('UserAssigned');

export function miUrl(): string {
  return inject('entradaMiUrl');
}

/** App Service: IDENTITY_ENDPOINT + IDENTITY_HEADER (msal-wire.md §1.10). */
export function appServiceEnv(): Record<string, string> {
  return { IDENTITY_ENDPOINT: `${miUrl()}/msi/token`, IDENTITY_HEADER: inject('entradaIdentityHeader') };
}

/** IMDS at another host: AZURE_POD_IDENTITY_AUTHORITY_HOST (the only override MSAL has). */
export function imdsEnv(): Record<string, string> {
  return { AZURE_POD_IDENTITY_AUTHORITY_HOST: miUrl() };
}

const CHILD = fileURLToPath(new URL('./managed-identity-child.ts', import.meta.url));
/** Variables any credential in the chain would read: none may leak in from the test's environment. */
const FOREIGN = /^(AZURE_|IDENTITY_|MSI_|IMDS_|MSAL_)/;

export function runCredential(env: Record<string, string>, options: ChildOptions): Promise<ChildResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !FOREIGN.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options)], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`the credential process exited with ${code} and printed no result.\n${out}\n${err}`));
      }
    });
  });
}

export const SCOPE = `${API.uri}/.default`;

/** Verify the token as a resource server would (jose against Entrada's JWKS); its claims. */
export async function verifiedClaims(result: ChildResult) {
  if (!result.ok) throw new Error(`the credential failed: ${result.name}: ${result.message}`);
  return verifyToken(result.token, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
}

/** What a Demo API token for this identity carries. */
export function identityClaims(identity: { clientId: string; id: string; resourceId: string }) {
  return { azp: identity.clientId, azpacr: '2', oid: identity.id, sub: identity.id, roles: ['Data.Read'], tid: TENANT_ID, ver: '2.0', xms_mirid: identity.resourceId };
}
