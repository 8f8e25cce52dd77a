// Node clients with Microsoft's defaults, run inside the hosts namespace (test/hosts/hosts-mode.test.ts):
// no knownAuthorities, no authorityHost, instance discovery on; the only setting is the CA
// (NODE_EXTRA_CA_CERTS). Usage: node node-clients.mjs <mode> '<json arguments>'; prints one JSON line.

import { ClientSecretCredential } from '@azure/identity';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import * as oidc from 'openid-client';

const [mode, json] = process.argv.slice(2);
const a = JSON.parse(json ?? '{}');
const authority = `https://login.microsoftonline.com/${a.tenant}`;

const modes = {
  // MSAL Node, client credentials, plain authority.
  async 'msal-client-credentials'() {
    const app = new ConfidentialClientApplication({ auth: { clientId: a.clientId, clientSecret: a.secret, authority } });
    const r = await app.acquireTokenByClientCredential({ scopes: [a.scope] });
    return { accessToken: r.accessToken };
  },
  // MSAL Node, ROPC through a public client, plain authority.
  async 'msal-ropc'() {
    const app = new PublicClientApplication({ auth: { clientId: a.clientId, authority } });
    const r = await app.acquireTokenByUsernamePassword({ scopes: [a.scope], username: a.username, password: a.password });
    return { accessToken: r.accessToken, username: r.account?.username, environment: r.account?.environment };
  },
  // @azure/identity: tenant, client id and secret only (authorityHost defaults to login.microsoftonline.com).
  async 'identity-client-secret'() {
    const credential = new ClientSecretCredential(a.tenant, a.clientId, a.secret);
    const t = await credential.getToken(a.scope);
    return { accessToken: t.token };
  },
  // openid-client: discovery of the v2 issuer (it requires issuer === the URL), then client credentials.
  async 'openid-client-credentials'() {
    const config = await oidc.discovery(new URL(`${authority}/v2.0`), a.clientId, a.secret);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: a.scope });
    return { issuer: config.serverMetadata().issuer, tokenEndpoint: config.serverMetadata().token_endpoint, accessToken: tokens.access_token };
  },
};

const run = modes[mode];
if (!run) {
  console.error(`unknown mode ${mode}; one of ${Object.keys(modes).join(', ')}`);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await run()));
} catch (err) {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  process.exit(1);
}
