// The Fastify application: content-type handling shared by every family, then one plugin per
// endpoint family. No TLS or storage knowledge here; compose.ts wires those.

import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { IdpError, idpError } from '../core/errors/idp-error.js';
import type { TokenDeps } from '../flows/shared/context.js';
import { authorizeRoutes } from './authorize/authorize-route.js';
import { adminConsentRoutes } from './authorize/admin-consent-route.js';
import { deviceCodeRoutes } from './device/device-code-route.js';
import { deviceLoginRoutes } from './device/device-login-route.js';
import { discoveryRoutes } from './discovery/routes.js';
import { errorPageRoutes } from './error-pages/error-page-route.js';
import type { SignInRecorder } from '../sign-in-log/recorder.js';
import type { SignInLogStore } from '../core/ports.js';
import { registerGraphApi } from './graph/graph-api.js';
import { rewriteGraphUrl } from './graph/graph-paths.js';
import { sendGraphError } from './graph/graph-reply.js';
import { GraphError } from '../directory/errors.js';
import type { DirectoryService } from '../directory/service.js';
import { clientErrorHandler } from './kit/client-error.js';
import { FORM_LIMITS } from './kit/form.js';
import { logoutRoutes } from './authorize/logout-route.js';
import { armRoutes } from './arm/arm-routes.js';
import { errorBody, explanationLink } from './kit/render-error.js';
import { setStsHeaders } from './kit/sts-headers.js';
import { attachRequestContext, installRequestContext } from './kit/request-context.js';
import { correlationSources, requestOrigin, type OriginPolicy } from './kit/request-info.js';
import { tokenRoutes } from './token/token-route.js';
import type { Ops } from './ops/ops.js';
import { refuse, unexpected, type RefusalEvent } from './kit/refusal.js';

interface AppOptions {
  deps: TokenDeps;
  origins: OriginPolicy;
  jwks: (options?: { issuer?: string }) => { keys: object[] };
  /** Called for every refused token request (e.g. to print why at the terminal). */
  onRefusal?: (event: RefusalEvent) => void;
  /** The sign-in log; /error?trace_id= reads it back, Graph's auditLogs/signIns lists it. */
  signIns?: SignInRecorder;
  signInStore?: SignInLogStore;
  /** Graph's directory API (/v1.0/applications, …). */
  directoryService: DirectoryService;
  /** /healthz, /readyz, /metrics and the request log (http/ops/); none when absent. */
  ops?: Ops;
  /** Extra Fastify server options (https, logger). */
  server?: FastifyServerOptions & { https?: unknown };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const routeOptions = { deps: options.deps, onRefusal: options.onRefusal, signIns: options.signIns };
  const contextOptions = {
    now: () => options.deps.clock.now(),
    origin: (req: FastifyRequest) => requestOrigin(req, options.origins),
    correlationSources,
  };
  const app = Fastify({
    bodyLimit: FORM_LIMITS.bodyBytes,
    // Entra's paths are case-insensitive in the tenant segment only; keep routes exact otherwise.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
    logger: false,
    // Graph's case-insensitive collection names and `(appId='…')` keys (http/graph/graph-paths.ts).
    rewriteUrl: (req) => rewriteGraphUrl(req.url ?? '/'),
    // Malformed URLs (bad percent-encoding, over-long segments) fail in the router, before any
    // route: answer them in Entra's shape too [I: AADSTS9002313].
    frameworkErrors: (err, req, reply) => {
      // Fastify's message quotes the whole URL, query string (and any secret in it) included: the
      // detail names the problem only, never the URL.
      const kind = (err as { code?: string }).code ?? 'invalid URL';
      attachRequestContext(req, contextOptions);
      // No hook runs for an answer sent before routing: count and log it when it is sent.
      if (options.ops) reply.raw.once('finish', () => options.ops?.observe(req, reply));
      if (isGraphPath(req.url)) return sendGraphError(req, reply, new GraphError(400, 'BadRequest', `The request URL is malformed (${kind}).`));
      refuse(req, reply, idpError(9002313, { detail: `The request URL is malformed (${kind}).` }), routeOptions);
    },
    clientErrorHandler: clientErrorHandler({ origin: () => options.origins.publicOrigin, now: () => options.deps.clock.now() }),
    ...(options.server as FastifyServerOptions),
  });

  installRequestContext(app, contextOptions);
  options.ops?.install(app);

  // Bodies are kept raw and parsed by the endpoint (http/kit/form.ts), so that invalid UTF-8,
  // repeated parameters and foreign content types become Entra errors rather than 4xx/5xx
  // from the framework. A JSON body is ignored, as Entra ignores it [O].
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode ?? 500;
    const { traceId, correlationId, origin, receivedAt } = attachRequestContext(req, contextOptions);
    // Graph's paths answer in Graph's envelope (a body over the limit, a body Fastify refused).
    if (isGraphPath(req.url)) {
      const graphError =
        status === 413
          ? new GraphError(413, 'Request_EntityTooLarge', `The request body is larger than ${FORM_LIMITS.bodyBytes} bytes.`)
          : status < 500
            ? new GraphError(status, 'BadRequest', `The request was refused before it was read (${(err as { code?: string }).code ?? `HTTP ${status}`}).`)
            : new GraphError(500, 'InternalServerError', `Entrada failed to process the request (trace id ${traceId}).`);
      if (status >= 500) req.log.error({ err }, 'Graph request failed');
      return sendGraphError(req, reply, graphError);
    }
    const idp =
      err instanceof IdpError
        ? err
        : status < 500
          ? idpError(9002313, { detail: `The HTTP request was refused before parsing (${(err as { code?: string }).code ?? `HTTP ${status}`}).` })
          : unexpected(req, err, traceId);
    req.requestContext.refusalCode = idp.code;
    const ctx = { traceId, correlationId, origin, now: receivedAt };
    return setStsHeaders(reply)
      .code(status === 413 ? 413 : idp.entry.status)
      .header('cache-control', 'no-store, no-cache')
      .header('x-ms-request-id', traceId)
      .header('link', explanationLink(idp, ctx))
      .type('application/json; charset=utf-8')
      .send(errorBody(idp, ctx));
  });

  await app.register(tokenRoutes(routeOptions));
  await app.register(discoveryRoutes({ directory: options.deps.directory, jwks: options.jwks }));
  await app.register(errorPageRoutes({ signIns: options.signIns }));
  const recorder = options.signIns;
  const signInLog = recorder && options.signInStore ? { store: options.signInStore, flush: () => recorder.flush() } : undefined;
  await registerGraphApi(app, options.directoryService, options.deps, signInLog);
  await app.register(deviceCodeRoutes(routeOptions));
  await app.register(deviceLoginRoutes({ deps: options.deps, signIns: options.signIns }));
  await app.register(authorizeRoutes(routeOptions));
  // The admin consent endpoint, v1 and v2 (issue 18): consent for a whole tenant, by an administrator.
  await app.register(adminConsentRoutes({ ...routeOptions, service: options.directoryService }));
  await app.register(logoutRoutes({ deps: options.deps }));
  // Azure Resource Manager's two list calls `az login` makes, on management.azure.com only (hosts mode).
  await app.register(armRoutes({ deps: options.deps }));

  // Other verbs on the token endpoint get Entra's AADSTS900561 [D][O]; any other path a 404.
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (isGraphPath(path)) {
      // Graph's answer for a path it does not serve [O: "Resource not found for the segment …"].
      const segment = path.split('/').filter(Boolean).slice(1).pop() ?? '';
      return sendGraphError(req, reply, new GraphError(400, 'BadRequest', `Resource not found for the segment '${decodeSafely(segment).slice(0, 100)}'.`));
    }
    if (/^\/[^/]+\/oauth2\/(v2\.0\/)?token\/?$/i.test(path)) {
      return refuse(req, reply, idpError(900561, { args: { verbs: 'POST', method: req.method } }), routeOptions);
    }
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><title>Not found</title><p>Entrada does not serve this path. See <a href="/error">/error</a> for the error codes it explains.</p>');
  });
  return app;
}

function isGraphPath(url: string): boolean {
  // /beta serves only what Graph has nowhere else (a user's per-user MFA state, issue 17).
  return /^\/(v1\.0|beta)(\/|$|\?)/i.test(url);
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
