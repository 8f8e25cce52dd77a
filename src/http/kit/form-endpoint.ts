// One request to the token or devicecode endpoint, from form body to Entra's answer: parse, build
// the TokenRequest, run the flow, then either refuse (Entra's error body, logged) or answer 200
// with the token endpoint's headers, logged. The two endpoints differ only in the flow they run
// (the token route adds its CORS headers before it calls this).

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EndpointVersion, TokenRequest } from '../../flows/shared/context.js';
import type { FlowOutcome, RequestFacts } from '../../flows/shared/facts.js';
import { formParams } from './form.js';
import { refuse, setTokenHeaders, type TokenRouteOptions } from './refusal.js';
import { correlationIdFor } from './request-context.js';
import type { TenantPath } from './route-types.js';
import { tokenEntry } from './sign-in-log.js';
import { buildTokenRequest } from './token-request.js';

export async function serveFormEndpoint<T>(
  req: FastifyRequest<TenantPath>,
  reply: FastifyReply,
  endpoint: EndpointVersion,
  options: TokenRouteOptions,
  run: (request: TokenRequest) => Promise<FlowOutcome<T>>,
) {
  let params: Record<string, string> | undefined;
  let request: TokenRequest | undefined;
  let facts: RequestFacts | undefined;
  try {
    params = formParams(req);
    req.requestContext.grantType = params.grant_type;
    request = await buildTokenRequest(req, endpoint, params, options);
    const outcome = await run(request);
    facts = outcome.facts;
    if (!outcome.ok) return refuse(req, reply, outcome.error, options, params, request, facts);
    setTokenHeaders(reply, req.requestContext.traceId);
    const log = options.signIns;
    log?.record(tokenEntry(req, { correlationId: correlationIdFor(req, params) }, request, params, facts, log.fingerprint));
    return reply.code(200).send(outcome.value);
  } catch (err) {
    return refuse(req, reply, err, options, params, request, facts);
  }
}
