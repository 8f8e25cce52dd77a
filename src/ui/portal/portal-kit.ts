// What every portal page shares: who is signed in (the viewer, read back and checked on every
// request), the page document with its navigation, and the GET/POST route helpers that enforce
// the session, the CSRF token and same-origin posts before any handler runs.
//
// Every change goes through the directory service's operations (src/directory/), as Graph's do,
// with the viewer as a delegated actor: the user's directory roles allow or refuse it, and the
// audit log names the user and the portal app.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphActor } from '../../directory/context.js';
import { GraphError } from '../../directory/errors.js';
import type { DirectoryService } from '../../directory/service.js';
import { ENTRADA_PORTAL_APP_ID, ENTRADA_PORTAL_DISPLAY_NAME } from '../../directory/portal-registration.js';
import type { Tenant, User } from '../../core/model.js';
import type { Clock, SignInLogStore } from '../../core/ports.js';
import { PORTAL_SCOPES, portalAccess } from '../../core/policy/portal-access.js';
import type { SignInRecorder } from '../../sign-in-log/recorder.js';
import { sendPage } from '../../http/kit/csrf.js';
import { decodeUtf8, parseForm } from '../../http/kit/form.js';
import { html, htmlText, type Html, unsafeRawHtml } from '../../http/kit/html.js';
import { pageCsp } from '../../http/kit/page.js';
import { PORTAL_STYLE } from './portal-style.js';
import { type PortalSeal, type PortalSession, readSession } from './session.js';

export interface PortalOptions {
  service: DirectoryService;
  clock: Clock;
  seal: PortalSeal;
  /** The sign-in log (absent when it is off). */
  signIns?: SignInRecorder;
  signInStore?: SignInLogStore;
  /**
   * Entrada's browser sign-in sessions, which a portal session hangs on: `current` names this
   * browser's live session of the user who just signed in to the portal (by its storage key, never
   * the cookie value), `alive` says whether it still exists. Signing out of Entrada or a password
   * reset (which ends the user's sessions) thus ends the portal session too; signing in to another
   * app as someone else in the same browser does not.
   */
  signInSessions: {
    current(req: FastifyRequest, tenantId: string, userId: string): Promise<string | undefined>;
    alive(id: string): Promise<boolean>;
  };
  /** The local CA certificate (PEM) offered at /ca.pem, and its path; absent without TLS. */
  caCertPem?: string;
  caCertPath?: string;
}

/** The signed-in administrator, as every portal handler receives it. */
export interface Viewer {
  tenant: Tenant;
  user: User;
  /** Directory role template ids the user holds. */
  roles: string[];
  actor: GraphActor;
  csrf: string;
  session: PortalSession;
}

/** What a page handler returns; the kit writes it inside the portal's document. */
export interface PortalPage {
  title: string;
  /** Which navigation entry is current. */
  nav: NavKey;
  main: Html;
  status?: number;
  /** One inline script (a constant of the source), allowed by its hash. */
  script?: string;
}

export type NavKey = 'home' | 'apps' | 'enterprise' | 'users' | 'groups' | 'conditionalAccess' | 'signins' | 'audit';

const NAV: Array<[NavKey, string, string]> = [
  ['home', 'Home', '/'],
  ['apps', 'App registrations', '/portal/apps'],
  ['enterprise', 'Enterprise applications', '/portal/enterprise-apps'],
  ['users', 'Users', '/portal/users'],
  ['groups', 'Groups', '/portal/groups'],
  ['conditionalAccess', 'Conditional Access', '/portal/conditional-access'],
  ['signins', 'Sign-in logs', '/portal/sign-ins'],
  ['audit', 'Audit logs', '/portal/audit-logs'],
];

/** The whole portal document: skip link, header with navigation and the viewer, then `main`. */
export function portalDocument(page: PortalPage, viewer: Viewer | undefined): string {
  const nav = viewer
    ? html`<nav aria-label="Portal"><ul>${NAV.map(([key, label, href]) => html`<li><a href="${href}"${key === page.nav ? html` aria-current="page"` : html``}>${label}</a></li>`)}</ul></nav>
<div class="who"><span>${viewer.user.userPrincipalName} · ${viewer.tenant.displayName}</span><form class="inline" method="post" action="/portal/signout">${csrfInput(viewer)}<button class="secondary" type="submit">Sign out</button></form></div>`
    : html``;
  const script = page.script ? html`<script>${unsafeRawHtml(page.script)}</script>\n` : html``;
  return htmlText(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="same-origin">
<title>${page.title} · Entrada</title>
<style>${unsafeRawHtml(PORTAL_STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="bar"><a class="brand" href="/">Entrada</a>${nav}</div></header>
<div class="wrap">
<main id="main" tabindex="-1">
${page.main}
</main>
</div>
${script}</body>
</html>
`);
}

/** Sends a portal page with its CSP: its style, its one script if any, fetches to this origin, forms to this origin. */
export function sendPortalPage(reply: FastifyReply, page: PortalPage, viewer: Viewer | undefined, extraCookies?: string[]): FastifyReply {
  const csp = pageCsp({ style: PORTAL_STYLE, ...(page.script ? { inlineScript: page.script } : {}), connectSelf: true });
  return sendPage(reply, { status: page.status ?? 200, html: portalDocument(page, viewer) }, { csp, referrerPolicy: 'same-origin', ...(extraCookies ? { extraCookies } : {}) });
}

export function csrfInput(viewer: Viewer): Html {
  return html`<input type="hidden" name="csrf" value="${viewer.csrf}">`;
}

/**
 * A table in its own box that scrolls sideways when the table is wider than the screen (390 px).
 * The box is a labelled region in the Tab order, so a keyboard can scroll it too (WCAG 2.1.1; axe's
 * scrollable-region-focusable): a table of plain text has nothing else to focus. `label` names it.
 */
export function tableWrap(label: string, table: Html): Html {
  return html`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

/** The signed-in administrator, or undefined when there is no valid session. */
export async function readViewer(req: FastifyRequest, options: PortalOptions): Promise<Viewer | undefined> {
  const now = options.clock.now().getTime() / 1000;
  const session = readSession(req, options.seal, now);
  if (!session) return undefined;
  if (!(await options.signInSessions.alive(session.signIn))) return undefined;
  const store = options.service.read;
  const [tenant, user] = await Promise.all([store.findTenant(session.tenantId), store.getUser(session.tenantId, session.userId)]);
  if (!tenant || !user?.accountEnabled) return undefined;
  const roles = await store.listDirectoryRoles(tenant.id, user.id);
  if (!portalAccess(roles).allowed) return undefined;
  const sp = await store.findServicePrincipalByAppId(tenant.id, ENTRADA_PORTAL_APP_ID);
  const ctx = req.requestContext;
  const actor: GraphActor = {
    tenantId: tenant.id,
    caller: { kind: 'user', scopes: [...PORTAL_SCOPES], directoryRoles: roles },
    app: { appId: ENTRADA_PORTAL_APP_ID, displayName: ENTRADA_PORTAL_DISPLAY_NAME, servicePrincipalId: sp?.id ?? null },
    user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName },
    ipAddress: ctx.clientAddress ?? null,
    correlationId: ctx.correlationId,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  };
  return { tenant, user, roles, actor, csrf: options.seal.csrfToken(session), session };
}

type Params = Record<string, string>;
type Query = Record<string, string | string[] | undefined>;
export type GetHandler = (ctx: { req: FastifyRequest; reply: FastifyReply; viewer: Viewer; params: Params; query: Query }) => Promise<PortalPage | FastifyReply>;
export type PostHandler = (ctx: { req: FastifyRequest; reply: FastifyReply; viewer: Viewer; params: Params; form: Record<string, string> }) => Promise<PortalPage | FastifyReply>;

/** A page for signed-in administrators; anyone else is sent to sign in first (GET only, so it can come back). */
export function portalGet(app: FastifyInstance, options: PortalOptions, path: string, handler: GetHandler): void {
  app.get(path, async (req, reply) => {
    const viewer = await readViewer(req, options);
    if (!viewer) return reply.redirect(`/portal/signin?return_to=${encodeURIComponent(req.url)}`, 302);
    return answer(reply, viewer, () => handler({ req, reply, viewer, params: req.params as Params, query: req.query as Query }));
  });
}

/**
 * A change: a signed-in administrator, a same-origin POST (the Origin header, when the browser
 * sends one, names this origin) carrying the session's CSRF token in an
 * application/x-www-form-urlencoded body. Anything else is refused before the handler runs.
 */
export function portalPost(app: FastifyInstance, options: PortalOptions, path: string, handler: PostHandler): void {
  app.post(path, async (req, reply) => {
    const viewer = await readViewer(req, options);
    if (!viewer) return sendPortalPage(reply, refusalPage(401, 'Sign in again', 'Your portal session has ended. Sign in again, then repeat the change.'), undefined);
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== req.requestContext.origin) {
      return sendPortalPage(reply, refusalPage(403, 'Refused', 'The change did not come from a portal page of this origin.'), viewer);
    }
    const form = readForm(req);
    if (!form || !options.seal.csrfMatches(viewer.session, form['csrf'])) {
      return sendPortalPage(reply, refusalPage(403, 'Refused', 'The form was stale or did not come from the portal (its CSRF token did not match). Reload the page and try again.'), viewer);
    }
    return answer(reply, viewer, () => handler({ req, reply, viewer, params: req.params as Params, form }));
  });
}

/** The form body, or undefined when it is not a well-formed urlencoded form. */
export function readForm(req: FastifyRequest): Record<string, string> | undefined {
  const body = req.body;
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!Buffer.isBuffer(body) || !type.startsWith('application/x-www-form-urlencoded')) return undefined;
  try {
    return parseForm(decodeUtf8(body));
  } catch {
    return undefined;
  }
}

async function answer(reply: FastifyReply, viewer: Viewer, run: () => Promise<PortalPage | FastifyReply>): Promise<FastifyReply> {
  try {
    const result = await run();
    // A handler that answered itself (a redirect, a fragment) returns the reply.
    if (reply.sent || result === undefined || (result as unknown) === reply) return reply;
    return sendPortalPage(reply, result as PortalPage, viewer);
  } catch (err) {
    // The directory's refusals (not found, not allowed, invalid) in Graph's words.
    if (err instanceof GraphError) return sendPortalPage(reply, refusalPage(err.status, err.status === 404 ? 'Not found' : 'Refused', err.message, err.code), viewer);
    throw err;
  }
}

/**
 * A piece of a page for the page's own script (the simulator's verdict, new sign-in log rows):
 * server-rendered HTML, never cached, marked as the fragment asked for, and inert on its own (a
 * CSP that runs and loads nothing, no framing) should anyone open it as a document.
 */
export function sendFragment(reply: FastifyReply, kind: string, body: Html): FastifyReply {
  return reply
    .code(200)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .header('x-frame-options', 'DENY')
    .header('x-portal-fragment', kind)
    .send(htmlText(body));
}

/** A page that only says why something was refused. */
export function refusalPage(status: number, title: string, message: string, code?: string): PortalPage {
  return {
    title,
    nav: 'home',
    status,
    main: html`<h1>${title}</h1><div class="notice error" role="alert"><p>${message}</p>${code ? html`<p class="muted">Code: <code>${code}</code></p>` : html``}</div><p><a href="/">Back to the portal's home</a></p>`,
  };
}

/** After a change: back to a page with GET (303), with a fixed notice key the page turns into words. */
export function seeOther(reply: FastifyReply, location: string, notice?: string): FastifyReply {
  const sep = location.includes('?') ? '&' : '?';
  return reply.code(303).header('location', notice ? `${location}${sep}done=${encodeURIComponent(notice)}` : location).send();
}

/** The notice for `?done=<key>`, when the page knows that key (never text from the URL itself). */
export function noticeFor(query: Query, messages: Record<string, string>): Html {
  const key = typeof query['done'] === 'string' ? query['done'] : undefined;
  const text = key !== undefined && Object.hasOwn(messages, key) ? messages[key] : undefined;
  return text ? html`<div class="notice ok" role="status">${text}</div>` : html``;
}

/** A GraphError shown above a form that is rendered again with what was typed. */
export function errorNotice(err: unknown): Html {
  if (err instanceof GraphError) return html`<div class="notice error" role="alert"><p>${err.message}</p><p class="muted">Code: <code>${err.code}</code></p></div>`;
  throw err;
}

/** The first value of a query parameter. */
export function queryValue(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}
