// What every Graph route needs: the directory service and a way to turn a request into its actor.

import type { FastifyRequest } from 'fastify';
import type { GraphActor } from '../../directory/context.js';
import type { DirectoryService } from '../../directory/service.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { graphActor, verifyGraphToken } from './graph-auth.js';
import type { ParsedQuery } from '../kit/route-types.js';

export interface GraphContext {
  service: DirectoryService;
  /** Verifies the bearer token (Graph's 401s) and loads the caller's rights. */
  actor(req: FastifyRequest): Promise<GraphActor>;
}

export interface KeyParams {
  Params: { key: string };
}
export interface KeyQuery {
  Querystring: ParsedQuery;
}

export function graphContext(service: DirectoryService, deps: Pick<TokenDeps, 'signer' | 'assertionSignatures' | 'clock'>): GraphContext {
  return {
    service,
    actor: (req) => graphActor(req, verifyGraphToken(req, deps), service.read),
  };
}

/** A path key: an object id, or `appId=…` (from `(appId='…')`, see graph-paths.ts). */
export function objectKey(key: string): { id: string } | { appId: string } {
  return key.startsWith('appId=') ? { appId: key.slice('appId='.length) } : { id: key };
}
