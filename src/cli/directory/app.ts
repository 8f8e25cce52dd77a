// `entrada app create | list | show | update | delete`: applications, with the bodies az sends.
// The credential and certificate commands are in app-credentials.ts.

import { CliError } from '../directory-session.js';
import { credentialsOf } from './app-credentials.js';
import { bool, day, deleteCommand, details, displayNameStartsWith, emit, has, list, listCommand, lit, objectPath, patchAndGet, showCommand, str, value, type CommandSpec, type FlagKind, type Json, type RunContext } from './kit.js';
import { resolveApp } from './resolve.js';

const APP_FLAGS: Record<string, FlagKind> = {
  'display-name': 'value',
  'web-redirect-uris': 'list',
  'spa-redirect-uris': 'list',
  'public-client-redirect-uris': 'list',
  'is-fallback-public-client': 'boolean',
  'sign-in-audience': 'value',
  'identifier-uris': 'list',
};
const APP_SYNOPSIS =
  '[--web-redirect-uris URI…] [--spa-redirect-uris URI…] [--public-client-redirect-uris URI…] [--is-fallback-public-client true|false] [--sign-in-audience X] [--identifier-uris URI…]';

/** The application body az sends for these flags (unused flags omitted). */
function appBody(ctx: RunContext): Json {
  const body: Json = {};
  if (has(ctx, 'display-name')) body.displayName = value(ctx, 'display-name');
  if (has(ctx, 'identifier-uris')) body.identifierUris = list(ctx, 'identifier-uris');
  if (has(ctx, 'is-fallback-public-client')) body.isFallbackPublicClient = bool(ctx, 'is-fallback-public-client');
  if (has(ctx, 'sign-in-audience')) body.signInAudience = value(ctx, 'sign-in-audience');
  if (has(ctx, 'web-redirect-uris')) body.web = { redirectUris: list(ctx, 'web-redirect-uris') };
  if (has(ctx, 'spa-redirect-uris')) body.spa = { redirectUris: list(ctx, 'spa-redirect-uris') };
  if (has(ctx, 'public-client-redirect-uris')) body.publicClient = { redirectUris: list(ctx, 'public-client-redirect-uris') };
  return body;
}

/** `--set key=value …`: top-level properties, values read as JSON when they are JSON (az's generic update). */
function setBody(pairs: string[]): Json {
  const body: Json = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(2, `--set takes key=value; got '${pair}'.`);
    const key = pair.slice(0, eq);
    if (!/^[A-Za-z@][\w@.]*$/.test(key) || key.includes('.')) {
      throw new CliError(2, `--set names a top-level property ('${key}' is not one); for a nested one give the whole object, e.g. --set 'web={"logoutUrl":"https://…"}'.`);
    }
    const raw = pair.slice(eq + 1);
    try {
      body[key] = JSON.parse(raw);
    } catch {
      body[key] = raw;
    }
  }
  return body;
}

const uris = (o: unknown) => ((o as { redirectUris?: unknown } | null)?.redirectUris as string[] | undefined) ?? [];

function appText(app: Json): string {
  const { secrets, certs } = credentialsOf(app);
  return details(`${str(app.displayName)}`, [
    ['appId (client id)', app.appId],
    ['object id', app.id],
    ['sign-in audience', app.signInAudience],
    ['identifier URIs', (app.identifierUris as string[]) ?? []],
    ['web redirect URIs', uris(app.web)],
    ['SPA redirect URIs', uris(app.spa)],
    ['public client URIs', uris(app.publicClient)],
    ['fallback public client', app.isFallbackPublicClient ?? false],
    ['client secrets', secrets.map((p) => `${p.keyId}  ${str(p.displayName) || '(no description)'}  hint ${str(p.hint)}…  expires ${day(p.endDateTime)}`)],
    ['certificates', certs.map((k) => `${k.keyId}  ${str(k.displayName)}  SHA-1 ${str(k.customKeyIdentifier)}  expires ${day(k.endDateTime)}`)],
  ]);
}

export const appCommands: CommandSpec[] = [
  {
    words: ['app', 'create'],
    args: [],
    flags: APP_FLAGS,
    required: ['display-name'],
    synopsis: `--display-name NAME ${APP_SYNOPSIS}`,
    async run(ctx) {
      // az always sends keyCredentials: [] (graph-and-clients.md §A.6).
      const created = (await ctx.session.client.post('/v1.0/applications', { ...appBody(ctx), keyCredentials: [] })) ?? {};
      emit(ctx, created, () =>
        [
          `Created application '${str(created.displayName)}'`,
          `  appId (client id)  ${str(created.appId)}`,
          `  object id          ${str(created.id)}`,
          `Next: \`entrada sp create --id ${str(created.appId)}\` (its service principal, to sign in), \`entrada app credential add ${str(created.appId)}\` (a client secret).`,
        ].join('\n'),
      );
    },
  },
  listCommand({
    words: ['app', 'list'],
    synopsis: '[--display-name PREFIX] [--app-id ID] [--identifier-uri URI] [--filter ODATA]',
    path: '/v1.0/applications',
    filters: {
      'display-name': displayNameStartsWith,
      'app-id': (appId) => `appId eq ${lit(appId)}`,
      'identifier-uri': (uri) => `identifierUris/any(s:s eq ${lit(uri)})`,
    },
    headers: ['APP ID', 'DISPLAY NAME', 'SIGN-IN AUDIENCE', 'OBJECT ID'],
    row: (a) => [str(a.appId), str(a.displayName), str(a.signInAudience), str(a.id)],
    empty: 'No applications.',
  }),
  showCommand({ words: ['app', 'show'], synopsis: 'APPID|OBJECT_ID|IDENTIFIER_URI', resolve: resolveApp, text: appText }),
  {
    words: ['app', 'update'],
    args: ['ID'],
    flags: { ...APP_FLAGS, set: 'list' },
    synopsis: `APPID|OBJECT_ID|IDENTIFIER_URI [--display-name NAME] ${APP_SYNOPSIS} [--set KEY=JSON…]`,
    async run(ctx) {
      const body = { ...appBody(ctx), ...setBody(list(ctx, 'set') ?? []) };
      if (Object.keys(body).length === 0) throw new CliError(2, 'Nothing to update: give at least one property flag or --set key=value.');
      const app = await resolveApp(ctx, ctx.args[0]);
      const updated = await patchAndGet(ctx, objectPath('applications', app.id), body);
      emit(ctx, updated, () => `Updated application '${str(updated.displayName)}' (${str(updated.appId)}): ${Object.keys(body).join(', ')}.`);
    },
  },
  deleteCommand({
    words: ['app', 'delete'],
    synopsis: 'APPID|OBJECT_ID|IDENTIFIER_URI',
    resolve: resolveApp,
    collection: 'applications',
    result: (app) => ({ id: app.id, appId: app.appId }),
    text: (app) => `Deleted application '${str(app.displayName)}' (${str(app.appId)}).`,
  }),
];
