// What /authorize shows or answers next, given the validated request, the browser's sessions and
// the form the person just posted (if any). The prompt rules [D: v2-oauth2-auth-code-flow.md]:
//   login          → always the sign-in page;
//   select_account → the account picker (sign-in page when there is no session);
//   none           → never a page: the session's user, or login_required / consent_required;
//   consent        → the consent page even when consent exists;
//   absent         → the session's user if there is one, else the sign-in page.
// A prompt is satisfied once the person has acted on its page in this sign-in (the posted step).

import { IdpError, idpError } from '../../core/errors/idp-error.js';
import type { Application, Tenant, User } from '../../core/model.js';
import type { SignInSession } from '../../core/ports.js';
import type { Client, TokenDeps } from '../shared/context.js';
import { requireUserAssignment } from '../shared/resource.js';
import type { AuthorizeContext } from './begin.js';
import { completeAuthorize } from './complete.js';
import { adminOnly, consentQuestion, recordUserConsent, type ConsentQuestion } from '../shared/consent.js';
import { signInWithPassword } from '../shared/password-sign-in.js';
import { startSession } from './sessions.js';

export interface SessionUser {
  session: SignInSession;
  tenant: Tenant;
  user: User;
}

/** The form posted from one of the sign-in pages. */
export type PostedStep =
  | { step: 'signin'; username: string; password: string }
  | { step: 'pick'; account: string }
  | { step: 'consent'; account: string; accept: boolean };

export type Next =
  | { kind: 'sign-in'; username?: string; error?: IdpError }
  | { kind: 'pick'; accounts: SessionUser[] }
  | { kind: 'consent'; signedIn: SessionUser; question: ConsentQuestion }
  | { kind: 'admin-consent-required'; question: ConsentQuestion }
  | { kind: 'respond'; params: Record<string, string>; signedIn: SessionUser }
  | { kind: 'redirect-error'; error: IdpError }
  | { kind: 'page-error'; error: IdpError };

type AuthorizeDeps = Pick<
  TokenDeps,
  'directory' | 'hashes' | 'sessions' | 'consent' | 'authorizationCodes' | 'signer' | 'random' | 'clock' | 'config'
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
  if (posted?.step === 'signin') {
    try {
      const { tenant, user } = await signInWithPassword(ctx.tenant, posted, deps);
      // The new session replaces this browser's earlier one in that tenant.
      for (const old of sessions) if (old.tenant.id === tenant.id) await deps.sessions.delete(old.session.sessionHash);
      const s = await startSession(tenant, user, deps);
      started = s;
      chosen = { session: s.session, tenant, user };
    } catch (err) {
      if (err instanceof IdpError) return { next: { kind: 'sign-in', username: posted.username, error: err } };
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
  const sp = await deps.directory.findServicePrincipalByAppId(tenant.id, app.appId);
  if (!sp) {
    return { kind: 'page-error', error: idpError(700016, { args: { appId: app.appId, tenant: tenant.domains[0] ?? tenant.id } }) };
  }
  if (!sp.accountEnabled) return { kind: 'page-error', error: idpError(7000112, { args: { appId: app.appId, appName: app.displayName } }) };
  const client: Client = { app, sp };
  try {
    await requireUserAssignment(client, user, deps);
  } catch (err) {
    if (err instanceof IdpError) return { kind: 'page-error', error: err };
    throw err;
  }

  const question = await consentQuestion(tenant, client, user, request.scope, deps);
  if (posted?.step === 'consent') {
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
    const params = await completeAuthorize(ctx, { tenant, user, client, session: signedIn.session }, deps);
    await deps.sessions.addClient(signedIn.session.sessionHash, app.appId);
    return { kind: 'respond', params, signedIn };
  } catch (err) {
    if (err instanceof IdpError) return { kind: 'redirect-error', error: err };
    throw err;
  }
}

function sameUpn(a: string, b: string): boolean {
  return a.toLowerCase() === b.trim().toLowerCase();
}
