// GET/POST /{tenant}/oauth2/authorize (v1) and /{tenant}/oauth2/v2.0/authorize (v2), and
// POST /{tenant}/login, where the sign-in, account picker and consent pages post back.
// The flow lives in flows/authorize/; this file turns its steps into pages, redirects and cookies.
//
// The pages carry the original /authorize parameters in a hidden `ctx` field and every POST
// validates them again from scratch, so no server state links the pages; the person's identity
// between pages is the session cookie, set as soon as the password is accepted.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorizeDecisionTrace } from '../../core/decision-trace.js';
import { IdpError, idpError } from '../../core/errors/idp-error.js';
import { deliverTo, type RedirectTarget } from '../../core/policy/authorize-request.js';
import { checkParameterLimits } from '../../core/policy/parameter-limits.js';
import { beginAuthorize, type AuthorizeContext } from '../../flows/authorize/begin.js';
import { nextStep, type Next, type PostedStep, type SessionUser } from '../../flows/authorize/interact.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { formParams, parseQuery } from '../kit/form.js';
import { authorizeErrorPage, startAgainPage } from './authorize-error-page.js';
import { CSRF_TOKEN_SHAPE, newCsrfToken, readCookie, sameToken, sendPage } from '../kit/csrf.js';
import { pageCsp, type PageResult } from '../kit/page.js';
import { headerSafe, redirectSource } from '../kit/redirect.js';
import { consentPage } from '../kit/consent-page.js';
import { updatePasswordPage } from '../kit/update-password-page.js';
import { mfaPage } from '../kit/mfa-page.js';
import { accountPickerPage, adminConsentRequiredPage, formPostCsp, formPostPage, signInPage } from './sign-in-pages.js';
import { entraTimestamp, errorBody } from '../kit/render-error.js';
import type { TenantPath } from '../kit/route-types.js';
import { unexpected, type RefusalEvent } from '../kit/refusal.js';
import { readSessions, sessionCookie, SIGN_IN_CSRF_COOKIE } from '../kit/session-cookie.js';
import { entryFor } from '../kit/sign-in-log.js';
import type { SignInRecorder } from '../../sign-in-log/recorder.js';

interface AuthorizeRouteOptions {
  deps: TokenDeps;
  /** Told about every refusal, shown on the page or sent back to the app (the terminal prints why). */
  onRefusal?: (event: RefusalEvent) => void;
  signIns?: SignInRecorder;
}

type Endpoint = 'v1' | 'v2';

export function authorizeRoutes(options: AuthorizeRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    const endpoints: Array<[string, Endpoint]> = [
      ['/:tenant/oauth2/authorize', 'v1'],
      ['/:tenant/oauth2/v2.0/authorize', 'v2'],
    ];
    for (const [path, endpoint] of endpoints) {
      app.get<TenantPath>(path, (req, reply) => guard(req, reply, options, () => serveAuthorize(req, reply, endpoint, queryParams(req), options)));
      app.post<TenantPath>(path, (req, reply) => guard(req, reply, options, () => serveAuthorize(req, reply, endpoint, formParams(req), options)));
    }
    app.post<TenantPath>('/:tenant/login', (req, reply) => guard(req, reply, options, () => serveLogin(req, reply, options)));
  };
}

/** Malformed input is Entra's error page; a bug is AADSTS50000 on the page, logged with its trace id. */
async function guard(req: FastifyRequest, reply: FastifyReply, options: AuthorizeRouteOptions, run: () => Promise<unknown>) {
  try {
    return await run();
  } catch (err) {
    const idp = err instanceof IdpError ? err : unexpected(req, err, req.requestContext.traceId);
    return showError(req, reply, idp, options);
  }
}

function queryParams(req: FastifyRequest): Record<string, string> {
  return parseQuery(req.url);
}

async function serveAuthorize(req: FastifyRequest<TenantPath>, reply: FastifyReply, endpoint: Endpoint, params: Record<string, string>, options: AuthorizeRouteOptions) {
  const ctx = await begin(req, endpoint, params, options);
  if (!('request' in ctx)) return ctx.reply(reply);
  const sessions = await readSessions(req, options.deps);
  const { next, started } = await nextStep(ctx, sessions, undefined, options.deps);
  return render(req, reply, ctx, { endpoint, params }, next, started, options);
}

async function serveLogin(req: FastifyRequest<TenantPath>, reply: FastifyReply, options: AuthorizeRouteOptions) {
  const form = formParams(req);
  const host = req.host;
  const csrf = readCookie(req, SIGN_IN_CSRF_COOKIE, CSRF_TOKEN_SHAPE);
  const carried = decodeCtx(form['ctx']);
  if (!csrf || !sameToken(csrf, form['csrf']) || !carried) return sendPage(reply, startAgainPage({ host }));

  const ctx = await begin(req, carried.endpoint, carried.params, options);
  if (!('request' in ctx)) return ctx.reply(reply);
  const posted = postedStep(form, carried.account);
  if (!posted) return sendPage(reply, startAgainPage({ host }));
  // Capped before the user is looked up or the password hashed (issue 9); shown on the error page.
  const overLimit = checkParameterLimits(form, ['username', 'password', 'account']);
  if (overLimit) throw overLimit;
  const sessions = await readSessions(req, options.deps);
  const { next, started } = await nextStep(ctx, sessions, posted, options.deps);
  return render(req, reply, ctx, carried, next, started, options);
}

function postedStep(form: Record<string, string>, account: string | undefined): PostedStep | undefined {
  switch (form['step']) {
    case 'signin':
      return { step: 'signin', username: form['username'] ?? '', password: form['password'] ?? '' };
    case 'pick':
      return { step: 'pick', account: form['account'] ?? '' };
    case 'update-password':
      return {
        step: 'update-password',
        username: form['username'] ?? '',
        password: form['password'] ?? '',
        newPassword: form['newPassword'] ?? '',
        confirmPassword: form['confirmPassword'] ?? '',
      };
    case 'consent':
      return account === undefined ? undefined : { step: 'consent', account, accept: form['action'] === 'accept' };
    case 'mfa':
      return account === undefined ? undefined : { step: 'mfa', account, approve: form['action'] === 'approve' };
    default:
      return undefined;
  }
}

type Begun = AuthorizeContext | { reply: (reply: FastifyReply) => FastifyReply };

async function begin(req: FastifyRequest<TenantPath>, endpoint: Endpoint, params: Record<string, string>, options: AuthorizeRouteOptions): Promise<Begun> {
  const tenantSegment = req.params.tenant;
  const origin = req.requestContext.origin;
  const begun = await beginAuthorize({ endpoint, tenantSegment, origin, clientAddress: req.requestContext.clientAddress ?? '', params }, options.deps);
  if (begun.ok) return begun.context;
  if (begun.show === 'page') return { reply: (reply) => showError(req, reply, begun.error, options) };
  return { reply: (reply) => deliverError(req, reply, begun.target, begun.error, options) };
}

async function render(
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: AuthorizeContext,
  carried: { endpoint: Endpoint; params: Record<string, string> },
  next: Next,
  started: { session: { tenantId: string }; cookieValue: string } | undefined,
  options: AuthorizeRouteOptions,
): Promise<FastifyReply> {
  const cookies = started ? [sessionCookie(started.session.tenantId, started.cookieValue)] : [];
  const host = req.host;
  const action = `/${encodeURIComponent(ctx.tenantSegment)}/login`;
  const appName = ctx.app.displayName;
  const csrf = readCookie(req, SIGN_IN_CSRF_COOKIE, CSRF_TOKEN_SHAPE) ?? newCsrfToken();
  const csp = pageCsp({ formAction: ["'self'", redirectSource(ctx.request.target.redirectUri)] });
  const page = (p: PageResult) => sendPage(reply, p, { csrfCookie: { name: SIGN_IN_CSRF_COOKIE, value: csrf }, extraCookies: cookies, csp });
  const blob = (account?: string) => encodeCtx({ ...carried, account });
  aboutRequest.set(req, describeRequest(ctx, 'signedIn' in next ? next.signedIn : undefined));

  switch (next.kind) {
    case 'sign-in':
      // A refused password is a failed sign-in, logged like the others (the page shows it).
      if (next.error) report(req, next.error, options);
      return page(signInPage({ host, csrf, action, ctx: blob(), appName, username: next.username, error: next.error }));
    case 'update-password':
      // The sign-in stops here until the password is changed: logged as AADSTS50055 (or the refusal).
      report(req, next.error ?? idpError(50055), options);
      return page(updatePasswordPage({ host, csrf, action, ctx: blob(), username: next.username, error: next.error, problem: next.problem }));
    case 'pick':
      return page(
        accountPickerPage({
          host, csrf, action, ctx: blob(), appName,
          accounts: next.accounts.map((a) => ({ upn: a.user.userPrincipalName, displayName: a.user.displayName })),
        }),
      );
    case 'consent': {
      const { signedIn, question } = next;
      return page(
        consentPage({
          host, csrf, action, ctx: blob(signedIn.user.userPrincipalName), appName,
          appId: ctx.app.appId,
          publisherDomain: (await options.deps.directory.findTenant(ctx.app.tenantId))?.domains[0] ?? ctx.app.tenantId,
          username: signedIn.user.userPrincipalName,
          permissions: question.asked.map((s) => ({
            value: s.value,
            description: s.userConsentDisplayName ?? s.adminConsentDisplayName,
            resourceName: question.resource.app.displayName,
          })),
        }),
      );
    }
    case 'mfa':
      return page(mfaPage({ host, csrf, action, ctx: blob(next.signedIn.user.userPrincipalName), username: next.signedIn.user.userPrincipalName, register: next.register }));
    case 'admin-consent-required':
      return sendPage(
        reply,
        adminConsentRequiredPage({
          host, appName, appId: ctx.app.appId,
          permissions: next.question.missing.map((s) => ({
            value: s.value,
            description: s.adminConsentDisplayName,
            resourceName: next.question.resource.app.displayName,
          })),
        }),
        { extraCookies: cookies },
      );
    case 'respond': {
      options.signIns?.record(entryFor(req, endpointOf(req), {}, describeRequest(ctx, next.signedIn)));
      return deliver(reply, ctx.request.target, next.params, cookies);
    }
    case 'redirect-error':
      return deliverError(req, reply, ctx.request.target, next.error, options, cookies);
    case 'page-error':
      return showError(req, reply, next.error, options, cookies);
  }
}

/** A success or error response to the app: a 302 (query, fragment) or an auto-posting form. */
function deliver(reply: FastifyReply, target: RedirectTarget, params: Record<string, string>, cookies: string[] = []): FastifyReply {
  // checkAuthorizeRequest allows form_post only to a parseable web URL; anything else goes in a query.
  const postable = target.responseMode !== 'form_post' || URL.canParse(target.redirectUri);
  const out = deliverTo(postable ? target : { ...target, responseMode: 'query' }, params);
  if (out.kind === 'form_post') {
    return sendPage(reply, formPostPage({ redirectUri: out.action, fields: out.fields }), { csp: formPostCsp(out.action), extraCookies: cookies });
  }
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  return reply.code(302).header('cache-control', 'no-store').header('location', headerSafe(out.location)).send();
}

function deliverError(
  req: FastifyRequest,
  reply: FastifyReply,
  target: RedirectTarget,
  error: IdpError,
  options: AuthorizeRouteOptions,
  cookies: string[] = [],
): FastifyReply {
  report(req, error, options);
  const body = errorBody(error, errorContext(req));
  const params: Record<string, string> = {
    error: String(body.error),
    error_description: String(body.error_description),
  };
  if (body.error_uri !== undefined) params.error_uri = String(body.error_uri);
  if (body.suberror) params.error_subcode = String(body.suberror);
  return deliver(reply, target, params, cookies);
}

function showError(req: FastifyRequest, reply: FastifyReply, error: IdpError, options: AuthorizeRouteOptions, cookies: string[] = []) {
  report(req, error, options);
  const { traceId, correlationId, receivedAt } = req.requestContext;
  return sendPage(
    reply,
    authorizeErrorPage({ host: req.host, error, traceId, correlationId, timestamp: entraTimestamp(receivedAt) }),
    { extraCookies: cookies },
  );
}

/** What the sign-in log says about this request, once the flow knows it (set by render()). */
const aboutRequest = new WeakMap<FastifyRequest, Parameters<typeof entryFor>[3]>();

function describeRequest(ctx: AuthorizeContext, signedIn?: SessionUser): Parameters<typeof entryFor>[3] {
  const r = ctx.request;
  return {
    tenant: signedIn?.tenant.id ?? ctx.tenant?.id ?? ctx.tenantSegment,
    appId: ctx.app.appId,
    appDisplayName: ctx.app.displayName,
    userId: signedIn?.user.id ?? null,
    userPrincipalName: signedIn?.user.userPrincipalName ?? null,
    decision: {
      redirectUri: r.target.redirectUri,
      registeredAs: r.registeredAs,
      platform: r.platform,
      responseMode: r.target.responseMode,
      prompt: r.prompt ?? null,
      pkce: r.codeChallengeMethod ?? null,
    } satisfies AuthorizeDecisionTrace,
  };
}

function endpointOf(req: FastifyRequest): 'sign-in page' | 'authorize' {
  return req.url.split('?')[0].endsWith('/login') ? 'sign-in page' : 'authorize';
}

function report(req: FastifyRequest, error: IdpError, options: AuthorizeRouteOptions): void {
  const { traceId, correlationId } = req.requestContext;
  req.requestContext.refusalCode = error.code;
  const about = aboutRequest.get(req) ?? { appId: /[?&]client_id=([0-9a-fA-F-]{36})(&|$)/.exec(req.url)?.[1] ?? null };
  const endpoint = endpointOf(req);
  options.onRefusal?.({ error, traceId, correlationId, endpoint: endpoint === 'authorize' ? '/authorize' : endpoint, clientId: about.appId ?? undefined });
  options.signIns?.record(entryFor(req, endpoint, { error }, about));
}

/** What an error sent back to the app says about its request. */
function errorContext(req: FastifyRequest) {
  const { traceId, correlationId, origin, receivedAt } = req.requestContext;
  return { traceId, correlationId, origin, now: receivedAt };
}

function encodeCtx(c: { endpoint: Endpoint; params: Record<string, string>; account?: string }): string {
  return Buffer.from(JSON.stringify({ v: c.endpoint, p: c.params, a: c.account })).toString('base64url');
}

function decodeCtx(raw: string | undefined): { endpoint: Endpoint; params: Record<string, string>; account?: string } | undefined {
  if (raw === undefined || raw.length > 64 * 1024) return undefined;
  try {
    const o = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { v?: unknown; p?: unknown; a?: unknown };
    if ((o.v !== 'v1' && o.v !== 'v2') || typeof o.p !== 'object' || o.p === null || Array.isArray(o.p)) return undefined;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.p)) if (typeof v === 'string') params[k] = v;
    return { endpoint: o.v, params, account: typeof o.a === 'string' ? o.a : undefined };
  } catch {
    return undefined;
  }
}
