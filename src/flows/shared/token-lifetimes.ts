// The lifetimes of the tokens one response carries (core/policy/token-lifetime.ts decides): reads
// the token lifetime policies of the issuing tenant (and of the apps' home tenants, where their
// application objects' policies live) and draws the randomised default from deps.random.

import type { Application, Guid, ServicePrincipal, TokenLifetimePolicy } from '../../core/model.js';
import { applicablePolicy, policyLifetime, tokenLifetimes, type Lifetimes } from '../../core/policy/token-lifetime.js';
import type { TokenDeps } from './context.js';

interface App {
  app: Application;
  sp: ServicePrincipal;
}

export interface LifetimeRequest {
  tenantId: Guid;
  subject: 'user' | 'app';
  capabilities: readonly string[];
  resource: App;
  /** The client: its policy sets the ID token's lifetime. */
  client: App;
}

export type LifetimeDeps = Pick<TokenDeps, 'directory' | 'random' | 'config'>;

export async function lifetimesFor(request: LifetimeRequest, deps: LifetimeDeps): Promise<Lifetimes> {
  const policies = new Map<Guid, Promise<TokenLifetimePolicy[]>>();
  const of = (tenantId: Guid) => {
    let found = policies.get(tenantId);
    if (!found) {
      found = deps.directory.listTokenLifetimePolicies(tenantId);
      policies.set(tenantId, found);
    }
    return found;
  };
  const lifetimeOf = async ({ app, sp }: App) => {
    const applied = applicablePolicy(await of(request.tenantId), { servicePrincipalId: sp.id, applicationId: app.id }, await of(app.tenantId));
    return applied && policyLifetime(applied.policy);
  };
  const [resourcePolicy, clientPolicy] = await Promise.all([lifetimeOf(request.resource), lifetimeOf(request.client)]);
  return tokenLifetimes({
    subject: request.subject,
    cae: request.capabilities.includes('cp1'),
    configured: deps.config.accessTokenLifetime,
    resourcePolicy,
    clientPolicy,
    draw: deps.random.fraction(),
  });
}
