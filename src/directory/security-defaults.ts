// Graph's /policies/identitySecurityDefaultsEnforcementPolicy (issue 17): read it, and turn
// security defaults on or off with PATCH {isEnabled} [D: identitysecuritydefaultsenforcementpolicy-get,
// -update]. They cannot be turned on while a Conditional Access policy is enabled [D:
// security-defaults "you must first disable security defaults before enabling a Conditional Access
// policy", and the reverse I]. Audited as "Update security defaults" by Conditional Access [D].

import type { Tenant } from '../core/model.js';
import { z } from 'zod';
import { securityDefaultsConflict } from '../seed/conditional-access-resolve.js';
import { authorize } from './authorize.js';
import { bodyToCheck } from './conditional-access-input.js';
import { SECURITY_DEFAULTS_POLICY_ID, toGraphSecurityDefaults } from './conditional-access-views.js';
import type { GraphActor } from './context.js';
import { badRequest, notFound } from './errors.js';
import { parseWith } from './input.js';
import type { DirectoryService } from './service.js';

const RESOURCE = 'identitySecurityDefaultsEnforcementPolicy';
const ODATA_TYPE = '#microsoft.graph.identitySecurityDefaultsEnforcementPolicy';

/** Only isEnabled can change; displayName and description may come back as GET gave them. */
const UpdateSchema = z.strictObject({
  isEnabled: z.boolean({ error: 'must be true or false' }),
  displayName: z.string().optional(),
  description: z.string().optional(),
});

async function tenantOf(service: DirectoryService, actor: GraphActor): Promise<Tenant> {
  const tenant = await service.read.findTenant(actor.tenantId);
  if (!tenant) throw notFound(actor.tenantId);
  return tenant;
}

export async function getSecurityDefaults(service: DirectoryService, actor: GraphActor): Promise<Tenant> {
  await authorize(actor, 'conditionalAccess.read', service.read);
  return tenantOf(service, actor);
}

export async function updateSecurityDefaults(service: DirectoryService, actor: GraphActor, raw: unknown): Promise<void> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  const current = toGraphSecurityDefaults(await tenantOf(service, actor));
  const input = parseWith(UpdateSchema, bodyToCheck(raw, RESOURCE, ODATA_TYPE, current), RESOURCE);
  for (const key of ['displayName', 'description'] as const) {
    if (input[key] !== undefined && input[key] !== current[key]) throw badRequest(`${key} of the security defaults policy is read-only; only isEnabled can change.`);
  }
  await setSecurityDefaults(service, actor, input.isEnabled);
}

/** The change itself (Graph's PATCH, the in-process API, the portal). */
export async function setSecurityDefaults(service: DirectoryService, actor: GraphActor, enabled: boolean): Promise<void> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  await service.write(actor, async (tx, record) => {
    const tenant = await tx.findTenant(actor.tenantId);
    if (!tenant) throw notFound(actor.tenantId);
    const before = tenant.securityDefaultsEnabled === true;
    if (before === enabled) return;
    if (enabled) {
      const on = (await tx.signInPolicy(actor.tenantId)).conditionalAccessPolicies.find((p) => p.state === 'enabled');
      if (on) throw badRequest(`Cannot enable security defaults: ${securityDefaultsConflict(on.displayName)}.`);
    }
    const { securityDefaultsEnabled: _previous, ...rest } = tenant;
    await tx.upsertTenant(enabled ? { ...rest, securityDefaultsEnabled: true } : rest);
    record({
      activity: 'Update security defaults',
      category: 'Policy',
      service: 'Conditional Access',
      operationType: 'Update',
      target: { id: SECURITY_DEFAULTS_POLICY_ID, displayName: 'Security Defaults', type: 'Policy' },
      properties: { isEnabled: [before, enabled] },
    });
  });
}
