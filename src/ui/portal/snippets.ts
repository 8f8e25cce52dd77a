// Copy-ready configuration for an app, per SDK, with the real ids, authority and port: what a
// person pastes into MSAL Node, MSAL.js, @azure/identity, openid-client or MSAL Python to talk to
// this Entrada. The shape follows the registration: a confidential app gets the secret/credential
// forms, a public or SPA app the public ones.

import type { Application } from '../../core/model.js';

export interface Snippet {
  sdk: string;
  code: string;
}

export interface SnippetInput {
  origin: string;
  tenantId: string;
  app: Pick<Application, 'appId' | 'web' | 'spa' | 'publicClient' | 'isFallbackPublicClient' | 'identifierUris'>;
  /** Where the local CA certificate is on the server's machine. */
  caCertPath?: string;
}

const q = (s: string) => JSON.stringify(s);

export function snippetsFor(input: SnippetInput): Snippet[] {
  const { origin, tenantId, app } = input;
  const authority = `${origin}/${tenantId}`;
  const host = new URL(origin).host;
  const scope = app.identifierUris[0] ? `${app.identifierUris[0]}/.default` : 'https://graph.microsoft.com/.default';
  const isPublic = app.isFallbackPublicClient === true || app.publicClient.redirectUris.length > 0;
  const spaUri = app.spa.redirectUris[0];
  const ca = input.caCertPath ?? '<Entrada home>/tls/ca.pem';
  const out: Snippet[] = [];
  out.push({
    sdk: 'MSAL Node',
    code: isPublic
      ? `// NODE_EXTRA_CA_CERTS=${ca} node app.js
import { PublicClientApplication } from '@azure/msal-node';
const pca = new PublicClientApplication({
  auth: { clientId: ${q(app.appId)}, authority: ${q(authority)}, knownAuthorities: [${q(host)}] },
});
const result = await pca.acquireTokenByUsernamePassword({ username, password, scopes: ['User.Read'] });`
      : `// NODE_EXTRA_CA_CERTS=${ca} node app.js
import { ConfidentialClientApplication } from '@azure/msal-node';
const cca = new ConfidentialClientApplication({
  auth: { clientId: ${q(app.appId)}, authority: ${q(authority)}, knownAuthorities: [${q(host)}], clientSecret: process.env.CLIENT_SECRET },
});
const result = await cca.acquireTokenByClientCredential({ scopes: [${q(scope)}] });`,
  });
  out.push({
    sdk: 'MSAL.js (browser)',
    code: `import { PublicClientApplication } from '@azure/msal-browser';
const pca = new PublicClientApplication({
  auth: { clientId: ${q(app.appId)}, authority: ${q(authority)}, knownAuthorities: [${q(host)}], redirectUri: ${q(spaUri ?? 'https://localhost:5173/ (register it under Single-page application)')} },
});
await pca.initialize();
await pca.loginRedirect({ scopes: ['User.Read'] });`,
  });
  out.push({
    sdk: '@azure/identity',
    code: isPublic
      ? `import { DeviceCodeCredential } from '@azure/identity';
const credential = new DeviceCodeCredential({ tenantId: ${q(tenantId)}, clientId: ${q(app.appId)}, authorityHost: ${q(origin)}, disableInstanceDiscovery: true });`
      : `import { ClientSecretCredential } from '@azure/identity';
const credential = new ClientSecretCredential(${q(tenantId)}, ${q(app.appId)}, process.env.CLIENT_SECRET, { authorityHost: ${q(origin)}, disableInstanceDiscovery: true });
const token = await credential.getToken(${q(scope)});`,
  });
  out.push({
    sdk: 'openid-client',
    code: `import * as client from 'openid-client';
const config = await client.discovery(new URL(${q(`${authority}/v2.0`)}), ${q(app.appId)}${isPublic ? '' : ', process.env.CLIENT_SECRET'});`,
  });
  out.push({
    sdk: 'MSAL Python',
    code: isPublic
      ? `# REQUESTS_CA_BUNDLE=${ca} python3 app.py
import msal
app = msal.PublicClientApplication(${q(app.appId)}, authority=${q(authority)}, validate_authority=False)
flow = app.initiate_device_flow(scopes=["User.Read"])`
      : `# REQUESTS_CA_BUNDLE=${ca} python3 app.py
import os, msal
app = msal.ConfidentialClientApplication(${q(app.appId)}, authority=${q(authority)}, client_credential=os.environ["CLIENT_SECRET"], validate_authority=False)
result = app.acquire_token_for_client(scopes=[${q(scope)}])`,
  });
  return out;
}
