// What `entrada app add-cert | list-certs | remove-cert` (app-certs.ts) read and write, over the
// running server's Graph API rather than the database: an application's keyCredentials come from
// GET /applications(appId='…')?$select=…,keyCredentials (the one request where Graph returns each
// certificate, `key`), and a change is one PATCH of the whole keyCredentials collection, as the
// portal and az make it. The server validates and audits it like any Graph change.

import type { Application, Guid, KeyCredential, Tenant } from '../core/model.js';
import { readCertificate } from '../seed/certificate.js';
import type { CertDirectory } from './app-certs.js';
import { GraphCallError, ServerProblem, type GraphClient } from './graph-client.js';

type Json = Record<string, unknown>;

export function graphCertDirectory(client: GraphClient, tenant: Tenant): CertDirectory {
  return {
    async getApplicationByAppId(appId: Guid): Promise<Application | undefined> {
      try {
        const app = await client.get(`/v1.0/applications(appId='${encodeURIComponent(appId)}')?$select=id,appId,displayName,keyCredentials`);
        return toApplication(app, tenant.id);
      } catch (err) {
        if (err instanceof GraphCallError && err.status === 404) return undefined;
        throw err;
      }
    },
    async upsertApplication(app: Application): Promise<void> {
      await client.patch(`/v1.0/applications/${encodeURIComponent(app.id)}`, {
        keyCredentials: app.keyCredentials.map((k) => ({
          keyId: k.keyId,
          displayName: k.displayName,
          type: k.type,
          usage: k.usage,
          key: k.key,
          startDateTime: k.startDateTime,
          endDateTime: k.endDateTime,
        })),
      });
    },
    async listTenants(): Promise<Tenant[]> {
      return [tenant];
    },
    async listApplications(): Promise<Application[]> {
      return (await client.list('/v1.0/applications?$select=id,appId,displayName')).map((a) => toApplication(a, tenant.id));
    },
  };
}

/** The parts of an Application the certificate commands read; the rest at empty defaults. */
function toApplication(app: Json, tenantId: Guid): Application {
  const keys = Array.isArray(app.keyCredentials) ? (app.keyCredentials as Json[]) : [];
  return {
    id: String(app.id),
    appId: String(app.appId),
    tenantId,
    displayName: String(app.displayName ?? ''),
    signInAudience: 'AzureADMyOrg',
    web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    isFallbackPublicClient: null,
    passwordCredentials: [],
    keyCredentials: keys.map(toKeyCredential),
    identifierUris: [],
    appRoles: [],
    api: { oauth2PermissionScopes: [], requestedAccessTokenVersion: null },
    requiredResourceAccess: [],
  };
}

function toKeyCredential(k: Json): KeyCredential {
  const read = typeof k.key === 'string' ? readCertificate(k.key) : undefined;
  if (!read?.ok) throw new ServerProblem(`The server returned keyCredential ${String(k.keyId)} without its certificate; is it an Entrada of this version?`);
  return {
    keyId: String(k.keyId).toLowerCase(),
    displayName: typeof k.displayName === 'string' ? k.displayName : null,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: read.cert.der,
    thumbprintSha1: read.cert.thumbprintSha1,
    thumbprintSha256: read.cert.thumbprintSha256,
    startDateTime: String(k.startDateTime ?? read.cert.notBefore),
    endDateTime: String(k.endDateTime ?? read.cert.notAfter),
  };
}
