// The managed identity endpoint (entra-protocol.md §6.3; msal-wire.md §1.10): a plain-HTTP server,
// as Azure's own are, meant for 127.0.0.1 only (compose.ts binds it there). Two shapes of one
// service, for one tenant and one "host" (core/policy/managed-identity.ts):
//
//   IMDS (a VM)          GET /metadata/identity/oauth2/token[/]?api-version=2018-02-01&resource=…
//                        header `Metadata: true`; MSAL and @azure/identity reach it through
//                        AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:<port> (with the slash).
//   App Service          GET /msi/token?api-version=2019-08-01&resource=…
//                        header `X-IDENTITY-HEADER: <secret>`; IDENTITY_ENDPOINT=http://127.0.0.1:<port>/msi/token
//                        and IDENTITY_HEADER=<secret> select it.
//
// Either takes client_id, object_id / principal_id or msi_res_id / mi_res_id for a user-assigned
// identity. Answers are each service's own: IMDS all strings with refresh_token "" and
// {error, error_description} errors; App Service {access_token, expires_on, resource, token_type,
// client_id} and {statusCode, message, correlationId} errors [O].

import { timingSafeEqual } from 'node:crypto';
import { entryFor } from '../kit/sign-in-log.js';
import type { SignInRecorder } from '../../sign-in-log/recorder.js';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { ManagedIdentityDecisionTrace } from '../../core/decision-trace.js';
import { IdpError, idpError } from '../../core/errors/idp-error.js';
import { sha256 } from '../../core/hash.js';
import type { Tenant } from '../../core/model.js';
import { checkRequestSource, parseIdentitySelector } from '../../core/policy/managed-identity.js';
import { checkParameterLimits } from '../../core/policy/parameter-limits.js';
import {
  issueManagedIdentityToken,
  ManagedIdentityRefusal,
  type ManagedIdentityDeps,
  type ManagedIdentityToken,
} from '../../flows/managed-identity/token.js';
import { entraTimestamp, errorDescription } from '../../core/errors/envelope.js';
import type { RefusalEvent } from '../kit/refusal.js';
import { installRequestContext } from '../kit/request-context.js';

const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';
/** [I] App Service's real path varies; /msi/token is what App Service and Container Apps use [O]. */
export const APP_SERVICE_TOKEN_PATH = '/msi/token';

interface ManagedIdentityAppOptions {
  deps: ManagedIdentityDeps;
  /** The tenant whose identities the endpoint hands out. */
  tenant: Tenant;
  /** The system-assigned identity it acts as (name, client id, object id or resource id). */
  host: string | undefined;
  /** The App Service shape's X-IDENTITY-HEADER value. */
  identityHeader: string;
  /** The HTTPS authority's origin, the issuer of the tokens (known once it listens). */
  issuerOrigin: () => string;
  /** Called for every AADSTS refusal (unknown resource, disabled identity, assignment required). */
  onRefusal?: (event: RefusalEvent) => void;
  /** The sign-in log: every token request here, issued or refused. */
  signIns?: SignInRecorder;
  /** Extra Fastify server options (timeouts: http/kit/connection-guard.ts). */
  server?: FastifyServerOptions;
}

type Shape = 'imds' | 'appService';

export async function buildManagedIdentityApp(options: ManagedIdentityAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    routerOptions: { ignoreTrailingSlash: true },
    logger: false,
    ...options.server,
  });
  installRequestContext(app, {
    now: () => options.deps.clock.now(),
    // Tokens name the HTTPS authority as issuer; this plain-HTTP endpoint has no origin of its own.
    origin: () => options.issuerOrigin(),
    // MSAL and @azure/identity send x-ms-client-request-id; only GUIDs are echoed.
    correlationSources: (req) => [req.headers['x-ms-client-request-id'], req.headers['client-request-id']],
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get(IMDS_TOKEN_PATH, (req, reply) => serve(req, reply, 'imds', options));
  app.get(APP_SERVICE_TOKEN_PATH, (req, reply) => serve(req, reply, 'appService', options));

  app.setErrorHandler((err, req, reply) => {
    const shape: Shape = req.url.toLowerCase().startsWith(APP_SERVICE_TOKEN_PATH) ? 'appService' : 'imds';
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) return fail(req, reply, shape, err, options);
    return fail(req, reply, shape, new ManagedIdentityRefusal('invalid_request', `The request was refused before parsing: ${(err as Error).message}`, status), options);
  });
  // [I] 400, not 404: @azure/identity retries a 404 five times with back-off (IMDS answers 404 while
  // it updates), so a mistyped IDENTITY_ENDPOINT would take half a minute to report.
  app.setNotFoundHandler((req, reply) => {
    return reply
      .code(400)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        error: 'invalid_request',
        error_description: `Entrada's managed identity endpoint serves GET ${IMDS_TOKEN_PATH} (IMDS, header Metadata: true) and GET ${APP_SERVICE_TOKEN_PATH} (App Service, header X-IDENTITY-HEADER); not ${req.method} ${req.url.split('?')[0]}.`,
      });
  });
  return app;
}

async function serve(req: FastifyRequest, reply: FastifyReply, shape: Shape, options: ManagedIdentityAppOptions) {
  try {
    // Before the secret header: a rebinding page or a proxied request learns nothing more (issue 9, finding 6).
    const source = checkRequestSource(req.headers);
    // [I] 400 invalid_request in each shape's own error body: IMDS documents the refusal, not its body.
    if (!source.ok) throw new ManagedIdentityRefusal('invalid_request', source.message, 400);
    checkHeader(req, shape, options.identityHeader);
    const query = singleValued(req.url);
    // [I] Any api-version is accepted: IMDS serves several dated versions, App Service 2017-09-01 and 2019-08-01.
    if (query['api-version'] === undefined || query['api-version'].trim() === '') {
      throw new ManagedIdentityRefusal('invalid_request', `Bad request. api-version was not specified in the request (${shape === 'imds' ? '2018-02-01' : '2019-08-01'} is the version MSAL sends).`);
    }
    const parsed = parseIdentitySelector(query);
    if (!parsed.ok) throw new ManagedIdentityRefusal('invalid_request', parsed.message);
    const token = await issueManagedIdentityToken(
      { tenant: options.tenant, resource: query['resource'], selector: parsed.selector, host: options.host, origin: req.requestContext.origin },
      options.deps,
    );
    setHeaders(reply, shape, req.requestContext.correlationId);
    options.signIns?.record(
      entryFor(req, 'managed identity', {}, {
        tenant: options.tenant.id,
        appId: token.identity.sp.appId,
        appDisplayName: token.identity.sp.displayName,
        grantType: shape === 'imds' ? 'IMDS' : 'App Service',
        decision: { identity: token.identity.type, resourceId: token.identity.resourceId, resource: token.resource } satisfies ManagedIdentityDecisionTrace,
      }),
    );
    return reply.code(200).send(shape === 'imds' ? imdsBody(token) : appServiceBody(token));
  } catch (err) {
    return fail(req, reply, shape, err, options);
  }
}

/** IMDS: `Metadata: true` [D]; App Service: `X-IDENTITY-HEADER` equal to IDENTITY_HEADER [D]. */
function checkHeader(req: FastifyRequest, shape: Shape, secret: string): void {
  if (shape === 'imds') {
    const metadata = req.headers['metadata'];
    if (typeof metadata !== 'string' || metadata.trim().toLowerCase() !== 'true') {
      throw new ManagedIdentityRefusal('bad_request_102', 'Required metadata header not specified');
    }
    return;
  }
  const presented = req.headers['x-identity-header'];
  if (typeof presented !== 'string' || presented === '') {
    // [I] status and wording: App Service's answer to a missing header is not documented.
    throw new ManagedIdentityRefusal('unauthorized', 'The X-IDENTITY-HEADER header is missing; send the value of IDENTITY_HEADER that entrada start printed.', 401);
  }
  if (!sameSecret(presented, secret)) {
    throw new ManagedIdentityRefusal('unauthorized', 'The X-IDENTITY-HEADER header does not match this endpoint\'s IDENTITY_HEADER (entrada start prints it; ENTRADA_MANAGED_IDENTITY_HEADER sets it).', 401);
  }
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** Query parameters, each at most once (a repeated one is refused, as on the token endpoint). */
function singleValued(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  const q = url.indexOf('?');
  if (q < 0) return out;
  for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
    if (Object.hasOwn(out, name)) throw new ManagedIdentityRefusal('invalid_request', `The query parameter '${name}' is repeated.`);
    out[name] = value;
  }
  // Capped, and NUL refused, before any lookup or storage (issue 9) [I: AADSTS9002313, relayed as Entra's].
  const problem = Object.keys(out).some((name) => name.includes('\u0000'))
    ? idpError(9002313, { detail: 'A query parameter name contains a NUL character.' })
    : checkParameterLimits(out);
  if (problem) throw problem;
  return out;
}

/** IMDS: every value a string, refresh_token empty [D]; client_id and ext_expires_in as real IMDS sends [O]. */
function imdsBody(t: ManagedIdentityToken): Record<string, string> {
  const expiresIn = String(t.lifetime - 1);
  return {
    access_token: t.accessToken,
    refresh_token: '',
    expires_in: expiresIn,
    expires_on: String(t.expiresOn),
    not_before: String(t.notBefore),
    resource: t.resource,
    token_type: 'Bearer',
    client_id: t.identity.sp.appId,
    ext_expires_in: expiresIn,
  };
}

/** App Service 2019-08-01: expires_on as an epoch-seconds string [D][O]. */
function appServiceBody(t: ManagedIdentityToken): Record<string, string> {
  return {
    access_token: t.accessToken,
    expires_on: String(t.expiresOn),
    resource: t.resource,
    token_type: 'Bearer',
    client_id: t.identity.sp.appId,
  };
}

function setHeaders(reply: FastifyReply, shape: Shape, correlationId: string): void {
  reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
  if (shape === 'appService') reply.header('x-correlation-id', correlationId);
}

function fail(req: FastifyRequest, reply: FastifyReply, shape: Shape, err: unknown, options: ManagedIdentityAppOptions) {
  const { traceId, correlationId, receivedAt } = req.requestContext;
  setHeaders(reply, shape, correlationId);
  const logRefusal = (error: IdpError | undefined, detail?: string) =>
    options.signIns?.record({
      ...entryFor(req, 'managed identity', { error }, { tenant: options.tenant.id, grantType: shape === 'imds' ? 'IMDS' : 'App Service' }),
      ...(error ? {} : { outcome: 'failure' as const, detail: detail ?? null }),
    });
  if (err instanceof ManagedIdentityRefusal) {
    logRefusal(undefined, `${err.error}: ${err.message}`);
    return reply.code(err.status).send(
      shape === 'imds'
        ? { error: err.error, error_description: err.message }
        : { statusCode: err.status, message: err.message, correlationId },
    );
  }
  let idp: IdpError;
  if (err instanceof IdpError) {
    idp = err;
  } else {
    process.stderr.write(`managed identity endpoint: unexpected error (trace ${traceId}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    idp = idpError(50000, { detail: `An internal error; the server log has it under trace id ${traceId}.` });
  }
  req.requestContext.refusalCode = idp.code;
  options.onRefusal?.({ error: idp, traceId, correlationId, endpoint: `managed identity ${shape === 'imds' ? 'IMDS' : 'App Service'}` });
  logRefusal(idp);
  // The endpoints relay Entra's refusal [D: IMDS answers invalid_resource with the AADSTS text].
  const description = errorDescription(Number(idp.code), idp.description, { traceId, correlationId, timestamp: entraTimestamp(receivedAt) });
  const status = idp.entry.status;
  // [I] App Service's body keeps its own fields and adds the OAuth error, which MSAL reports.
  return reply
    .code(status)
    .send(shape === 'imds' ? { error: idp.oauthError, error_description: description } : { statusCode: status, message: description, correlationId, error: idp.oauthError });
}
