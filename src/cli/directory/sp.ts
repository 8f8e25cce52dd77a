// `entrada sp create | list | show | update | delete`: service principals.

import { CliError } from '../directory-session.js';
import { bool, deleteCommand, details, displayNameStartsWith, emit, has, listCommand, objectPath, patchAndGet, showCommand, str, type CommandSpec, type Json } from './kit.js';
import { resolveSp } from './resolve.js';

const spText = (sp: Json) =>
  details(str(sp.displayName), [
    ['appId', sp.appId],
    ['object id', sp.id],
    ['type', sp.servicePrincipalType],
    ['account enabled', sp.accountEnabled],
    ['assignment required', sp.appRoleAssignmentRequired],
    ['names', (sp.servicePrincipalNames as string[]) ?? []],
  ]);

export const spCommands: CommandSpec[] = [
  {
    words: ['sp', 'create'],
    args: ['APPID'],
    flags: {},
    synopsis: '--id APPID',
    async run(ctx) {
      const created = (await ctx.session.client.post('/v1.0/servicePrincipals', { appId: ctx.args[0], accountEnabled: true })) ?? {};
      emit(ctx, created, () => `Created service principal '${str(created.displayName)}' (object id ${str(created.id)}) for appId ${str(created.appId)}.`);
    },
  },
  listCommand({
    words: ['sp', 'list'],
    synopsis: '[--display-name PREFIX] [--filter ODATA]',
    path: '/v1.0/servicePrincipals',
    filters: { 'display-name': displayNameStartsWith },
    headers: ['APP ID', 'DISPLAY NAME', 'TYPE', 'ENABLED', 'OBJECT ID'],
    row: (s) => [str(s.appId), str(s.displayName), str(s.servicePrincipalType), str(s.accountEnabled), str(s.id)],
    empty: 'No service principals.',
  }),
  showCommand({ words: ['sp', 'show'], synopsis: 'APPID|IDENTIFIER_URI|OBJECT_ID', resolve: resolveSp, text: spText }),
  {
    words: ['sp', 'update'],
    args: ['ID'],
    flags: { 'account-enabled': 'boolean', 'app-role-assignment-required': 'boolean' },
    synopsis: 'APPID|IDENTIFIER_URI|OBJECT_ID [--account-enabled true|false] [--app-role-assignment-required true|false]',
    async run(ctx) {
      const body: Json = {};
      if (has(ctx, 'account-enabled')) body.accountEnabled = bool(ctx, 'account-enabled');
      if (has(ctx, 'app-role-assignment-required')) body.appRoleAssignmentRequired = bool(ctx, 'app-role-assignment-required');
      if (Object.keys(body).length === 0) throw new CliError(2, 'Nothing to update: give --account-enabled and/or --app-role-assignment-required.');
      const sp = await resolveSp(ctx, ctx.args[0]);
      const updated = await patchAndGet(ctx, objectPath('servicePrincipals', sp.id), body);
      emit(ctx, updated, () => `Updated service principal '${str(updated.displayName)}' (${str(updated.appId)}): ${Object.keys(body).join(', ')}.`);
    },
  },
  deleteCommand({
    words: ['sp', 'delete'],
    synopsis: 'APPID|IDENTIFIER_URI|OBJECT_ID',
    resolve: resolveSp,
    collection: 'servicePrincipals',
    result: (sp) => ({ id: sp.id, appId: sp.appId }),
    text: (sp) => `Deleted service principal '${str(sp.displayName)}' (${str(sp.appId)}).`,
  }),
];
