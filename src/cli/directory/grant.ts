// `entrada grant create | list | show | update | delete`: delegated permission grants
// (oauth2PermissionGrants), naming client and resource by appId or identifier URI.

import { GraphCallError } from '../graph-client.js';
import { emit, filterQuery, has, list, lit, NotFound, objectPath, patchAndGet, str, table, value, type CommandSpec, type Json, type RunContext } from './kit.js';
import { resolveSp, resolveUser } from './resolve.js';

/** The service principal of a client or resource given by appId or identifier URI. */
async function spOf(ctx: RunContext, ref: string, role: 'client' | 'resource'): Promise<Json> {
  try {
    return await resolveSp(ctx, ref);
  } catch (err) {
    if (err instanceof NotFound || (err instanceof GraphCallError && err.status === 404)) {
      throw new NotFound(`No service principal for the ${role} '${ref}' in this tenant${role === 'client' ? ` (create it: entrada sp create --id ${ref})` : ''}.`);
    }
    throw err;
  }
}

/** `--scope "A B" C`: the scopes, one space between each. */
const scopeOf = (ctx: RunContext) => list(ctx, 'scope')!.join(' ').split(/\s+/).filter(Boolean).join(' ');

async function grantRows(ctx: RunContext, grants: Json[]): Promise<string[][]> {
  const sps = new Map((await ctx.session.client.list('/v1.0/servicePrincipals')).map((s) => [str(s.id), s]));
  const upns = new Map<string, string>();
  for (const g of grants) {
    const id = str(g.principalId);
    if (id && !upns.has(id)) upns.set(id, await resolveUser(ctx, id).then((u) => str(u.userPrincipalName), () => id));
  }
  const name = (id: unknown) => str(sps.get(str(id))?.displayName) || str(id);
  return grants.map((g) => [str(g.id), name(g.clientId), name(g.resourceId), g.consentType === 'Principal' ? (upns.get(str(g.principalId)) ?? '') : 'all users', str(g.scope)]);
}

const GRANT_HEADERS = ['ID', 'CLIENT', 'RESOURCE', 'FOR', 'SCOPE'];

export const grantCommands: CommandSpec[] = [
  {
    words: ['grant', 'create'],
    args: [],
    flags: { client: 'value', resource: 'value', scope: 'list', principal: 'value' },
    required: ['client', 'resource', 'scope'],
    synopsis: '--client APPID --resource APPID|IDENTIFIER_URI --scope "SCOPE …" [--principal UPN|OBJECT_ID]',
    async run(ctx) {
      const client = await spOf(ctx, value(ctx, 'client')!, 'client');
      const resource = await spOf(ctx, value(ctx, 'resource')!, 'resource');
      const principal = has(ctx, 'principal') ? await resolveUser(ctx, value(ctx, 'principal')!) : undefined;
      const scope = scopeOf(ctx);
      const created =
        (await ctx.session.client.post('/v1.0/oauth2PermissionGrants', {
          clientId: client.id,
          consentType: principal ? 'Principal' : 'AllPrincipals',
          principalId: principal ? principal.id : null,
          resourceId: resource.id,
          scope,
        })) ?? {};
      emit(ctx, created, () =>
        `Granted '${scope}' of '${str(resource.displayName)}' to '${str(client.displayName)}' for ${principal ? str(principal.userPrincipalName) : 'all users'} (grant id ${str(created.id)}).`,
      );
    },
  },
  {
    words: ['grant', 'list'],
    args: [],
    flags: { client: 'value' },
    synopsis: '[--client APPID]',
    async run(ctx) {
      const client = has(ctx, 'client') ? await spOf(ctx, value(ctx, 'client')!, 'client') : undefined;
      const grants = await ctx.session.client.list(`/v1.0/oauth2PermissionGrants${client ? `?${filterQuery(`clientId eq ${lit(String(client.id))}`)}` : ''}`);
      const rows = ctx.json ? [] : await grantRows(ctx, grants);
      emit(ctx, grants, () => table(GRANT_HEADERS, rows, 'No delegated permission grants.'));
    },
  },
  {
    words: ['grant', 'show'],
    args: ['ID'],
    flags: {},
    synopsis: 'GRANT_ID',
    show: true,
    async run(ctx) {
      const grant = await ctx.session.client.get(objectPath('oauth2PermissionGrants', ctx.args[0]));
      const rows = ctx.json ? [] : await grantRows(ctx, [grant]);
      emit(ctx, grant, () => table(GRANT_HEADERS, rows, ''));
    },
  },
  {
    words: ['grant', 'update'],
    args: ['ID'],
    flags: { scope: 'list' },
    required: ['scope'],
    synopsis: 'GRANT_ID --scope "SCOPE …"',
    async run(ctx) {
      const updated = await patchAndGet(ctx, objectPath('oauth2PermissionGrants', ctx.args[0]), { scope: scopeOf(ctx) });
      emit(ctx, updated, () => `Updated grant ${ctx.args[0]}: scope '${str(updated.scope)}'.`);
    },
  },
  {
    words: ['grant', 'delete'],
    args: ['ID'],
    flags: {},
    synopsis: 'GRANT_ID',
    async run(ctx) {
      await ctx.session.client.delete(objectPath('oAuth2PermissionGrants', ctx.args[0]));
      emit(ctx, { id: ctx.args[0], deleted: true }, () => `Deleted grant ${ctx.args[0]}.`);
    },
  },
];
