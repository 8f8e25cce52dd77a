// Who may call Graph's application operations (issue 11): Graph's exact errors for no token, a
// token of another audience, an expired one, an app-only token without the permission, and a
// delegated token of a user without a directory role; and what an admin's delegated token may do.

import { beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { ADMIN, ALICE, AUTOMATION, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const clock = new TestClock();
const entrada = useEntrada({ clock });

async function userGraphToken(user: { upn: string; password: string }): Promise<string> {
  const r = await tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, {
    grant_type: 'password',
    client_id: CLI_ID,
    username: user.upn,
    password: user.password,
    scope: 'https://graph.microsoft.com/Application.ReadWrite.All',
  });
  if (r.status !== 200) throw new Error(r.description);
  return String(r.json.access_token);
}

let appId: string;
let objectId: string;

beforeAll(async () => {
  const graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  ({ appId, id: objectId } = (await graph.post('/v1.0/applications', { displayName: 'Guarded' })).json as { appId: string; id: string });
});

const operations = () =>
  [
    ['GET', '/v1.0/applications', undefined],
    ['GET', `/v1.0/applications/${objectId}`, undefined],
    ['POST', '/v1.0/applications', { displayName: 'Nope' }],
    ['PATCH', `/v1.0/applications/${objectId}`, { displayName: 'Nope' }],
    ['DELETE', `/v1.0/applications(appId='${appId}')`, undefined],
    ['POST', `/v1.0/applications/${objectId}/addPassword`, {}],
    ['GET', '/v1.0/auditLogs/directoryAudits', undefined],
  ] as const;

describe('Graph authorization for applications', () => {
  it('no token → 401 "Access token is empty."', async () => {
    const anonymous = graphCaller(entrada, undefined);
    for (const [method, url, body] of operations()) {
      const r = await anonymous.call(method, url, body);
      expect([r.status, graphError(r).code, graphError(r).message], `${method} ${url}`).toEqual([401, 'InvalidAuthenticationToken', 'Access token is empty.']);
      expect(r.headers['www-authenticate']).toContain('authorization_uri=');
    }
  });

  it('a token for another audience → 401 Invalid audience', async () => {
    const r = await tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' });
    const other = graphCaller(entrada, String(r.json.access_token));
    for (const [method, url, body] of operations()) {
      const reply = await other.call(method, url, body);
      expect([reply.status, graphError(reply).message], `${method} ${url}`).toEqual([401, 'Access token validation failure. Invalid audience.']);
    }
  });

  it('a garbled or foreign-signed token → 401', async () => {
    expect(graphError(await graphCaller(entrada, 'not-a-jwt').get('/v1.0/applications')).message).toBe('CompactToken parsing failed with error code: 80049217');
    const token = await appGraphToken(entrada, AUTOMATION);
    const [h, p] = token.split('.');
    expect(graphError(await graphCaller(entrada, `${h}.${p}.${'A'.repeat(342)}`).get('/v1.0/applications')).message).toBe('Signing key is invalid.');
  });

  it('an expired token → 401 "Access token has expired or is not yet valid."', async () => {
    const token = await appGraphToken(entrada, AUTOMATION);
    clock.advance(3 * 3600 * 1000);
    try {
      const r = await graphCaller(entrada, token).get('/v1.0/applications');
      expect([r.status, graphError(r).message]).toEqual([401, 'Access token has expired or is not yet valid.']);
    } finally {
      clock.advance(-3 * 3600 * 1000);
    }
  });

  it('an app-only token without the permission → 403 Authorization_RequestDenied naming what would do', async () => {
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    // Demo Daemon holds User.Read.All and AuditLog.Read.All: nothing that reads or writes apps, and
    // directoryAudits also wants Directory.Read.All.
    for (const [method, url, body] of operations()) {
      const r = await daemon.call(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(graphError(r).code).toBe('Authorization_RequestDenied');
      expect(graphError(r).message).toMatch(/^Insufficient privileges to complete the operation\. The token has no application permission/);
    }
  });

  it('a delegated token: a user without a directory role → 403; a Global Administrator may', async () => {
    const alice = graphCaller(entrada, await userGraphToken(ALICE));
    expect((await alice.get('/v1.0/applications')).status).toBe(200); // members read the directory
    const denied = await alice.patch(`/v1.0/applications/${objectId}`, { displayName: 'By Alice' });
    expect([denied.status, graphError(denied).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(denied).message).toContain('Global Administrator');
    const admin = graphCaller(entrada, await userGraphToken(ADMIN));
    expect((await admin.patch(`/v1.0/applications/${objectId}`, { displayName: 'By Admin' })).status).toBe(204);
    const audits = await admin.get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Update application'")}`);
    // The admin's token has no AuditLog.Read.All scope: 403; the automation app reads it instead.
    expect(audits.status).toBe(403);
    const automation = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
    const entries = (await automation.get('/v1.0/auditLogs/directoryAudits')).json.value as Array<{ activityDisplayName: string; initiatedBy: { user: { userPrincipalName: string } | null }; targetResources: Array<{ id: string }> }>;
    const byAdmin = entries.find((e) => e.activityDisplayName === 'Update application' && e.targetResources[0].id === objectId);
    expect(byAdmin?.initiatedBy.user?.userPrincipalName).toBe(ADMIN.upn);
  });
});
