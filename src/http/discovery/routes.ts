// Discovery, JWKS and instance discovery endpoints.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IdpError, idpError } from '../../core/errors/idp-error.js';
import { unexpected } from '../kit/refusal.js';
import { hasNul } from '../kit/form.js';
import { parameterProblem } from '../../core/policy/parameter-limits.js';
import type { DirectoryReader } from '../../core/ports.js';
import { resolveTenant } from '../../flows/shared/resolve-tenant.js';
import { issuerV2 } from '../../core/tokens/claims.js';
import { errorBody, explanationLink } from '../kit/render-error.js';
import { setStsHeaders } from '../kit/sts-headers.js';
import { single } from '../kit/query.js';
import { isGuid } from '../../core/guid.js';
import type { ParsedQuery, TenantPath } from '../kit/route-types.js';
import { classifyTenantSegment } from '../../core/policy/tenant-segment.js';
import { domainOf, userRealmV1, userRealmV2 } from './user-realm.js';
import { CONSUMERS_TENANT_ID, instanceDiscovery, knownInstance, v1Document, v2Document, type DocumentTarget } from './documents.js';

interface DiscoveryOptions {
  directory: Pick<DirectoryReader, 'findTenant'>;
  /** Current JWKS; `issuer` is added to each key in the v2 document [D][O]. */
  jwks: (options?: { issuer?: string }) => { keys: object[] };
}

/** Entra's headers on every discovery answer, success or error [O: entra-protocol.md §1.3]. */
function discoveryHeaders(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return setStsHeaders(reply)
    .header('cache-control', 'max-age=86400, private')
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET, OPTIONS')
    .header('strict-transport-security', 'max-age=31536000; includeSubDomains')
    .header('x-content-type-options', 'nosniff')
    .header('x-ms-request-id', req.requestContext.traceId)
    .type('application/json; charset=utf-8');
}

/**
 * A CORS preflight for any discovery path. Browsers send none for these simple GETs, but a client
 * adding a header (`client-request-id`, `x-client-SKU`) does; Entra answers it with the same
 * `Access-Control-Allow-Origin: *` and `GET, OPTIONS` as the documents [O: §1.3], 200 with no body
 * and the requested headers allowed [I: status and Allow-Headers not captured].
 */
function preflight(req: FastifyRequest, reply: FastifyReply) {
  const asked = req.headers['access-control-request-headers'];
  const allowed = typeof asked === 'string' ? preflightHeaders(asked) : undefined;
  discoveryHeaders(req, reply).removeHeader('content-type');
  if (allowed) reply.header('access-control-allow-headers', allowed);
  return reply.header('access-control-max-age', '86400').code(200).send();
}

/** The header names a preflight asks for, echoed only when they are plain names (and not many). */
function preflightHeaders(asked: string): string | undefined {
  return asked.length <= 1024 && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/.test(asked.trim()) ? asked.trim() : undefined;
}

/** `?appid=` as Entra uses it on discovery (jwks_uri for the app's keys) when it is a GUID [I: else ignored]. */
function appIdOf(query: ParsedQuery | undefined): string | undefined {
  const value = single(query?.appid);
  return value !== undefined && isGuid(value) ? value.toLowerCase() : undefined;
}

/** Every path this family serves by GET, each also answering a CORS preflight. */
const DISCOVERY_PATHS = [
  '/:tenant/v2.0/.well-known/openid-configuration',
  '/:tenant/.well-known/openid-configuration',
  '/:tenant/discovery/v2.0/keys',
  '/:tenant/discovery/keys',
  '/common/userrealm/:login',
  '/GetUserRealm.srf',
  '/common/discovery/instance',
];

/** What a discovery route may declare: its path parameters and the query every route checks. */
type DiscoveryRoute = { Params?: Record<string, string>; Querystring?: ParsedQuery };
type UserRealmRoute = { Params: { login: string }; Querystring: ParsedQuery };

export function discoveryRoutes(options: DiscoveryOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    const target = async (req: FastifyRequest<TenantPath>): Promise<DocumentTarget> => {
      const segment = req.params.tenant;
      const origin = req.requestContext.origin;
      const resolved = await resolveTenant(segment, options.directory);
      if (resolved.tenant) return { origin, segment: resolved.tenant.id, issuerTenant: resolved.tenant.id, regionScope: 'WW' };
      const issuerTenant = resolved.alias === 'consumers' ? CONSUMERS_TENANT_ID : '{tenantid}';
      return { origin, segment: resolved.alias, issuerTenant, regionScope: null };
    };

    const serve = <R extends DiscoveryRoute>(build: (req: FastifyRequest<R>) => Promise<unknown>) => async (req: FastifyRequest<R>, reply: FastifyReply) => {
      try {
        // No query value with a NUL goes further (PostgreSQL text cannot hold one; issue 9).
        if (Object.values(req.query ?? {}).some(hasNul)) {
          throw idpError(9002313, { detail: 'A query parameter contains a NUL character.' });
        }
        const body = await build(req);
        return discoveryHeaders(req, reply).code(200).send(body);
      } catch (err) {
        return refuseDiscovery(req, reply, err);
      }
    };

    type DocumentRoute = TenantPath & { Querystring: ParsedQuery };
    const document = async (req: FastifyRequest<DocumentRoute>) => ({ ...(await target(req)), appId: appIdOf(req.query) });

    app.get<DocumentRoute>('/:tenant/v2.0/.well-known/openid-configuration', serve(async (req) => v2Document(await document(req))));
    app.get<DocumentRoute>('/:tenant/.well-known/openid-configuration', serve(async (req) => v1Document(await document(req))));
    // `?appid=` asks for an app's own signing keys [D]. Entrada signs every token with the same
    // keys (no per-app keys, no claims-mapping keys), so it serves those, whatever the app id.
    app.get<TenantPath>('/:tenant/discovery/v2.0/keys', serve(async (req) => {
      const t = await target(req);
      return options.jwks({ issuer: issuerV2(t.origin, t.issuerTenant) });
    }));
    app.get<TenantPath>('/:tenant/discovery/keys', serve(async (req) => {
      await target(req);
      return options.jwks();
    }));
    const realm = async (login: string, version: string) => {
      // Capped, and NUL refused, before the domain is looked up (issue 9) [I: AADSTS9002313].
      const problem = parameterProblem('login', login) ?? parameterProblem('api-version', version);
      if (problem) throw problem;
      const domain = domainOf(login);
      // Only a syntactically valid domain is looked up; anything else is simply not a realm we know.
      const tenant = classifyTenantSegment(domain).kind === 'domain' ? await options.directory.findTenant(domain) : undefined;
      return version === '2.0' ? userRealmV2(login, domain, tenant) : userRealmV1(domain, tenant);
    };
    app.get<UserRealmRoute>('/common/userrealm/:login', serve(async (req) => {
      const version = req.query['api-version'];
      return realm(req.params.login, typeof version === 'string' ? version : '1.0');
    }));
    app.get<{ Querystring: ParsedQuery }>('/GetUserRealm.srf', serve(async (req) => {
      const login = req.query.login;
      return realm(typeof login === 'string' ? login : '', '2.0');
    }));
    app.get<{ Querystring: ParsedQuery }>('/common/discovery/instance', serve(async (req) => {
      const origin = req.requestContext.origin;
      const q = req.query;
      const endpoint = typeof q.authorization_endpoint === 'string' ? q.authorization_endpoint : '';
      let url: URL | undefined;
      try {
        url = new URL(endpoint);
      } catch {
        url = undefined;
      }
      // Only this host (in hosts mode: the public cloud's aliases) is an instance Entrada knows
      // [D: AADSTS50049 for unknown instances].
      if (!url || !knownInstance(origin, url)) throw idpError(50049);
      const segment = url.pathname.split('/')[1] || 'common';
      return instanceDiscovery(origin, segment);
    }));
    for (const path of DISCOVERY_PATHS) app.options(path, preflight);
  };
}

function refuseDiscovery(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const { traceId, correlationId, origin, receivedAt } = req.requestContext;
  const idp = err instanceof IdpError ? err : unexpected(req, err, traceId);
  req.requestContext.refusalCode = idp.code;
  const ctx = { traceId, correlationId, origin, now: receivedAt };
  // Discovery reports an unknown tenant as invalid_tenant, the token endpoint as invalid_request [O].
  const error = idp.code === 90002 ? 'invalid_tenant' : undefined;
  return discoveryHeaders(req, reply).header('link', explanationLink(idp, ctx)).code(idp.entry.status).send(errorBody(idp, ctx, error));
}
