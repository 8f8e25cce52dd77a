// A seed tenant's token lifetime policies (issue 18):
//
//   tokenLifetimePolicies:
//     - displayName: Demo API two hours
//       accessTokenLifetime: 2h              # or 90m, 1d, 3600s, or a TimeSpan such as 02:00:00
//       appliesTo: [Demo API]                # apps by displayName, appId or identifier URI
//     - displayName: Organization default
//       accessTokenLifetime: '01:30:00'
//       isOrganizationDefault: true
//
// Each becomes Graph's tokenLifetimePolicy (definition `{"TokenLifetimePolicy":{"Version":1,
// "AccessTokenLifetime":"02:00:00"}}`), assigned to the service principals of the apps it names in
// the tenant: a service principal's policy wins over the organization default, which an
// application object's would not (core/policy/token-lifetime.ts), so a seeded app gets the
// lifetime its seed names. Written under seed/merge.ts's rule like every other seeded object.

import type { z } from 'zod';
import type { Guid, TokenLifetimePolicy } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { definitionFor, TOKEN_LIFETIME_LIMITS } from '../core/policy/token-lifetime.js';
import type { TenantDirectory } from './directory.js';
import { nameUuid } from './ids.js';
import type { SeedKind, SeedObjectReport } from './merge.js';
import type { SeedPath } from './problems.js';
import { parseLifetime, type tokenLifetimePolicySchema } from './token-lifetime-schema.js';

export type SeedTokenLifetimePolicy = Omit<TokenLifetimePolicy, 'tenantId'>;

type Report = (path: SeedPath, message: string) => void;
type SeedInput = z.output<ReturnType<typeof tokenLifetimePolicySchema>>;

/** The tenant's policies with ids settled and apps resolved to their service principals; problems reported. */
export function resolveSeedTokenLifetimePolicies(directory: TenantDirectory, tenantIndex: number, report: Report): SeedTokenLifetimePolicy[] {
  const { tenantId } = directory;
  const seeded: readonly SeedInput[] = directory.tenant.tokenLifetimePolicies ?? [];
  const base: SeedPath = ['tenants', tenantIndex, 'tokenLifetimePolicies'];
  if (seeded.length > TOKEN_LIFETIME_LIMITS.policiesPerTenant) report(base, `at most ${TOKEN_LIFETIME_LIMITS.policiesPerTenant} token lifetime policies per tenant`);
  const holders = new Map<Guid, string>();
  const names = new Set<string>();
  let orgDefault: string | undefined;
  return seeded.map((p, i) => {
    const path: SeedPath = [...base, i];
    const key = p.displayName.trim().toLowerCase();
    if (names.has(key)) report([...path, 'displayName'], `another token lifetime policy is named '${p.displayName}'`);
    names.add(key);
    if (p.isOrganizationDefault) {
      if (orgDefault) report([...path, 'isOrganizationDefault'], `'${orgDefault}' is already the organization default; only one may be`);
      orgDefault ??= p.displayName;
    }
    const appliesTo: Guid[] = [];
    p.appliesTo.forEach((ref, j) => {
      const problem = (message: string) => report([...path, 'appliesTo', j], message);
      const app = directory.findResource(ref) ?? directory.apps.find((a) => a.app.displayName.toLowerCase() === ref.toLowerCase());
      if (!app) {
        problem(`no application with displayName, appId or identifier URI '${ref}' in this tenant`);
      } else if (!app.spId) {
        problem(`'${app.app.displayName}' has no service principal in this tenant (servicePrincipal: false)`);
      } else if (holders.has(app.spId)) {
        problem(`'${app.app.displayName}' already has the token lifetime policy '${holders.get(app.spId)}'; an app may have one`);
      } else {
        holders.set(app.spId, p.displayName);
        appliesTo.push(app.spId);
      }
    });
    const seconds = parseLifetime(p.accessTokenLifetime) ?? 3600;
    return {
      id: (p.id ?? nameUuid(tenantId, `tokenLifetimePolicy:${key}`)).toLowerCase(),
      displayName: p.displayName,
      description: p.description ?? null,
      definition: definitionFor(seconds),
      isOrganizationDefault: p.isOrganizationDefault,
      appliesTo,
    };
  });
}

type Step = <T extends object>(
  kind: SeedKind,
  id: Guid,
  displayName: string,
  read: () => Promise<T | undefined>,
  write: (stored: T | undefined) => Promise<void>,
) => Promise<SeedObjectReport>;

export async function writeTokenLifetimePolicies(
  tenantId: Guid,
  policies: readonly SeedTokenLifetimePolicy[],
  store: Pick<DirectoryStore, 'getTokenLifetimePolicy' | 'upsertTokenLifetimePolicy'>,
  step: Step,
  track: (report: SeedObjectReport) => SeedObjectReport,
): Promise<void> {
  for (const policy of policies) {
    track(
      await step('tokenLifetimePolicy', policy.id, policy.displayName, () => store.getTokenLifetimePolicy(tenantId, policy.id), async () => {
        await store.upsertTokenLifetimePolicy({ ...policy, tenantId });
      }),
    );
  }
}
