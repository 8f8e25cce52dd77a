// Graph's answers: JSON with OData headers, `request-id` / `client-request-id`, and Graph's error
// envelope [D: Graph "Error responses"; graph-and-clients.md §C.1, §C.4]:
// {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphError } from '../../directory/errors.js';

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The caller's client-request-id when it is a sane token, else the request id (as Graph does). */
function clientRequestId(req: FastifyRequest): string {
  const sent = req.headers['client-request-id'] ?? req.headers['x-ms-client-request-id'];
  return typeof sent === 'string' && /^[\w.-]{1,100}$/.test(sent) ? sent : req.requestContext.traceId;
}

function ids(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('request-id', req.requestContext.traceId).header('client-request-id', clientRequestId(req)).header('odata-version', '4.0');
}

/** `/$count`: a plain-text number, with Graph's headers. */
export function sendGraphCount(req: FastifyRequest, reply: FastifyReply, count: string): FastifyReply {
  ids(req, reply);
  return reply.header('cache-control', 'no-cache').code(200).type('text/plain; charset=utf-8').send(count);
}

export function sendGraph(req: FastifyRequest, reply: FastifyReply, status: number, body?: unknown): FastifyReply {
  ids(req, reply);
  reply.header('cache-control', 'no-cache');
  if (body === undefined) return reply.code(status).send();
  return reply.code(status).type(JSON_TYPE).send(JSON.stringify(body));
}

/** A JSON answer that is not an OData resource (UserInfo), with Graph's ids [I: plain JSON type]. */
export function sendGraphJson(req: FastifyRequest, reply: FastifyReply, body: unknown): FastifyReply {
  ids(req, reply);
  return reply.header('cache-control', 'no-cache').code(200).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

export function sendGraphError(req: FastifyRequest, reply: FastifyReply, error: GraphError): FastifyReply {
  ids(req, reply);
  if (error.status === 401) {
    // Graph's challenge [O]: where to get a token, and for which resource.
    reply.header('www-authenticate', `Bearer realm="", authorization_uri="${req.requestContext.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`);
  }
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      innerError: {
        // Graph's date has no zone and no fraction [O].
        date: req.requestContext.receivedAt.toISOString().slice(0, 19),
        'request-id': req.requestContext.traceId,
        'client-request-id': clientRequestId(req),
      },
    },
  };
  return reply.code(error.status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Runs a handler; a GraphError becomes Graph's envelope, anything else a 500 in it (a bug). */
export async function handleGraph(req: FastifyRequest, reply: FastifyReply, run: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    // No directory key or query value may hold NUL (PostgreSQL text cannot): refused up front.
    if (/%00/.test(req.url) || req.url.includes('\u0000')) {
      throw new GraphError(400, 'BadRequest', 'The request URL contains a NUL character (%00), which no key or query option may hold.');
    }
    return await run();
  } catch (error) {
    if (error instanceof GraphError) return sendGraphError(req, reply, error);
    req.log.error({ err: error }, 'Graph request failed');
    return sendGraphError(req, reply, new GraphError(500, 'InternalServerError', `Entrada failed to process the request (trace id ${req.requestContext.traceId}).`));
  }
}

/** The JSON body of a request (kept raw by the app's content parser), or Graph's 400. */
export function jsonBody(req: FastifyRequest): unknown {
  const raw = req.body;
  if (raw === undefined || raw === null || (Buffer.isBuffer(raw) && raw.length === 0)) return undefined;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new GraphError(415, 'UnsupportedMediaType', `The request's Content-Type must be application/json; got '${type.slice(0, 100)}'.`);
  }
  // PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
  if (text.includes('\u0000') || /\\u0000/i.test(text)) {
    throw new GraphError(400, 'Request_BadRequest', 'A string in the request body contains a NUL character (\\u0000), which no directory property may hold.');
  }
  if (nestingDepth(text) > MAX_DEPTH) {
    throw new GraphError(400, 'Request_BadRequest', `The request body nests objects and arrays deeper than ${MAX_DEPTH} levels; no directory resource is that deep.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
}

/** Deeper than any Graph resource; a deeper body would only cost stack in JSON.stringify later. */
const MAX_DEPTH = 32;

/** The deepest nesting of `[` and `{` outside strings (a scan, not a parse: the text may be invalid). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
