// `entrada group create | list | show | delete` and `entrada group member add | remove | list`:
// security groups and their members.

import { deleteCommand, details, displayNameStartsWith, emit, has, listCommand, objectPath, seg, showCommand, str, table, value, type CommandSpec, type Json, type RunContext } from './kit.js';
import { resolveGroup, resolveMemberId } from './resolve.js';

/** A directory object's type from its @odata.type: `#microsoft.graph.user` → user. */
const objectType = (o: Json) => str(o['@odata.type']).replace(/^#microsoft\.graph\./, '') || 'directoryObject';

const groupText = (group: Json) =>
  details(str(group.displayName), [
    ['object id', group.id],
    ['mailNickname', group.mailNickname],
    ['description', group.description],
    ['security enabled', group.securityEnabled],
  ]);

/** `group member add|remove GROUP MEMBER`. */
const MEMBER_ARGS = { args: ['GROUP', 'MEMBER'], flags: {}, synopsis: 'GROUP MEMBER_OBJECT_ID|UPN' };

async function groupAndMember(ctx: RunContext): Promise<{ group: Json; member: string }> {
  const group = await resolveGroup(ctx, ctx.args[0]);
  return { group, member: await resolveMemberId(ctx, ctx.args[1]) };
}

export const groupCommands: CommandSpec[] = [
  {
    words: ['group', 'create'],
    args: [],
    flags: { 'display-name': 'value', 'mail-nickname': 'value', description: 'value' },
    required: ['display-name', 'mail-nickname'],
    synopsis: '--display-name NAME --mail-nickname NICKNAME [--description TEXT]',
    async run(ctx) {
      const body: Json = { displayName: value(ctx, 'display-name'), mailNickname: value(ctx, 'mail-nickname'), mailEnabled: false, securityEnabled: true };
      if (has(ctx, 'description')) body.description = value(ctx, 'description');
      const created = (await ctx.session.client.post('/v1.0/groups', body)) ?? {};
      emit(ctx, created, () => `Created group '${str(created.displayName)}' (object id ${str(created.id)}).`);
    },
  },
  listCommand({
    words: ['group', 'list'],
    synopsis: '[--display-name PREFIX] [--filter ODATA]',
    path: '/v1.0/groups',
    filters: { 'display-name': displayNameStartsWith },
    headers: ['DISPLAY NAME', 'MAIL NICKNAME', 'OBJECT ID'],
    row: (g) => [str(g.displayName), str(g.mailNickname), str(g.id)],
    empty: 'No groups.',
  }),
  showCommand({ words: ['group', 'show'], synopsis: 'OBJECT_ID|DISPLAY_NAME', resolve: resolveGroup, text: groupText }),
  deleteCommand({
    words: ['group', 'delete'],
    synopsis: 'OBJECT_ID|DISPLAY_NAME',
    resolve: resolveGroup,
    collection: 'groups',
    result: (group) => ({ id: group.id }),
    text: (group) => `Deleted group '${str(group.displayName)}'.`,
  }),
  {
    words: ['group', 'member', 'add'],
    ...MEMBER_ARGS,
    async run(ctx) {
      const { group, member } = await groupAndMember(ctx);
      // az's body (graph-and-clients.md §A.6).
      await ctx.session.client.post(`${objectPath('groups', group.id)}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${member}` });
      emit(ctx, { groupId: group.id, memberId: member, added: true }, () => `Added ${ctx.args[1]} to group '${str(group.displayName)}'.`);
    },
  },
  {
    words: ['group', 'member', 'remove'],
    ...MEMBER_ARGS,
    async run(ctx) {
      const { group, member } = await groupAndMember(ctx);
      await ctx.session.client.delete(`${objectPath('groups', group.id)}/members/${seg(member)}/$ref`);
      emit(ctx, { groupId: group.id, memberId: member, removed: true }, () => `Removed ${ctx.args[1]} from group '${str(group.displayName)}'.`);
    },
  },
  {
    words: ['group', 'member', 'list'],
    args: ['GROUP'],
    flags: {},
    synopsis: 'GROUP',
    show: true,
    async run(ctx) {
      const group = await resolveGroup(ctx, ctx.args[0]);
      const members = await ctx.session.client.list(`${objectPath('groups', group.id)}/members`);
      emit(ctx, members, () =>
        table(
          ['TYPE', 'DISPLAY NAME', 'UPN / APP ID', 'OBJECT ID'],
          members.map((m) => [objectType(m), str(m.displayName), str(m.userPrincipalName ?? m.appId), str(m.id)]),
          `Group '${str(group.displayName)}' has no members.`,
        ),
      );
    },
  },
];
