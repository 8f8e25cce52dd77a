// Starts Entrada the way the README tells a user to (`entrada start`, fresh data folder), and
// trusts its CA the way the README tells users to: NODE_EXTRA_CA_CERTS, which Node reads at
// process start — so it is set here, before the test workers are forked. ENTRADA_TLS_CERT names
// the server certificate, which browser tests trust by its public key (test/support/browser.ts).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { parse, stringify } from 'yaml';
import { ensureTls } from '../../src/crypto/local-ca.js';
import { clientCertificate } from '../support/client-certificate.js';
import { setUpFederation } from './federated-setup.js';

/** The app certificates.e2e.test.ts signs in as; its certificate is made fresh on every run. */
export const CERT_APP_ID = 'e7ada000-0000-4000-8000-0000000000ce';
/** The AD FS-like identity provider the demo tenant federates with (saml-bearer.e2e.test.ts); its signing key is made fresh on every run. */
export const SAML_IDP_ISSUER = 'http://adfs.entrada.localhost/adfs/services/trust';

declare module 'vitest' {
  export interface ProvidedContext {
    entradaUrl: string;
    entradaHome: string;
    entradaCaPath: string;
    /** The managed identity endpoint, `http://127.0.0.1:<port>` (managed-identity-*.e2e.test.ts). */
    entradaMiUrl: string;
    /** Its App Service IDENTITY_HEADER. */
    entradaIdentityHeader: string;
    certApp: { appId: string; certPem: string; privateKeyPem: string };
    samlIdp: { issuer: string; certPem: string; privateKeyPem: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const home = mkdtempSync(join(tmpdir(), 'entrada-e2e-'));
  // The server reuses this CA and certificate (same folder, same host names).
  const tls = await ensureTls({ dir: join(home, 'tls'), hostnames: ['localhost', '127.0.0.1', '::1'] });
  process.env.NODE_EXTRA_CA_CERTS = tls.caCertPath;
  process.env.ENTRADA_TLS_CERT = join(home, 'tls', 'server.pem');

  const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
  // The demo seed plus an app with a certificate generated now (no private key is ever committed).
  const cert = await clientCertificate();
  const seed = parse(readFileSync(join(root, 'src', 'seed', 'demo.yaml'), 'utf8')) as {
    tenants: Array<{ applications: unknown[]; appRoleAssignments?: unknown[]; federatedIdentityProviders?: unknown[] }>;
  };
  seed.tenants[0].applications.push({ appId: CERT_APP_ID, displayName: 'E2E Certificate Daemon', keyCredentials: [{ key: cert.certPem }] });
  seed.tenants[0].appRoleAssignments ??= [];
  seed.tenants[0].appRoleAssignments.push({ principal: CERT_APP_ID, resource: 'api://entrada-demo-api', appRole: 'Data.Read' });
  // A federated SAML identity provider (AD FS-like) with a token-signing certificate made now.
  const idp = await clientCertificate();
  seed.tenants[0].federatedIdentityProviders ??= [];
  seed.tenants[0].federatedIdentityProviders.push({ issuerUri: SAML_IDP_ISSUER, signingCertificates: [idp.certPem], domains: ['entrada.localhost'] });
  // An external OIDC issuer on a free port and an app federating with it (federated-setup.ts).
  const stopFederation = await setUpFederation(tls, seed, project);
  const seedFile = join(home, 'e2e-seed.yaml');
  writeFileSync(seedFile, stringify(seed));
  project.provide('certApp', { appId: CERT_APP_ID, certPem: cert.certPem, privateKeyPem: cert.privateKeyPem });
  project.provide('samlIdp', { issuer: SAML_IDP_ISSUER, certPem: idp.certPem, privateKeyPem: idp.privateKeyPem });

  // The managed identity endpoint on a free port too, with a known App Service secret.
  const identityHeader = 'e2e-identity-header-secret';
  const child = spawn(process.execPath, [join(root, 'bin', 'entrada.cjs'), 'start', '--home', home, '--port', '0', '--mi-port', '0', '--seed', seedFile], {
    cwd: root,
    env: {
      ...process.env,
      ENTRADA_DATABASE_URL: '',
      ENTRADA_SEED: '',
      ENTRADA_MANAGED_IDENTITY_HEADER: identityHeader,
      ENTRADA_MANAGED_IDENTITY_TENANT: '',
      ENTRADA_MANAGED_IDENTITY_HOST: '',
      // The federated test issuer (federated-setup.ts) listens on 127.0.0.1, which key fetches refuse by default.
      ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url, miUrl } = await waitForUrl(child);
  project.provide('entradaUrl', url);
  project.provide('entradaMiUrl', miUrl);
  project.provide('entradaIdentityHeader', identityHeader);
  project.provide('entradaHome', home);
  project.provide('entradaCaPath', tls.caCertPath);

  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await stopFederation();
    rmSync(home, { recursive: true, force: true });
  };
}

/** The HTTPS URL and the managed identity endpoint's, both printed in the start-up banner. */
function waitForUrl(child: ChildProcess): Promise<{ url: string; miUrl: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Entrada did not start in 60 s.\n${out}\n${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Entrada is listening on (https:\/\/\S+)/.exec(out);
      const mi = /Managed identity endpoint: (http:\/\/\S+)/.exec(out);
      if (m && mi) {
        clearTimeout(timer);
        resolve({ url: m[1], miUrl: mi[1] });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Entrada exited with ${code} before listening.\n${out}\n${err}`));
    });
  });
}
