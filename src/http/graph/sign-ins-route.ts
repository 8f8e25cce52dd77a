// GET /v1.0/auditLogs/signIns: the sign-in log in Microsoft Graph's signIn shape (issue #5), on
// Entrada's own host. Like Graph, it wants a bearer token for Microsoft Graph (issued by this
// Entrada) with AuditLog.Read.All — the app role (client credentials; the demo seed grants it to
// Demo Daemon) or the delegated scope with a reader role (core/policy/graph-permissions.ts).
// Supported: $filter on appId, correlationId and status/errorCode (eq / ne 0), joined by `and`; $top (1–1000, default 100); paging through
// @odata.nextLink ($skiptoken).

import type { FastifyInstance } from 'fastify';
import { hasNul } from '../kit/form.js';
import { isGuid } from '../../core/guid.js';
import type { SignInLogEntry, SignInLogQuery, SignInLogStore } from '../../core/ports.js';
import { authorize } from '../../directory/authorize.js';
import { GraphError } from '../../directory/errors.js';
import type { ParsedQuery } from '../kit/route-types.js';
import type { GraphContext } from './graph-context.js';
import { handleGraph, sendGraph } from './graph-reply.js';

export function graphSignInsRoutes(options: { ctx: GraphContext; store: SignInLogStore; flush?: () => Promise<void> }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: ParsedQuery }>('/v1.0/auditLogs/signIns', (req, reply) =>
      handleGraph(req, reply, async () => {
        const actor = await options.ctx.actor(req);
        await authorize(actor, 'signIns.read', options.ctx.service.read);
        const tenantId = actor.tenantId;
        const query = parseQuery(req.query);
        if ('error' in query) throw new GraphError(400, 'BadRequest', query.error);
        await options.flush?.();
        // A tenant's log is its own: the token's tenant is the only one listed, as in Graph.
        const rows = await options.store.list({ ...query.q, tenant: tenantId, limit: query.q.limit + 1 });
        const page = rows.slice(0, query.q.limit);
        const body: Record<string, unknown> = {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
          value: page.map(toGraphSignIn),
        };
        if (rows.length > query.q.limit) {
          const last = page[page.length - 1];
          const next = new URLSearchParams({ ...query.passThrough, $skiptoken: Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') });
          body['@odata.nextLink'] = `${req.requestContext.origin}/v1.0/auditLogs/signIns?${next.toString()}`;
        }
        return sendGraph(req, reply, 200, body);
      }),
    );
  };
}

/** Graph's signIn resource (the fields Entrada knows). */
function toGraphSignIn(e: SignInLogEntry): Record<string, unknown> {
  return {
    id: e.id,
    createdDateTime: e.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    userDisplayName: e.userPrincipalName,
    userPrincipalName: e.userPrincipalName,
    userId: e.userId,
    appId: e.appId,
    appDisplayName: e.appDisplayName,
    ipAddress: e.clientAddress,
    clientAppUsed: e.endpoint === 'authorize' || e.endpoint === 'sign-in page' || e.endpoint === 'devicelogin' ? 'Browser' : 'Mobile Apps and Desktop clients',
    userAgent: e.userAgent,
    correlationId: e.correlationId,
    conditionalAccessStatus: 'notApplied',
    isInteractive: e.endpoint === 'authorize' || e.endpoint === 'sign-in page' || e.endpoint === 'devicelogin',
    resourceTenantId: e.tenant,
    homeTenantId: e.tenant,
    status: {
      // A refusal without an AADSTS code (managed identity header checks) must not read as success (0).
      errorCode: e.outcome === 'success' ? 0 : (e.errorCode ?? 400),
      failureReason: e.outcome === 'success' ? null : (e.detail ?? `AADSTS${e.errorCode}`),
      additionalDetails: e.grantType ? `grant_type=${e.grantType}` : e.endpoint,
    },
  };
}

function parseQuery(q: ParsedQuery): { q: SignInLogQuery; passThrough: Record<string, string> } | { error: string } {
  const text = (k: string) => {
    const v = q[k];
    return typeof v === 'string' ? v : undefined;
  };
  // PostgreSQL text cannot hold NUL: refused here, not answered 500 by the query (issue 9) [I].
  if (Object.values(q).some(hasNul)) return { error: 'A query parameter contains a NUL character.' };
  const passThrough: Record<string, string> = {};
  const top = text('$top');
  const limit = top === undefined ? 100 : /^\d{1,4}$/.test(top) ? Number(top) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return { error: "Invalid value for '$top': an integer from 1 to 1000." };
  if (top !== undefined) passThrough.$top = top;
  const query: SignInLogQuery = { limit };
  const filter = text('$filter');
  if (filter !== undefined) {
    passThrough.$filter = filter;
    for (const clause of filter.split(/\s+and\s+/i)) {
      const m = /^\s*(appId|correlationId|status\/errorCode)\s+(eq|ne)\s+(?:'([^']*)'|(\d+))\s*$/i.exec(clause);
      if (!m) return { error: `Unsupported filter clause '${clause.trim()}'. Supported: appId eq '…', correlationId eq '…', status/errorCode eq 0, status/errorCode ne 0.` };
      const [, field, op, quoted, number] = m;
      const f = field.toLowerCase();
      if (f === 'status/errorcode') {
        if (number !== '0') return { error: 'status/errorCode can be compared with 0 only.' };
        query.outcome = op.toLowerCase() === 'eq' ? 'success' : 'failure';
      } else if (op.toLowerCase() !== 'eq' || quoted === undefined) {
        return { error: `${field} supports eq with a quoted value.` };
      } else if (f === 'appid') query.appId = quoted;
      else query.correlationId = quoted;
    }
  }
  const skip = text('$skiptoken');
  if (skip !== undefined) {
    const before = parseSkipToken(skip);
    if (!before) return { error: 'Invalid $skiptoken.' };
    query.before = before;
  }
  return { q: query, passThrough };
}

/**
 * The position a nextLink's $skiptoken holds: base64url of `<createdAt>|<id>`, as the route writes
 * it (an ISO instant and a trace id, a GUID). Checked strictly, decoded text and all: the NUL check
 * above sees only the encoded token, and PostgreSQL answers a NUL in the decoded id with an error
 * (500) rather than no rows; anything else that is not ours is refused the same way.
 */
function parseSkipToken(token: string): { createdAt: string; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return undefined;
  const parts = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (parts.length !== 2) return undefined;
  const [createdAt, id] = parts;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/.test(createdAt) || Number.isNaN(Date.parse(createdAt))) return undefined;
  if (!isGuid(id)) return undefined;
  return { createdAt, id };
}
