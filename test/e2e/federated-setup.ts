// The external OIDC issuer of federated-credentials.e2e.test.ts, started by global-setup.ts before
// Entrada (so its URL is known when the seed is written): HTTPS on 127.0.0.1 and a free port, with
// the e2e data folder's own server certificate (issued by the local CA for localhost and
// 127.0.0.1), which the Entrada process trusts through NODE_EXTRA_CA_CERTS like every client.
// It serves `{origin}/workload` (discovery + JWKS with an RSA and a P-256 key); `{origin}/broken`
// serves nothing, for AADSTS50166. The app registered here federates with both.

import type { TestProject } from 'vitest/node';
import { issuerKey, pemOf, startHttpsIssuer, TestIssuer } from '../support/federated-issuer.js';

/** The app federated-credentials.e2e.test.ts signs in as. */
export const FEDERATED_APP_ID = 'e7ada000-0000-4000-8000-0000000000f1';
export const GITHUB_SUBJECT = 'repo:entrada/e2e:ref:refs/heads/main';
export const K8S_SUBJECT = 'system:serviceaccount:default:workload';

declare module 'vitest' {
  export interface ProvidedContext {
    federation: { appId: string; issuer: string; brokenIssuer: string; rsaPem: string; ecPem: string };
  }
}

/** Start the issuer, register the app in `seed` (the demo tenant), provide what the tests need; returns the stop function. */
export async function setUpFederation(
  tls: { certPem: string; keyPem: string },
  seed: { tenants: Array<{ applications: unknown[]; appRoleAssignments?: unknown[] }> },
  project: TestProject,
): Promise<() => Promise<void>> {
  const rsa = issuerKey('e2e-rsa', 'RS256');
  const ec = issuerKey('e2e-ec', 'ES256');
  const server = await startHttpsIssuer(tls, (origin) => [new TestIssuer(`${origin}/workload`, [rsa, ec])]);
  server.server.unref(); // never what keeps the test run alive, even if Entrada fails to start
  const issuer = `${server.origin}/workload`;
  const brokenIssuer = `${server.origin}/broken`;
  seed.tenants[0].applications.push({
    appId: FEDERATED_APP_ID,
    displayName: 'E2E Federated Workload',
    federatedIdentityCredentials: [
      { name: 'github-main', issuer, subject: GITHUB_SUBJECT, description: 'a GitHub Actions-like workload' },
      { name: 'k8s-workload', issuer, subject: K8S_SUBJECT },
      { name: 'offline-issuer', issuer: brokenIssuer, subject: GITHUB_SUBJECT },
    ],
  });
  seed.tenants[0].appRoleAssignments ??= [];
  seed.tenants[0].appRoleAssignments.push({ principal: FEDERATED_APP_ID, resource: 'api://entrada-demo-api', appRole: 'Data.Read' });
  project.provide('federation', { appId: FEDERATED_APP_ID, issuer, brokenIssuer, rsaPem: pemOf(rsa), ecPem: pemOf(ec) });
  return () => server.close();
}
