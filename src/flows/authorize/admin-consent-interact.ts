// What the admin consent endpoint shows or answers next: the sign-in page (or the account picker),
// then the admin consent page listing every permission asked, then the redirect to the app with
// `admin_consent=True` — or Entra's refusal [D: v2-admin-consent]. Who may consent and what the
// request asks for are core/policy/admin-consent.ts; the write is directory/admin-consent.ts.

import { type IdpError, idpError } from '../../core/errors/idp-error.js';
import type { Application, Tenant } from '../../core/model.js';
import { adminConsentGranted, mayGrantAdminConsent, namedOf, requiredOf, type ApiConsent } from '../../core/policy/admin-consent.js';
import { accessForUser, CONSUMERS_TENANT_NAME, identityProviderOf, SINGLE_TENANT_ALIAS_CUTOFF_TEXT } from '../../core/policy/sign-in-audience.js';
import { grantTenantConsent, type ApiConsentIn } from '../../directory/admin-consent.js';
import { roleNames } from '../../directory/authorize.js';
import type { GraphActor } from '../../directory/context.js';
import type { DirectoryService } from '../../directory/service.js';
import type { SignInSession } from '../../core/ports.js';
import type { SessionUser } from './interact.js';
import { startSession } from './sessions.js';
import type { TokenDeps } from '../shared/context.js';
import { homeTenantOf } from '../shared/multi-tenant.js';
import { checkPasswordStep, passwordStepPage } from '../shared/password-step.js';
import type { AdminConsentRequest } from './admin-consent-begin.js';

export type AdminConsentPosted =
  | { step: 'signin'; username: string; password: string }
  | { step: 'pick'; account: string }
  | { step: 'consent'; account: string; accept: boolean };

export type AdminConsentNext =
  | { kind: 'sign-in'; username?: string; error?: IdpError }
  | { kind: 'pick'; accounts: SessionUser[] }
  | { kind: 'consent'; signedIn: SessionUser; plan: ApiConsentIn[] }
  /** Success: the parameters for the redirect URI (state is added on delivery). */
  | { kind: 'respond'; params: Record<string, string>; signedIn: SessionUser }
  | { kind: 'redirect-error'; error: IdpError; cancel?: boolean }
  | { kind: 'page-error'; error: IdpError };

type Deps = Pick<TokenDeps, 'directory' | 'hashes' | 'sessions' | 'random' | 'clock' | 'config' | 'smartLockout' | 'passwordChanges'>;

/** Who is asking, for the audit log. */
export interface Caller {
  clientAddress: string;
  correlationId: string;
  userAgent: string | null;
}

export async function nextAdminConsentStep(
  req: AdminConsentRequest,
  sessions: SessionUser[],
  posted: AdminConsentPosted | undefined,
  caller: Caller,
  deps: Deps,
  service: DirectoryService,
): Promise<{ next: AdminConsentNext; started?: { session: SignInSession; cookieValue: string } }> {
  const usable = sessions.filter((s) => req.tenant === null || s.tenant.id === req.tenant.id);
  if (posted?.step === 'signin') {
    try {
      const home = req.tenant ? await homeTenantOf(posted.username, deps) : undefined;
      const tenant: Tenant | null = home && req.tenant && home.id !== req.tenant.id ? home : req.tenant;
      const signedIn = await checkPasswordStep(tenant, posted, { clientAddress: caller.clientAddress }, deps);
      for (const old of sessions) if (old.tenant.id === signedIn.tenant.id) await deps.sessions.delete(old.session.sessionHash);
      const started = await startSession(signedIn.tenant, signedIn.user, deps);
      const chosen = { session: started.session, tenant: signedIn.tenant, user: signedIn.user };
      return { next: await forAdmin(req, chosen, undefined, caller, deps, service), started };
    } catch (err) {
      const shown = passwordStepPage(posted, err);
      // A password that must be changed is changed through /authorize's pages [I: not offered here].
      if (shown) return { next: { kind: 'sign-in', username: shown.username, error: shown.error ?? idpError(50055) } };
      throw err;
    }
  }
  if (posted) {
    const chosen = usable.find((s) => s.user.userPrincipalName.toLowerCase() === posted.account.trim().toLowerCase());
    if (!chosen) return { next: { kind: 'sign-in', username: posted.account || undefined } };
    return { next: await forAdmin(req, chosen, posted, caller, deps, service) };
  }
  if (usable.length === 0) return { next: { kind: 'sign-in' } };
  if (usable.length > 1) return { next: { kind: 'pick', accounts: usable } };
  return { next: await forAdmin(req, usable[0], undefined, caller, deps, service) };
}

async function forAdmin(
  req: AdminConsentRequest,
  signedIn: SessionUser,
  posted: AdminConsentPosted | undefined,
  caller: Caller,
  deps: Deps,
  service: DirectoryService,
): Promise<AdminConsentNext> {
  const { tenant, user } = signedIn;
  const { app } = req;
  if (!user.accountEnabled) return { kind: 'sign-in', username: user.userPrincipalName, error: idpError(50057) };
  const sp = await deps.directory.findServicePrincipalByAppId(tenant.id, app.appId);
  const access = accessForUser({ app, pathTenantId: req.tenant?.id ?? null, alias: req.alias, userTenantId: tenant.id, hasServicePrincipal: sp !== undefined });
  if (!access.ok) {
    if (access.code === 50194) return { kind: 'redirect-error', error: idpError(50194, { args: { appId: app.appId, appName: app.displayName, time: SINGLE_TENANT_ALIAS_CUTOFF_TEXT } }) };
    if (access.code === 700016) return { kind: 'page-error', error: idpError(700016, { args: { appId: app.appId, tenant: tenant.domains[0] ?? tenant.id } }) };
    const target = access.tenant === 'path' ? (req.tenant?.displayName ?? req.tenantSegment) : CONSUMERS_TENANT_NAME;
    return {
      kind: 'page-error',
      error: idpError(50020, { args: { identifier: user.userPrincipalName, identityProvider: identityProviderOf(tenant.id), tenant: target, appId: app.appId, appName: app.displayName } }),
    };
  }

  const roles = await service.read.listDirectoryRoles(tenant.id, user.id);
  const admin = mayGrantAdminConsent(roles, []);
  if (!admin.ok) return { kind: 'redirect-error', error: notAllowed(user.userPrincipalName, admin.needed) };
  const planned = await planFor(req, tenant, deps);
  if (!planned.ok) return { kind: 'redirect-error', error: planned.error };
  const allowed = mayGrantAdminConsent(roles, planned.plan);
  if (!allowed.ok) return { kind: 'redirect-error', error: notAllowed(user.userPrincipalName, allowed.needed, "Microsoft Graph's application permissions or admin-only delegated permissions") };

  if (posted?.step !== 'consent') return { kind: 'consent', signedIn, plan: planned.plan };
  // Cancel: access_denied with error_subcode=cancel [O].
  if (!posted.accept) return { kind: 'redirect-error', error: idpError(65004, { oauthError: 'access_denied', suberror: 'cancel' }), cancel: true };
  const actor: GraphActor = {
    tenantId: tenant.id,
    caller: { kind: 'user', scopes: [], directoryRoles: roles },
    app: { appId: app.appId, displayName: app.displayName, servicePrincipalId: sp?.id ?? null },
    user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName },
    ipAddress: caller.clientAddress || null,
    correlationId: caller.correlationId,
    userAgent: caller.userAgent,
  };
  await grantTenantConsent(service, actor, app, planned.plan);
  return { kind: 'respond', params: adminConsentGranted(req.endpoint, tenant.id, req.scope), signedIn };
}

function notAllowed(upn: string, needed: readonly string[], what?: string): IdpError {
  return idpError(90093, {
    detail: `${upn} holds none of the directory roles that may consent${what ? ` to ${what}` : ''} for the whole tenant: ${roleNames(needed, ', ')}.`,
  });
}

/**
 * The permissions asked, per API, each API with its service principal in the tenant. An API that
 * exists elsewhere but not here is AADSTS650052 (a consent adds the app, never its APIs [D]); an
 * unknown one named in v2's scope 500011; an API of requiredResourceAccess found nowhere is
 * skipped [I: the portal lists it as unknown]; an unknown permission name 70011.
 */
async function planFor(req: AdminConsentRequest, tenant: Tenant, deps: Pick<TokenDeps, 'directory'>): Promise<{ ok: true; plan: ApiConsentIn[] } | { ok: false; error: IdpError }> {
  const plan: ApiConsentIn[] = [];
  const { app } = req;
  if (req.ask.kind === 'required') {
    const apiIds = [...new Set(app.requiredResourceAccess.map((r) => r.resourceAppId.toLowerCase()))];
    for (const apiId of apiIds) {
      const found = await deps.directory.findResource(tenant.id, apiId);
      if (!found) {
        const elsewhere = await deps.directory.getApplicationByAppId(apiId);
        if (elsewhere) return { ok: false, error: missingApi(elsewhere, tenant) };
        continue;
      }
      const part = requiredOf(app, found.app);
      if (part.scopes.length + part.roles.length > 0) plan.push({ ...part, apiSp: found.sp });
    }
    return { ok: true, plan };
  }
  if (req.ask.kind === 'named') {
    for (const api of req.ask.apis) {
      const found = await deps.directory.findResource(tenant.id, api.identifier);
      if (!found) {
        const elsewhere = await deps.directory.findResource(app.tenantId, api.identifier);
        if (elsewhere) return { ok: false, error: missingApi(elsewhere.app, tenant) };
        return { ok: false, error: idpError(500011, { args: { resource: api.identifier, tenant: tenant.id } }) };
      }
      const named = namedOf(found.app, api.permissions);
      if (!named.ok) return { ok: false, error: idpError(70011, { args: { scope: `${api.identifier}/${named.unknown}` } }) };
      plan.push({ ...(named.consent as ApiConsent), apiSp: found.sp });
    }
  }
  return { ok: true, plan };
}

function missingApi(api: Application, tenant: Tenant): IdpError {
  return idpError(650052, {
    args: { resourceAppId: api.appId, resourceName: api.displayName, tenant: tenant.id },
    detail: `Add '${api.displayName}' to this tenant first: its administrator consents to it (/${tenant.id}/adminconsent?client_id=${api.appId}).`,
  });
}
