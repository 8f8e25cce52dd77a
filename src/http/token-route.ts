// POST /{tenant}/oauth2/token (v1, resource=) and /{tenant}/oauth2/v2.0/token (v2, scope=).
// Parses the wire format into a TokenRequest, runs the flow, renders Entra's JSON either way.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError, idpError } from '../core/errors/idp-error.js';
import { presentedCredential } from '../core/policy/client-credential.js';
import { checkParameterLimits, parameterProblem } from '../core/policy/parameter-limits.js';
import { resolveTenant } from '../flows/resolve-tenant.js';
import type { EndpointVersion, TokenDeps, TokenRequest } from '../flows/token/context.js';
import { handleTokenRequest } from '../flows/token/handle.js';
import { decodeUtf8, parseBasicAuth, parseForm } from './form.js';
import { errorBody } from './render-error.js';
import { correlationIdOf, requestOrigin, type OriginPolicy } from './request-info.js';
import type { SignInRecorder } from './sign-in-recorder.js';
import { tokenEntry } from './sign-in-log.js';

/** What the token endpoint reports about a refusal (never a secret, password or token). */
export interface RefusalEvent {
  error: IdpError;
  traceId: string;
  correlationId: string;
  grantType?: string;
  clientId?: string;
  /** Where the refusal happened when not the token endpoint, e.g. `/authorize`. */
  endpoint?: string;
}

export interface TokenRouteOptions {
  deps: TokenDeps;
  origins: OriginPolicy;
  onRefusal?: (event: RefusalEvent) => void;
  /** The sign-in log: every request to a sign-in endpoint, success or refusal. */
  signIns?: SignInRecorder;
}

/** Headers Entra sends on every token endpoint response, success or error [O: §5.1]. */
export function setTokenHeaders(reply: FastifyReply, traceId: string): void {
  reply.headers({
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-ms-request-id': traceId,
    'content-type': 'application/json; charset=utf-8',
  });
}

export function tokenRoutes(options: TokenRouteOptions) {
  return async function (app: FastifyInstance): Promise<void> {
    const endpoints: Array<[string, EndpointVersion]> = [
      ['/:tenant/oauth2/token', 'v1'],
      ['/:tenant/oauth2/v2.0/token', 'v2'],
    ];
    for (const [path, endpoint] of endpoints) {
      app.post(path, (req, reply) => serveToken(req, reply, endpoint, options));
      app.get(path, (req, reply) => refuse(req, reply, idpError(900561, { args: { verbs: 'POST', method: 'GET' } }), options));
      app.options(path, (req, reply) => preflight(req, reply));
    }
  };
}

async function serveToken(req: FastifyRequest, reply: FastifyReply, endpoint: EndpointVersion, options: TokenRouteOptions) {
  let params: Record<string, string> | undefined;
  let tokenRequest: TokenRequest | undefined;
  try {
    params = formParams(req);
    tokenRequest = { ...(await buildTokenRequest(req, endpoint, params, options)), trace: {} };
    const body = await handleTokenRequest(tokenRequest, options.deps);
    const traceId = randomUUID();
    setTokenHeaders(reply, traceId);
    await allowSpaOrigin(reply, tokenRequest, options.deps);
    if (options.signIns) {
      const outcome = { traceId, correlationId: correlationIdOf(req, params), now: options.deps.clock.now() };
      options.signIns.record(tokenEntry(req, outcome, tokenRequest, params, options.signIns.fingerprint));
    }
    return reply.code(200).send(body);
  } catch (err) {
    return refuse(req, reply, err, options, params, tokenRequest);
  }
}

/**
 * A successful request with an Origin header was decided SPA (any other client type with an Origin
 * is refused, AADSTS9002326). The browser may read the answer when the Origin is the origin of one
 * of the app's Single-page application redirect URIs [D: §2.4]; errors never carry CORS headers,
 * as Entra's do not [D].
 */
async function allowSpaOrigin(reply: FastifyReply, req: TokenRequest, deps: Pick<TokenDeps, 'directory'>): Promise<void> {
  const origin = req.originHeader;
  if (origin === null || req.clientId === undefined) return;
  const app = await deps.directory.getApplicationByAppId(req.clientId.toLowerCase());
  if (!app || !app.spa.redirectUris.some((uri) => originOf(uri) === origin.toLowerCase())) return;
  reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * CORS preflight. MSAL.js sends simple form POSTs that need none; other browser clients adding a
 * header get a permissive preflight, and the POST itself decides whether its answer is readable [I].
 */
function preflight(req: FastifyRequest, reply: FastifyReply) {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    reply
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, client-request-id, x-client-sku, x-client-ver, x-client-os, x-client-cpu, x-ms-lib-capability')
      .header('access-control-max-age', '86400')
      .header('vary', 'Origin');
  }
  return reply.code(204).send();
}

/** Render any failure as Entra's error body. Unknown exceptions are bugs: logged, never a stack trace. */
export function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
  options: TokenRouteOptions,
  params?: Record<string, string>,
  tokenRequest?: TokenRequest,
) {
  const traceId = randomUUID();
  const idp = err instanceof IdpError ? err : unexpected(req, err, traceId);
  const ctx = { traceId, correlationId: correlationIdOf(req, params), origin: requestOrigin(req, options.origins), now: options.deps.clock.now() };
  options.onRefusal?.({ error: idp, traceId, correlationId: ctx.correlationId, grantType: params?.grant_type, clientId: params?.client_id });
  const log = options.signIns;
  log?.record(tokenEntry(req, { ...ctx, error: idp }, tokenRequest, params, log.fingerprint));
  setTokenHeaders(reply, traceId);
  // Throttling (AADSTS90055, 429): MSAL waits this long before sending the same request again [M].
  if (idp.retryAfterSeconds !== undefined) reply.header('retry-after', String(idp.retryAfterSeconds));
  return reply.code(idp.entry.status).send(errorBody(idp, ctx));
}

/** A bug, not a refusal: logged with the trace id the client sees, answered as Entra's 50000. */
export function unexpected(req: FastifyRequest, err: unknown, traceId: string): IdpError {
  req.log.error({ err, traceId, url: req.url }, 'unexpected error');
  return idpError(50000, { detail: `An internal error; the server log has it under trace id ${traceId}.` });
}

/** Only form bodies carry parameters; any other body is ignored, as Entra ignores JSON [O]. */
export function formParams(req: FastifyRequest): Record<string, string> {
  const body = req.body;
  if (!Buffer.isBuffer(body)) return {};
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return {};
  return parseForm(decodeUtf8(body));
}

export async function buildTokenRequest(
  req: FastifyRequest,
  endpoint: EndpointVersion,
  params: Record<string, string>,
  options: TokenRouteOptions,
): Promise<TokenRequest> {
  // Every value capped before any lookup (issue 9): the directory cache is keyed on them.
  const basic = parseBasicAuth(req.headers.authorization);
  const overLimit =
    checkParameterLimits(params) ?? (basic && (parameterProblem('client_id', basic.clientId) ?? parameterProblem('client_secret', basic.secret)));
  if (overLimit) throw overLimit;
  const segment = (req.params as { tenant: string }).tenant;
  const resolved = await resolveTenant(segment, options.deps.directory);
  const { clientId, credential } = presentedCredential(params, basic);
  const origin = req.headers.origin;
  return {
    endpoint,
    tenant: resolved.tenant,
    tenantAlias: resolved.alias,
    tenantSegment: segment,
    origin: requestOrigin(req, options.origins),
    params,
    clientId,
    credential,
    originHeader: typeof origin === 'string' && origin !== '' ? origin : null,
  };
}
