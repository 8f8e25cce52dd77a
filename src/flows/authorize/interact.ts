// What /authorize shows or answers next, given the validated request, the browser's sessions and
// the form the person just posted (if any). The prompt rules [D: v2-oauth2-auth-code-flow.md]:
//   login          → always the sign-in page;
//   select_account → the account picker (sign-in page when there is no session);
//   none           → never a page: the session's user, or login_required / consent_required;
//   consent        → the consent page even when consent exists;
//   absent         → the session's user if there is one, else the sign-in page.
// A prompt is satisfied once the person has acted on its page in this sign-in (the posted step).

import { IdpError, idpError } from '../../core/errors/idp-error.js';
import type { Application, ClientType, Tenant, User } from '../../core/model.js';
import type { SignInSession } from '../../core/ports.js';
import type { Client, TokenDeps } from '../shared/context.js';
import { requireUserAssignment } from '../shared/resource.js';
import type { AuthorizeContext } from './begin.js';
import { completeAuthorize } from './complete.js';
import { addToTenant, adminOnly, consentQuestion, recordUserConsent, signInOnlyQuestion, unavailableResource, type ConsentQuestion } from '../shared/consent.js';
import { accessForUser, CONSUMERS_TENANT_NAME, identityProviderOf, SINGLE_TENANT_ALIAS_CUTOFF_TEXT, type ForUser } from '../../core/policy/sign-in-audience.js';
import { homeTenantOf } from '../shared/multi-tenant.js';
import { newServicePrincipal } from '../../core/new-service-principal.js';
import { checkPasswordStep, passwordStepPage, type PasswordStep } from '../shared/password-step.js';
import { startSession } from './sessions.js';
import { assessSignIn, clientAppTypeOf, signInRefusal } from '../shared/sign-in-policy.js';

export interface SessionUser {
  session: SignInSession;
  tenant: Tenant;
  user: User;
}

/** The form posted from one of the sign-in pages. */
export type PostedStep =
  | PasswordStep
  | { step: 'pick'; account: string }
  | { step: 'consent'; account: string; accept: boolean }
  | { step: 'mfa'; account: string; approve: boolean };

export type Next =
  | { kind: 'sign-in'; username?: string; error?: IdpError }
  /** The password is right but must be changed: "Update your password" (password-step.ts). */
  | { kind: 'update-password'; username: string; error?: IdpError; problem?: string }
  | { kind: 'pick'; accounts: SessionUser[] }
  | { kind: 'consent'; signedIn: SessionUser; question: ConsentQuestion }
  /** A second factor is required: the (simulated) authenticator step; `register` when none is registered yet. */
  | { kind: 'mfa'; signedIn: SessionUser; register: boolean; resourceAppId: string | undefined }
  | { kind: 'admin-consent-required'; question: ConsentQuestion }
  | { kind: 'respond'; params: Record<string, string>; signedIn: SessionUser }
  | { kind: 'redirect-error'; error: IdpError }
  | { kind: 'page-error'; error: IdpError };

type AuthorizeDeps = Pick<
  TokenDeps,
  'directory' | 'hashes' | 'sessions' | 'consent' | 'authorizationCodes' | 'signer' | 'random' | 'clock' | 'config' | 'smartLockout' | 'passwordChanges'
>;

interface NextResult {
  next: Next;
  /** A session started by this step (the route sets its cookie). */
  started?: { session: SignInSession; cookieValue: string };
}

export async function nextStep(ctx: AuthorizeContext, sessions: SessionUser[], posted: PostedStep | undefined, deps: AuthorizeDeps): Promise<NextResult> {
  const result = await step(ctx, sessions, posted, deps);
  return ctx.request.prompt === 'none' ? { ...result, next: silently(result.next, ctx.app) } : result;
}

/** Re-authentication for prompt=login must have happened within this long [I]. */
const FRESH_SIGN_IN_MS = 10 * 60 * 1000;

async function step(ctx: AuthorizeContext, sessions: SessionUser[], posted: PostedStep | undefined, deps: AuthorizeDeps): Promise<NextResult> {
  const { request } = ctx;
  // v1's prompt=admin_consent: Entrada models no administrator role, so the signed-in user is
  // asked as for prompt=consent and consents for themselves [I].
  const prompt = request.prompt === 'admin_consent' ? 'consent' : request.prompt;
  const usable = sessions.filter((s) => ctx.tenant === null || s.tenant.id === ctx.tenant.id);
  const hint = request.loginHint;

  let chosen: SessionUser | undefined;
  let started: NextResult['started'];
  if (posted?.step === 'signin' || posted?.step === 'update-password') {
    try {
      const { tenant, user } = await checkPasswordStep(await passwordTenant(ctx, posted.username, deps), posted, ctx, deps);
      // The new session replaces this browser's earlier one in that tenant.
      for (const old of sessions) if (old.tenant.id === tenant.id) await deps.sessions.delete(old.session.sessionHash);
      const s = await startSession(tenant, user, deps);
      started = s;
      chosen = { session: s.session, tenant, user };
    } catch (err) {
      const page = passwordStepPage(posted, err);
      if (page) return { next: page };
      throw err;
    }
  } else if (posted) {
    if (posted.account === '') return { next: { kind: 'sign-in' } };
    chosen = usable.find((s) => sameUpn(s.user.userPrincipalName, posted.account));
    if (!chosen) return { next: { kind: 'sign-in', username: posted.account } };
    // prompt=login is satisfied only by a password entered now: the sign-in page offers no account
    // to pick, and its consent step follows a sign-in that just happened.
    const fresh = deps.clock.now().getTime() - Date.parse(chosen.session.authTime) < FRESH_SIGN_IN_MS;
    if (prompt === 'login' && (posted.step === 'pick' || !fresh)) return { next: { kind: 'sign-in', username: posted.account } };
  } else {
    const candidates = hint === undefined ? usable : usable.filter((s) => sameUpn(s.user.userPrincipalName, hint));
    if (prompt === 'login') return { next: { kind: 'sign-in', username: hint } };
    if (prompt === 'select_account') return { next: usable.length > 0 ? { kind: 'pick', accounts: usable } : { kind: 'sign-in', username: hint } };
    if (candidates.length === 0) return { next: { kind: 'sign-in', username: hint } };
    // Several sessions (several tenants under /common) and no hint: let the person choose.
    if (candidates.length > 1) return { next: { kind: 'pick', accounts: candidates } };
    chosen = candidates[0];
  }
  return { next: await forUser(ctx, chosen, posted, prompt, deps), started };
}

/**
 * prompt=none never shows a page [D]: what would need one goes back to the app instead —
 * login_required (50058), interaction_required to choose an account (16000), consent_required
 * (65001), or the error the page would have shown.
 */
function silently(next: Next, app: Application): Next {
  switch (next.kind) {
    case 'sign-in':
      return { kind: 'redirect-error', error: next.error ?? idpError(50058) };
    case 'pick':
      return { kind: 'redirect-error', error: idpError(16000) };
    case 'consent':
    case 'admin-consent-required':
      return {
        kind: 'redirect-error',
        error: idpError(65001, {
          args: { appId: app.appId, appName: app.displayName },
          oauthError: 'consent_required',
        }),
      };
    case 'page-error':
      return { kind: 'redirect-error', error: next.error };
    case 'update-password':
      return { kind: 'redirect-error', error: next.error ?? idpError(50055) };
    case 'mfa':
      // [D: prompt=none] a required second factor is interaction_required; the code says which.
      return { kind: 'redirect-error', error: idpError(next.register ? 50079 : 50076, { args: { resource: next.resourceAppId ?? '' }, oauthError: 'interaction_required' }) };
    default:
      return next;
  }
}

async function forUser(
  ctx: AuthorizeContext,
  signedIn: SessionUser,
  posted: PostedStep | undefined,
  prompt: AuthorizeContext['request']['prompt'],
  deps: AuthorizeDeps,
): Promise<Next> {
  const { tenant, user } = signedIn;
  const { request, app } = ctx;
  // A user disabled since the session began cannot continue it [D: AADSTS50057].
  if (!user.accountEnabled) return { kind: 'sign-in', username: user.userPrincipalName, error: idpError(50057) };
  // Whether this account may use the app through this tenant (signInAudience; 50020, 50194, 700016),
  // and whether the app must first be added to the user's tenant [D: multi-tenant apps].
  const sp = await deps.directory.findServicePrincipalByAppId(tenant.id, app.appId);
  const access = accessForUser({ app, pathTenantId: ctx.tenant?.id ?? null, alias: ctx.tenantAlias, userTenantId: tenant.id, hasServicePrincipal: sp !== undefined });
  if (!access.ok || (access.provision && !deps.consent.provision)) return audienceRefusal(access, ctx, signedIn);
  const provisioning = access.provision;
  if (sp && !sp.accountEnabled) return { kind: 'page-error', error: idpError(7000112, { args: { appId: app.appId, appName: app.displayName } }) };
  // Until the consent adds it, the service principal the app would get here (never stored before then).
  const client: Client = { app, sp: sp ?? newServicePrincipal(tenant.id, app, deps.random.uuid()) };
  try {
    await requireUserAssignment(client, user, deps);
  } catch (err) {
    if (err instanceof IdpError) return { kind: 'page-error', error: err };
    throw err;
  }

  // MFA and Conditional Access come right after the password, before consent, as in Entra.
  const strength = await secondFactor(ctx, signedIn, client, posted, deps);
  if (strength.next) return strength.next;

  const unavailable = await unavailableResource(tenant, client.app, request.scope, deps);
  if (unavailable) return { kind: 'redirect-error', error: unavailable };
  const question = await consentQuestion(tenant, client, user, request.scope, deps);
  if (provisioning) {
    // The app's first use in this tenant: only a consent adds it, even for a bare sign-in [D].
    const asked = question ?? signInOnlyQuestion(client);
    if (adminOnly(asked).length > 0) return { kind: 'admin-consent-required', question: asked };
    if (posted?.step !== 'consent') return { kind: 'consent', signedIn, question: asked };
    if (!posted.accept) return { kind: 'redirect-error', error: idpError(65004, { oauthError: 'access_denied', suberror: 'cancel' }) };
    client.sp = await addToTenant(client, user, question, deps);
  } else if (posted?.step === 'consent') {
    // Entra answers a cancelled consent with access_denied and error_subcode=cancel [O].
    if (!posted.accept) return { kind: 'redirect-error', error: idpError(65004, { oauthError: 'access_denied', suberror: 'cancel' }) };
    if (question) {
      if (adminOnly(question).length > 0) return { kind: 'admin-consent-required', question };
      await recordUserConsent(client, user, question, deps);
    }
  } else if (question && (question.missing.length > 0 || prompt === 'consent')) {
    if (adminOnly(question).length > 0) return { kind: 'admin-consent-required', question };
    return { kind: 'consent', signedIn, question };
  }

  try {
    const params = await completeAuthorize(ctx, { tenant, user, client, session: signedIn.session }, strength.acrs, deps);
    await deps.sessions.addClient(signedIn.session.sessionHash, app.appId);
    return { kind: 'respond', params, signedIn };
  } catch (err) {
    if (err instanceof IdpError) return { kind: 'redirect-error', error: err };
    throw err;
  }
}

/**
 * Per-user MFA, security defaults and Conditional Access for this sign-in (sign-in-policy.ts): a
 * block is Entra's page (53003); a required second factor is the MFA step, and its Approve adds
 * `mfa` to the session, so later sign-ins in this browser need not repeat it (Entra remembers MFA
 * for the session too) [D]. Deny is AADSTS500121 on the page.
 */
async function secondFactor(
  ctx: AuthorizeContext,
  signedIn: SessionUser,
  client: Client,
  posted: PostedStep | undefined,
  deps: AuthorizeDeps,
): Promise<{ next?: Next; acrs: string[] }> {
  const { tenant, user, session } = signedIn;
  const resource = await deps.directory.findResource(tenant.id, ctx.request.scope.resource.identifier);
  const toAssess = {
    tenant, user, clientAppId: client.app.appId, resourceAppId: resource?.app.appId,
    clientAppType: clientAppTypeOf(clientTypeOfRedirect(ctx)), clientAddress: ctx.clientAddress, asked: ctx.asked,
    amr: session.amr ?? ['pwd'],
  };
  let { outcome, acrs } = await assessSignIn(toAssess, deps);
  if (outcome.ok) return { acrs };
  if (outcome.code === 53003 || outcome.code === 50097) return { next: { kind: 'page-error', error: signInRefusal(outcome, ctx.request.endpoint, resource?.app.appId) }, acrs };
  if (posted?.step !== 'mfa') return { next: { kind: 'mfa', signedIn, register: outcome.code === 50079, resourceAppId: resource?.app.appId }, acrs };
  if (!posted.approve) return { next: { kind: 'page-error', error: idpError(500121) }, acrs };
  // [I] Registering on the simulated authenticator is not stored: a user without a registered
  // method sees the set-up page at every sign-in that needs MFA (set mfaRegistered to keep it).
  await deps.sessions.addMfa(session.sessionHash);
  session.amr = [...new Set([...(session.amr ?? ['pwd']), 'mfa'])];
  ({ outcome, acrs } = await assessSignIn({ ...toAssess, amr: session.amr }, deps));
  return outcome.ok ? { acrs } : { next: { kind: 'page-error', error: signInRefusal(outcome, ctx.request.endpoint, resource?.app.appId) }, acrs };
}

/** The client type the redirect URI's platform gives the app (Web and SPA sign in from a browser). */
function clientTypeOfRedirect(ctx: AuthorizeContext): ClientType {
  const platform = ctx.request.platform;
  return platform === 'publicClient' ? 'public' : platform === 'spa' ? 'spa' : 'confidential';
}

/**
 * The tenant a password is checked in: the path's; but a user name of another tenant is checked in
 * its own (Entra authenticates an account at its home tenant first [D: home realm discovery]), so
 * that the person signs in and then hears AADSTS50020 rather than a wrong-password message.
 */
async function passwordTenant(ctx: AuthorizeContext, username: string, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant | null> {
  if (!ctx.tenant) return null;
  const home = await homeTenantOf(username, deps);
  return home && home.id !== ctx.tenant.id ? home : ctx.tenant;
}

/** The refusals of core/policy/sign-in-audience.ts accessForUser, as Entra shows them. */
function audienceRefusal(access: ForUser, ctx: AuthorizeContext, signedIn: SessionUser): Next {
  const { app } = ctx;
  const { tenant, user } = signedIn;
  if (access.ok || access.code === 700016) {
    return { kind: 'page-error', error: idpError(700016, { args: { appId: app.appId, tenant: tenant.domains[0] ?? tenant.id } }) };
  }
  if (access.code === 50194) {
    // Sent to the app after the sign-in [O: error=invalid_request&error_description=AADSTS50194 in redirects].
    return {
      kind: 'redirect-error',
      error: idpError(50194, {
        args: { appId: app.appId, appName: app.displayName, time: SINGLE_TENANT_ALIAS_CUTOFF_TEXT },
        detail: `The app's signInAudience is AzureADMyOrg and the request went to /${ctx.tenantSegment}; use /${app.tenantId}.`,
      }),
    };
  }
  const target = access.tenant === 'path' ? (ctx.tenant?.displayName ?? ctx.tenantSegment) : CONSUMERS_TENANT_NAME;
  return {
    kind: 'page-error',
    error: idpError(50020, {
      args: { identifier: user.userPrincipalName, identityProvider: identityProviderOf(tenant.id), tenant: target, appId: app.appId, appName: app.displayName },
      detail:
        access.tenant === 'path'
          ? `${user.userPrincipalName} belongs to tenant ${tenant.id}; the request named tenant ${ctx.tenant?.id ?? ctx.tenantSegment}.`
          : `Entrada has work or school accounts only; /consumers and apps for personal accounts (signInAudience ${app.signInAudience}) take personal Microsoft accounts.`,
    }),
  };
}

function sameUpn(a: string, b: string): boolean {
  return a.toLowerCase() === b.trim().toLowerCase();
}
