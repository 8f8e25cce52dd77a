// `entrada user create | list | show | update | delete`: users, with the bodies az sends.

import { CliError } from '../directory-session.js';
import { bool, deleteCommand, details, displayNameStartsWith, emit, has, listCommand, lit, objectPath, patchAndGet, showCommand, str, value, type CommandSpec, type Json, type RunContext } from './kit.js';
import { resolveUser } from './resolve.js';

const userText = (u: Json) =>
  details(str(u.displayName), [
    ['userPrincipalName', u.userPrincipalName],
    ['object id', u.id],
    ['account enabled', u.accountEnabled],
    ['mail', u.mail],
    ['mailNickname', u.mailNickname],
  ]);

/** `--password P [--force-change-password-next-sign-in]` as Graph's passwordProfile. */
const passwordProfile = (ctx: RunContext) => ({ password: value(ctx, 'password'), forceChangePasswordNextSignIn: bool(ctx, 'force-change-password-next-sign-in') ?? false });

export const userCommands: CommandSpec[] = [
  {
    words: ['user', 'create'],
    args: [],
    flags: { upn: 'value', 'user-principal-name': 'value', 'display-name': 'value', password: 'value', 'mail-nickname': 'value', 'force-change-password-next-sign-in': 'switch' },
    required: ['display-name', 'password'],
    synopsis: '--upn USER@DOMAIN --display-name NAME --password PASSWORD [--mail-nickname M] [--force-change-password-next-sign-in]',
    async run(ctx) {
      const upn = value(ctx, 'upn') ?? value(ctx, 'user-principal-name');
      if (upn === undefined) throw new CliError(2, 'entrada user create: --upn is required.');
      // The body az sends (graph-and-clients.md §A.6).
      const created =
        (await ctx.session.client.post('/v1.0/users', {
          userPrincipalName: upn,
          displayName: value(ctx, 'display-name'),
          passwordProfile: passwordProfile(ctx),
          mailNickname: value(ctx, 'mail-nickname') ?? upn.split('@')[0],
          accountEnabled: true,
        })) ?? {};
      emit(ctx, created, () => `Created user '${str(created.displayName)}' ${str(created.userPrincipalName)} (object id ${str(created.id)}).`);
    },
  },
  listCommand({
    words: ['user', 'list'],
    synopsis: '[--display-name PREFIX] [--upn UPN] [--filter ODATA]',
    path: '/v1.0/users',
    filters: { 'display-name': displayNameStartsWith, upn: (upn) => `userPrincipalName eq ${lit(upn)}` },
    headers: ['USER PRINCIPAL NAME', 'DISPLAY NAME', 'ENABLED', 'OBJECT ID'],
    row: (u) => [str(u.userPrincipalName), str(u.displayName), str(u.accountEnabled), str(u.id)],
    empty: 'No users.',
  }),
  showCommand({ words: ['user', 'show'], synopsis: 'OBJECT_ID|UPN', resolve: resolveUser, text: userText }),
  {
    words: ['user', 'update'],
    args: ['ID'],
    flags: { 'display-name': 'value', 'account-enabled': 'boolean', password: 'value', 'force-change-password-next-sign-in': 'switch' },
    synopsis: 'OBJECT_ID|UPN [--display-name NAME] [--account-enabled true|false] [--password PASSWORD [--force-change-password-next-sign-in]]',
    async run(ctx) {
      const body: Json = {};
      if (has(ctx, 'display-name')) body.displayName = value(ctx, 'display-name');
      if (has(ctx, 'account-enabled')) body.accountEnabled = bool(ctx, 'account-enabled');
      if (has(ctx, 'password')) {
        body.passwordProfile = passwordProfile(ctx);
      } else if (has(ctx, 'force-change-password-next-sign-in')) {
        throw new CliError(2, '--force-change-password-next-sign-in goes with --password.');
      }
      if (Object.keys(body).length === 0) throw new CliError(2, 'Nothing to update: give --display-name, --account-enabled or --password.');
      const user = await resolveUser(ctx, ctx.args[0]);
      const updated = await patchAndGet(ctx, objectPath('users', user.id), body);
      emit(ctx, updated, () => `Updated user ${str(updated.userPrincipalName)}: ${Object.keys(body).join(', ')}.`);
    },
  },
  deleteCommand({
    words: ['user', 'delete'],
    synopsis: 'OBJECT_ID|UPN',
    resolve: resolveUser,
    collection: 'users',
    result: (user) => ({ id: user.id, userPrincipalName: user.userPrincipalName }),
    text: (user) => `Deleted user ${str(user.userPrincipalName)}.`,
  }),
];
