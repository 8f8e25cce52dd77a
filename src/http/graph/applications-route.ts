// /v1.0/applications: Graph's app registrations (directory/applications.ts does the work).

import type { FastifyInstance } from 'fastify';
import {
  addPassword,
  createApplication,
  deleteApplication,
  getApplication,
  getFederatedCredential,
  listApplications,
  listFederatedCredentials,
  removePassword,
  updateApplication,
  writeFederatedCredential,
} from '../../directory/applications.js';
import { graphInstant, toGraphApplication } from '../../directory/representation.js';
import type { GraphContext, KeyParams, KeyQuery } from './graph-context.js';
import { objectKey } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph, sendGraphCount } from './graph-reply.js';
import { countBody, listBody, project, selection } from './odata.js';

const LIST = { context: 'applications', resource: 'application', filterable: ['appId', 'displayName', 'identifierUris', 'id', 'signInAudience', 'publisherDomain', 'tags', 'createdDateTime'] };

export function applicationRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>('/v1.0/applications', (req, reply) =>
      handleGraph(req, reply, async () => {
        const actor = await ctx.actor(req);
        const tenant = await ctx.service.read.findTenant(actor.tenantId);
        const apps = (await listApplications(ctx.service, actor)).map((a) => toGraphApplication(a, tenant));
        return sendGraph(req, reply, 200, listBody(req, apps, LIST));
      }),
    );

    app.get<KeyQuery>('/v1.0/applications/$count', (req, reply) =>
      handleGraph(req, reply, async () => {
        const actor = await ctx.actor(req);
        const tenant = await ctx.service.read.findTenant(actor.tenantId);
        const apps = (await listApplications(ctx.service, actor)).map((a) => toGraphApplication(a, tenant));
        return sendGraphCount(req, reply, countBody(req, apps, LIST));
      }),
    );

    app.post('/v1.0/applications', (req, reply) =>
      handleGraph(req, reply, async () => {
        const actor = await ctx.actor(req);
        const created = await createApplication(ctx.service, actor, jsonBody(req));
        const tenant = await ctx.service.read.findTenant(actor.tenantId);
        reply.header('location', `${req.requestContext.origin}/v1.0/applications/${created.id}`);
        return sendGraph(req, reply, 201, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity', ...toGraphApplication(created, tenant) });
      }),
    );

    app.get<KeyParams & KeyQuery>('/v1.0/applications/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        const actor = await ctx.actor(req);
        const found = await getApplication(ctx.service, actor, objectKey(req.params.key));
        const body = toGraphApplication(found, await ctx.service.read.findTenant(actor.tenantId));
        const selected = selection(typeof req.query.$select === 'string' ? req.query.$select : undefined, body, 'application');
        // keyCredentials[].key (the public certificate, base64 DER) only when a single GET selects
        // keyCredentials [D: Graph keyCredential resource]; `entrada app list-certs` reads it.
        if (selected?.includes('keyCredentials')) body.keyCredentials = found.keyCredentials.map((k, i) => ({ ...(body.keyCredentials as object[])[i], key: k.key }));
        const context = `https://graph.microsoft.com/v1.0/$metadata#applications${selected ? `(${selected.join(',')})` : ''}/$entity`;
        return sendGraph(req, reply, 200, { '@odata.context': context, ...project(body, selected) });
      }),
    );

    app.patch<KeyParams>('/v1.0/applications/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateApplication(ctx.service, await ctx.actor(req), objectKey(req.params.key), jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<KeyParams>('/v1.0/applications/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteApplication(ctx.service, await ctx.actor(req), objectKey(req.params.key));
        return sendGraph(req, reply, 204);
      }),
    );

    app.post<KeyParams>('/v1.0/applications/:key/addPassword', (req, reply) =>
      handleGraph(req, reply, async () => {
        const cred = await addPassword(ctx.service, await ctx.actor(req), objectKey(req.params.key), jsonBody(req));
        return sendGraph(req, reply, 200, {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.passwordCredential',
          customKeyIdentifier: null,
          displayName: cred.displayName,
          endDateTime: graphInstant(cred.endDateTime),
          hint: cred.hint,
          keyId: cred.keyId,
          secretText: cred.secretText,
          startDateTime: graphInstant(cred.startDateTime),
        });
      }),
    );

    app.post<KeyParams>('/v1.0/applications/:key/removePassword', (req, reply) =>
      handleGraph(req, reply, async () => {
        await removePassword(ctx.service, await ctx.actor(req), objectKey(req.params.key), jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    const ficContext = (key: string) => `https://graph.microsoft.com/v1.0/$metadata#applications('${key}')/federatedIdentityCredentials`;
    app.get<KeyParams & KeyQuery>('/v1.0/applications/:key/federatedIdentityCredentials', (req, reply) =>
      handleGraph(req, reply, async () => {
        const fics = await listFederatedCredentials(ctx.service, await ctx.actor(req), objectKey(req.params.key));
        return sendGraph(req, reply, 200, listBody(req, fics.map((f) => ({ ...f })), { context: `applications('${req.params.key}')/federatedIdentityCredentials`, resource: 'federatedIdentityCredential', filterable: ['name', 'issuer', 'subject', 'id'] }));
      }),
    );
    app.post<KeyParams>('/v1.0/applications/:key/federatedIdentityCredentials', (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await writeFederatedCredential(ctx.service, await ctx.actor(req), objectKey(req.params.key), undefined, jsonBody(req) ?? {});
        return sendGraph(req, reply, 201, { '@odata.context': `${ficContext(req.params.key)}/$entity`, ...created });
      }),
    );
    app.get<KeyParams & { Params: { fic: string } }>('/v1.0/applications/:key/federatedIdentityCredentials/:fic', (req, reply) =>
      handleGraph(req, reply, async () => {
        const fic = await getFederatedCredential(ctx.service, await ctx.actor(req), objectKey(req.params.key), req.params.fic);
        return sendGraph(req, reply, 200, { '@odata.context': `${ficContext(req.params.key)}/$entity`, ...fic });
      }),
    );
    app.patch<KeyParams & { Params: { fic: string } }>('/v1.0/applications/:key/federatedIdentityCredentials/:fic', (req, reply) =>
      handleGraph(req, reply, async () => {
        await writeFederatedCredential(ctx.service, await ctx.actor(req), objectKey(req.params.key), req.params.fic, jsonBody(req) ?? {});
        return sendGraph(req, reply, 204);
      }),
    );
    app.delete<KeyParams & { Params: { fic: string } }>('/v1.0/applications/:key/federatedIdentityCredentials/:fic', (req, reply) =>
      handleGraph(req, reply, async () => {
        await writeFederatedCredential(ctx.service, await ctx.actor(req), objectKey(req.params.key), req.params.fic, null);
        return sendGraph(req, reply, 204);
      }),
    );
  };
}
