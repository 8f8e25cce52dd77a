// Managed identity: the IMDS shape of the plain-HTTP endpoint on 127.0.0.1
// (src/http/managed-identity/managed-identity-app.ts), as ManagedIdentityCredential on a VM asks it:
// GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=… with `Metadata: true`, for
// the host's system-assigned identity (demo-vm, Data.Read on Demo API). One signature; no TLS.

import { API_URI } from '../lib/seed.js';
import type { Grant } from './types.js';

const PATH = '/metadata/identity/oauth2/token';

export const managedIdentity: Grant = {
  key: 'mi',
  title: 'managed identity (IMDS)',
  singleUse: false,
  signaturesPerRequest: 1,
  note: 'demo-vm (system-assigned), resource api://entrada-demo-api, over plain HTTP on 127.0.0.1 (no TLS, unlike the others).',
  async prepare(server) {
    const requestTarget = `${PATH}?${new URLSearchParams({ 'api-version': '2018-02-01', resource: API_URI })}`;
    return { target: { url: `${server.miUrl}${PATH}`, method: 'GET', headers: { Metadata: 'true' } }, lines: async () => [requestTarget] };
  },
};
