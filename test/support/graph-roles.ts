// Giving an app Microsoft Graph application permissions through Graph itself (POST
// /servicePrincipals/{graph}/appRoleAssignedTo), as an administrator's script would; a token
// asked for afterwards carries them.

import { expect } from 'vitest';
import type { graphCaller } from './graph.js';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export async function grantGraphRoles(admin: ReturnType<typeof graphCaller>, clientAppId: string, roles: readonly string[]): Promise<void> {
  const graphSp = (await admin.get(`/v1.0/servicePrincipals(appId='${GRAPH_APP_ID}')`)).json;
  const client = (await admin.get(`/v1.0/servicePrincipals(appId='${clientAppId}')`)).json;
  const appRoles = graphSp.appRoles as Array<{ id: string; value: string }>;
  for (const value of roles) {
    const role = appRoles.find((r) => r.value === value);
    if (!role) throw new Error(`Microsoft Graph has no app role ${value}`);
    const r = await admin.post(`/v1.0/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, { principalId: client.id, resourceId: graphSp.id, appRoleId: role.id });
    // 400 when it is already assigned (a rerun of the same file in one Entrada).
    expect([201, 400], r.body).toContain(r.status);
  }
}
