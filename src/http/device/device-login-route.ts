// GET/POST /devicelogin: the verification page a person opens to let a device sign in
// (entra-protocol.md §3.6). One URL, a hidden `step` says which form was posted.
//
// CSRF: a random token lives in an HttpOnly, Secure, SameSite=Lax cookie and in a hidden field of
// every form; a POST is accepted only when both are present and equal (constant-time compare);
// the helpers are shared with the /authorize sign-in pages (kit/csrf.ts).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError, idpError } from '../../core/errors/idp-error.js';
import type { Tenant, User } from '../../core/model.js';
import { mfaPage } from '../kit/mfa-page.js';
import { updatePasswordPage } from '../kit/update-password-page.js';
import { passwordStepPage, type PasswordStep } from '../../flows/shared/password-step.js';
import { checkParameterLimits, parameterProblem } from '../../core/policy/parameter-limits.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import type { ConsentQuestion } from '../../flows/shared/consent.js';
import { startSession } from '../../flows/authorize/sessions.js';
import { approveFor, approveWithPassword, decline, declineSignedIn, describeRequest, pendingRequest, type Approval, type RequestView } from '../../flows/device/verify.js';
import type { DeviceCodeRecord } from '../../core/ports.js';
import { readSessions, sessionCookie } from '../kit/session-cookie.js';
import { codePage, DEVICE_LOGIN_CSP, donePage, FOOTER, forbiddenPage, signInPage, type PageResult } from './device-login-page.js';
import { single } from '../kit/query.js';
import { CSRF_TOKEN_SHAPE, newCsrfToken, readCookie, sameToken, sendPage } from '../kit/csrf.js';
import { consentPage } from '../kit/consent-page.js';
import { entryFor } from '../kit/sign-in-log.js';
import type { SignInRecorder } from '../../sign-in-log/recorder.js';
import type { ParsedQuery } from '../kit/route-types.js';
import { formParams } from '../kit/form.js';

/** `__Host-`: the browser keeps it only if Secure, Path=/ and host-only. */
export const CSRF_COOKIE = '__Host-entrada-devicelogin';

interface DeviceLoginOptions {
  deps: TokenDeps;
  signIns?: SignInRecorder;
}

export function deviceLoginRoutes(options: DeviceLoginOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: ParsedQuery }>('/devicelogin', (req, reply) => {
      const csrf = csrfCookie(req) ?? newCsrfToken();
      const otc = single(req.query['otc']);
      // A code no device could have been given is not put back into the form.
      const typed = otc !== undefined && !parameterProblem('otc', otc) ? otc : undefined;
      return send(reply, codePage({ host: req.host, csrf, typed }), csrf);
    });
    app.post('/devicelogin', (req, reply) => serve(req, reply, options));
  };
}

async function serve(req: FastifyRequest, reply: FastifyReply, options: DeviceLoginOptions) {
  const host = req.host;
  let form: Record<string, string>;
  try {
    form = formParams(req);
  } catch {
    form = {};
  }
  const csrf = csrfCookie(req);
  if (!csrf || !sameToken(csrf, form['csrf'])) return send(reply, forbiddenPage({ host }));

  const deps = options.deps;
  // The consent and MFA steps carry the user code in their page's `ctx` field.
  const consentStep = form['step'] === 'consent';
  const mfaStep = form['step'] === 'mfa';
  // So does "Update your password" (shared/password-step.ts), after a password that must be changed.
  const updateStep = form['step'] === 'update-password';
  // Capped before the user code or the user is looked up (issue 9).
  const overLimit = checkParameterLimits(form, ['otc', 'username', 'password']) ?? parameterProblem('otc', form['ctx'] ?? '');
  if (overLimit) return send(reply, codePage({ host, csrf, error: overLimit }), csrf);
  let record: DeviceCodeRecord;
  try {
    record = await pendingRequest(consentStep || mfaStep || updateStep ? form['ctx'] : form['otc'], deps);
  } catch (err) {
    if (!(err instanceof IdpError)) throw err;
    return send(reply, codePage({ host, csrf, error: err, typed: form['otc'] }), csrf);
  }
  const view = await describeRequest(record, deps);
  if (form['step'] !== 'signin' && !consentStep && !mfaStep && !updateStep) return send(reply, signInPage({ host, csrf, view }), csrf);
  const where = { origin: req.requestContext.origin, clientAddress: req.requestContext.clientAddress ?? '' };
  // The sign-in log: approvals, declines and refusals on this page (never the password).
  const log = (error?: IdpError, upn?: string) =>
    options.signIns?.record(
      entryFor(req, 'devicelogin', { error }, {
        tenant: record.tenantId,
        appId: record.clientId,
        appDisplayName: view.appName,
        userPrincipalName: upn ?? (form['username'] || null),
        grantType: form['action'] === 'decline' || (consentStep && form['action'] !== 'accept') ? 'decline' : null,
      }),
    );

  const username = form['username'] ?? '';
  const password = form['password'] ?? '';
  const passwordForm: PasswordStep = updateStep
    ? { step: 'update-password', username, password, newPassword: form['newPassword'] ?? '', confirmPassword: form['confirmPassword'] ?? '' }
    : { step: 'signin', username, password };

  // After the password, the person's session cookie says who they are; what comes next: the MFA
  // step, the consent step, or done.
  const nextPage = async (approval: Approval, signedIn: { tenant: Tenant; user: User }, cookies?: string[]) => {
    const upn = signedIn.user.userPrincipalName;
    if (approval.kind === 'mfa') return send(reply, mfaPage({ host, csrf, action: '/devicelogin', ctx: record.userCode, username: upn, register: approval.register }), csrf, cookies);
    if (approval.kind === 'consent') return send(reply, await consentStepPage({ host, csrf, record, view, upn, question: approval.question }, deps), csrf, cookies);
    log(undefined, upn);
    return send(reply, donePage({ host, appName: view.appName, declined: false }), csrf, cookies);
  };

  try {
    if (consentStep || mfaStep) {
      // The person signed in on the previous step; their session cookie says who they are.
      const sessions = await readSessions(req, deps);
      const signedIn = sessions.find((s) => record.tenantId === null || s.tenant.id === record.tenantId);
      if (!signedIn) return send(reply, signInPage({ host, csrf, view }), csrf);
      if (mfaStep) {
        // Deny on the (simulated) authenticator: AADSTS500121, the request stays pending [I].
        if (form['action'] !== 'approve') throw idpError(500121);
        await deps.sessions.addMfa(signedIn.session.sessionHash);
        signedIn.session.amr = [...new Set([...(signedIn.session.amr ?? ['pwd']), 'mfa'])];
        return nextPage(await approveFor(record, signedIn, where, deps), signedIn);
      }
      if (form['action'] !== 'accept') {
        await declineSignedIn(record, deps);
        log(undefined, signedIn.user.userPrincipalName);
        return send(reply, donePage({ host, appName: view.appName, declined: true }), csrf);
      }
      return nextPage(await approveFor(record, signedIn, where, deps, 'accept'), signedIn);
    }
    const credentials = passwordForm;
    if (form['action'] === 'decline' && !updateStep) {
      await decline(record, credentials, deps, where);
      log();
      return send(reply, donePage({ host, appName: view.appName, declined: true }), csrf);
    }
    const { tenant, user, approval } = await approveWithPassword(record, credentials, where, deps);
    if (approval.kind === 'approved') return nextPage(approval, { tenant, user });
    // Another step follows: a session carries the person to it.
    const { cookieValue } = await startSession(tenant, user, deps);
    return nextPage(approval, { tenant, user }, [sessionCookie(tenant.id, cookieValue)]);
  } catch (err) {
    // A password that must be changed, or the update form refused: "Update your password" (again).
    const update = passwordStepPage(passwordForm, err);
    if (update?.kind === 'update-password') {
      log(update.error ?? idpError(50055), update.username);
      const { username, error, problem } = update;
      return send(reply, updatePasswordPage({ host, csrf, action: '/devicelogin', ctx: record.userCode, username, error, problem, footer: FOOTER }), csrf);
    }
    if (!(err instanceof IdpError)) throw err;
    log(err);
    // Codes about the request itself send the person back to the code form; the rest stay on sign-in.
    if ([70018, 70019, 90119, 90120].includes(err.code)) return send(reply, codePage({ host, csrf, error: err }), csrf);
    return send(reply, signInPage({ host, csrf, view, error: err, username: form['username'] }), csrf);
  }
}

/** The consent page of /authorize, posting back here with the user code as its context. */
async function consentStepPage(
  v: { host: string; csrf: string; record: DeviceCodeRecord; view: RequestView; upn: string; question: ConsentQuestion },
  deps: TokenDeps,
): Promise<PageResult> {
  const app = await deps.directory.getApplicationByAppId(v.record.clientId);
  const publisher = app ? await deps.directory.findTenant(app.tenantId) : undefined;
  return consentPage({
    host: v.host,
    csrf: v.csrf,
    action: '/devicelogin',
    ctx: v.record.userCode,
    appName: v.view.appName,
    appId: v.view.appId,
    publisherDomain: publisher?.domains[0] ?? app?.tenantId ?? '',
    username: v.upn,
    permissions: v.question.asked.map((s) => ({
      value: s.value,
      description: s.userConsentDisplayName ?? s.adminConsentDisplayName,
      resourceName: v.question.resource.app.displayName,
    })),
  });
}

function send(reply: FastifyReply, page: PageResult, csrf?: string, extraCookies?: string[]): FastifyReply {
  return sendPage(reply, page, { csp: DEVICE_LOGIN_CSP, extraCookies, ...(csrf ? { csrfCookie: { name: CSRF_COOKIE, value: csrf } } : {}) });
}

function csrfCookie(req: FastifyRequest): string | undefined {
  return readCookie(req, CSRF_COOKIE, CSRF_TOKEN_SHAPE);
}
