// GET /{tenant}/adminconsent (v1) and /{tenant}/v2.0/adminconsent (v2), and their POSTs from the
// sign-in, account picker and admin consent pages [D: v2-admin-consent]. The flow is
// flows/admin-consent/; this file turns its steps into pages, redirects and cookies, as
// authorize-route.ts does for /authorize (the same sign-in pages, session cookies and CSRF cookie;
// the request's parameters ride in a hidden `ctx` field and are validated again on every POST).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError } from '../../core/errors/idp-error.js';
import { adminConsentError } from '../../core/policy/admin-consent.js';
import { deliverTo, type RedirectTarget } from '../../core/policy/authorize-request.js';
import { checkParameterLimits } from '../../core/policy/parameter-limits.js';
import type { DirectoryService } from '../../directory/service.js';
import { beginAdminConsent, type AdminConsentEndpoint, type AdminConsentRequest } from '../../flows/authorize/admin-consent-begin.js';
import { nextAdminConsentStep, type AdminConsentNext, type AdminConsentPosted } from '../../flows/authorize/admin-consent-interact.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import type { SignInRecorder } from '../../sign-in-log/recorder.js';
import { authorizeErrorPage, startAgainPage } from './authorize-error-page.js';
import { accountPickerPage, signInPage } from './sign-in-pages.js';
import { CSRF_TOKEN_SHAPE, newCsrfToken, readCookie, sameToken, sendPage } from '../kit/csrf.js';
import { formParams, parseQuery } from '../kit/form.js';
import { pageCsp, type PageResult } from '../kit/page.js';
import { headerSafe, redirectSource } from '../kit/redirect.js';
import { unexpected, type RefusalEvent } from '../kit/refusal.js';
import { entraTimestamp, errorBody } from '../kit/render-error.js';
import type { TenantPath } from '../kit/route-types.js';
import { readSessions, sessionCookie, SIGN_IN_CSRF_COOKIE } from '../kit/session-cookie.js';
import { entryFor } from '../kit/sign-in-log.js';
import { adminConsentPage } from './admin-consent-page.js';

interface AdminConsentRouteOptions {
  deps: TokenDeps;
  service: DirectoryService;
  onRefusal?: (event: RefusalEvent) => void;
  signIns?: SignInRecorder;
}

const PATHS: Array<[string, AdminConsentEndpoint]> = [
  ['/:tenant/adminconsent', 'v1'],
  ['/:tenant/v2.0/adminconsent', 'v2'],
];

/** The carried request is small (four parameters, each capped by parameter-limits.ts). */
const MAX_CTX = 16 * 1024;

export function adminConsentRoutes(options: AdminConsentRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    for (const [path, endpoint] of PATHS) {
      app.get<TenantPath>(path, (req, reply) => guard(req, reply, options, () => serveGet(req, reply, endpoint, options)));
      app.post<TenantPath>(path, (req, reply) => guard(req, reply, options, () => servePost(req, reply, endpoint, options)));
    }
  };
}

async function guard(req: FastifyRequest, reply: FastifyReply, options: AdminConsentRouteOptions, run: () => Promise<unknown>) {
  try {
    return await run();
  } catch (err) {
    return showError(req, reply, err instanceof IdpError ? err : unexpected(req, err, req.requestContext.traceId), options);
  }
}

async function serveGet(req: FastifyRequest<TenantPath>, reply: FastifyReply, endpoint: AdminConsentEndpoint, options: AdminConsentRouteOptions) {
  const params = parseQuery(req.url);
  const begun = await begin(req, reply, endpoint, params, options);
  if ('answered' in begun) return begun.answered;
  const sessions = await readSessions(req, options.deps);
  const { next, started } = await nextAdminConsentStep(begun.request, sessions, undefined, caller(req), options.deps, options.service);
  return render(req, reply, begun.request, params, next, started, options);
}

async function servePost(req: FastifyRequest<TenantPath>, reply: FastifyReply, endpoint: AdminConsentEndpoint, options: AdminConsentRouteOptions) {
  const form = formParams(req);
  const csrf = readCookie(req, SIGN_IN_CSRF_COOKIE, CSRF_TOKEN_SHAPE);
  const carried = decodeCtx(form['ctx']);
  if (!csrf || !sameToken(csrf, form['csrf']) || !carried) return sendPage(reply, startAgainPage({ host: req.host }));
  const begun = await begin(req, reply, endpoint, carried.params, options);
  if ('answered' in begun) return begun.answered;
  const posted = postedStep(form, carried.account);
  if (!posted) return sendPage(reply, startAgainPage({ host: req.host }));
  // Capped before the user is looked up or the password hashed, as on /authorize's pages.
  const overLimit = checkParameterLimits(form, ['username', 'password', 'account']);
  if (overLimit) throw overLimit;
  const sessions = await readSessions(req, options.deps);
  const { next, started } = await nextAdminConsentStep(begun.request, sessions, posted, caller(req), options.deps, options.service);
  return render(req, reply, begun.request, carried.params, next, started, options);
}

function caller(req: FastifyRequest) {
  const ua = req.headers['user-agent'];
  return { clientAddress: req.requestContext.clientAddress ?? '', correlationId: req.requestContext.correlationId, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null };
}

function postedStep(form: Record<string, string>, account: string | undefined): AdminConsentPosted | undefined {
  switch (form['step']) {
    case 'signin':
      return { step: 'signin', username: form['username'] ?? '', password: form['password'] ?? '' };
    case 'pick':
      return { step: 'pick', account: form['account'] ?? '' };
    case 'consent':
      return account === undefined ? undefined : { step: 'consent', account, accept: form['action'] === 'accept' };
    default:
      return undefined;
  }
}

async function begin(
  req: FastifyRequest<TenantPath>,
  reply: FastifyReply,
  endpoint: AdminConsentEndpoint,
  params: Record<string, string>,
  options: AdminConsentRouteOptions,
): Promise<{ request: AdminConsentRequest } | { answered: FastifyReply }> {
  const begun = await beginAdminConsent({ endpoint, tenantSegment: req.params.tenant, params }, options.deps);
  if (begun.ok) return { request: begun.request };
  if (begun.show === 'page') return { answered: showError(req, reply, begun.error, options) };
  return { answered: deliverError(req, reply, endpoint, begun.target, begun.error, options, false) };
}

async function render(
  req: FastifyRequest,
  reply: FastifyReply,
  request: AdminConsentRequest,
  params: Record<string, string>,
  next: AdminConsentNext,
  started: { session: { tenantId: string }; cookieValue: string } | undefined,
  options: AdminConsentRouteOptions,
): Promise<FastifyReply> {
  const cookies = started ? [sessionCookie(started.session.tenantId, started.cookieValue)] : [];
  const host = req.host;
  const action = req.url.split('?')[0];
  const csrf = readCookie(req, SIGN_IN_CSRF_COOKIE, CSRF_TOKEN_SHAPE) ?? newCsrfToken();
  const csp = pageCsp({ formAction: ["'self'", redirectSource(request.target.redirectUri)] });
  const page = (p: PageResult) => sendPage(reply, p, { csrfCookie: { name: SIGN_IN_CSRF_COOKIE, value: csrf }, extraCookies: cookies, csp });
  const ctx = (account?: string) => encodeCtx({ params: carriedParams(params), account });
  const appName = request.app.displayName;
  switch (next.kind) {
    case 'sign-in':
      if (next.error) report(req, next.error, request, options);
      return page(signInPage({ host, csrf, action, ctx: ctx(), appName, username: next.username, error: next.error }));
    case 'pick':
      return page(accountPickerPage({ host, csrf, action, ctx: ctx(), appName, accounts: next.accounts.map((a) => ({ upn: a.user.userPrincipalName, displayName: a.user.displayName })) }));
    case 'consent': {
      const { signedIn } = next;
      const publisher = await options.deps.directory.findTenant(request.app.tenantId);
      return page(
        adminConsentPage({
          host, csrf, action, ctx: ctx(signedIn.user.userPrincipalName), appName,
          appId: request.app.appId,
          publisherDomain: publisher?.domains[0] ?? request.app.tenantId,
          username: signedIn.user.userPrincipalName,
          tenantName: signedIn.tenant.displayName,
          plan: next.plan,
        }),
      );
    }
    case 'respond': {
      options.signIns?.record(entryFor(req, 'sign-in page', {}, about(request, next.signedIn.tenant.id, next.signedIn.user)));
      return redirect(reply, deliverTo(request.target, next.params), cookies);
    }
    case 'redirect-error':
      return deliverError(req, reply, request.endpoint, request.target, next.error, options, next.cancel === true, cookies);
    case 'page-error':
      return showError(req, reply, next.error, options, cookies);
  }
}

function about(request: AdminConsentRequest, tenant: string | null, user?: { id: string; userPrincipalName: string }) {
  return { tenant: tenant ?? request.tenant?.id ?? request.tenantSegment, appId: request.app.appId, appDisplayName: request.app.displayName, userId: user?.id ?? null, userPrincipalName: user?.userPrincipalName ?? null };
}

function redirect(reply: FastifyReply, out: ReturnType<typeof deliverTo>, cookies: string[]): FastifyReply {
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  const location = out.kind === 'redirect' ? out.location : out.action;
  return reply.code(302).header('cache-control', 'no-store').header('location', headerSafe(location)).send();
}

function deliverError(
  req: FastifyRequest,
  reply: FastifyReply,
  endpoint: AdminConsentEndpoint,
  target: RedirectTarget,
  error: IdpError,
  options: AdminConsentRouteOptions,
  cancel: boolean,
  cookies: string[] = [],
): FastifyReply {
  report(req, error, undefined, options);
  const { traceId, correlationId, origin, receivedAt } = req.requestContext;
  const body = errorBody(error, { traceId, correlationId, origin, now: receivedAt });
  const params = adminConsentError(endpoint, { error: String(body.error), description: String(body.error_description), subcode: cancel ? 'cancel' : undefined });
  return redirect(reply, deliverTo(target, params), cookies);
}

function showError(req: FastifyRequest, reply: FastifyReply, error: IdpError, options: AdminConsentRouteOptions, cookies: string[] = []) {
  report(req, error, undefined, options);
  const { traceId, correlationId, receivedAt } = req.requestContext;
  return sendPage(reply, authorizeErrorPage({ host: req.host, error, traceId, correlationId, timestamp: entraTimestamp(receivedAt) }), { extraCookies: cookies });
}

function report(req: FastifyRequest, error: IdpError, request: AdminConsentRequest | undefined, options: AdminConsentRouteOptions): void {
  const { traceId, correlationId } = req.requestContext;
  req.requestContext.refusalCode = error.code;
  const appId = request?.app.appId ?? /[?&]client_id=([0-9a-fA-F-]{36})(&|$)/.exec(req.url)?.[1];
  options.onRefusal?.({ error, traceId, correlationId, endpoint: '/adminconsent', clientId: appId });
  options.signIns?.record(entryFor(req, req.method === 'GET' ? 'authorize' : 'sign-in page', { error }, { appId: appId ?? null }));
}

/** Only the parameters the endpoint reads are carried between its pages. */
function carriedParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['client_id', 'redirect_uri', 'state', 'scope']) if (params[name] !== undefined) out[name] = params[name];
  return out;
}

function encodeCtx(c: { params: Record<string, string>; account?: string }): string {
  return Buffer.from(JSON.stringify({ p: c.params, a: c.account })).toString('base64url');
}

function decodeCtx(raw: string | undefined): { params: Record<string, string>; account?: string } | undefined {
  if (raw === undefined || raw.length > MAX_CTX) return undefined;
  try {
    const o = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { p?: unknown; a?: unknown };
    if (typeof o.p !== 'object' || o.p === null || Array.isArray(o.p)) return undefined;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.p)) if (typeof v === 'string') params[k] = v;
    return { params, account: typeof o.a === 'string' ? o.a : undefined };
  } catch {
    return undefined;
  }
}
