// `entrada app|sp|user|group|grant …`: the directory from the command line, in the spirit of
// `az ad …` (graph-and-clients.md §A.6), acting on the RUNNING server through its Microsoft Graph
// API (/v1.0) so every change applies at once and lands in the directory audit log. One code path:
// nothing here writes the database (directory-session.ts only reads the signing key from it).
//
// Ids are resolved as az resolves them: an application by appId, object id or identifier URI; a
// service principal by appId / servicePrincipalName or object id; a user by object id or UPN; a
// group by object id or display name. `--json` prints Graph's JSON (lists: the items); otherwise
// a short readable form. Errors print `ERROR: <Graph's error.message>` and exit 1 (3 when what a
// command names does not exist, as az's ResourceNotFoundError); bad arguments print the usage and
// exit 2.

import { readFileSync } from 'node:fs';
import { isGuid } from '../core/guid.js';
import { addCertificate, listCertificates, removeCertificate, type CertCommandResult, type CertContext } from './app-certs.js';
import { CliError, openSession, type CliIo, type Session } from './directory-session.js';
import { graphCertDirectory } from './graph-cert-directory.js';
import { GraphCallError, ServerProblem } from './graph-client.js';

type Json = Record<string, unknown>;

/** `switch`: present or not (`--json`); `boolean`: takes true|false; `value`: one value; `list`: one or more. */
type FlagKind = 'switch' | 'boolean' | 'value' | 'list';
type FlagValue = string | string[] | boolean;

interface RunContext {
  session: Session;
  /** Positional arguments, in the order of the spec's `args`. */
  args: string[];
  flags: Record<string, FlagValue>;
  io: CliIo;
  json: boolean;
}

interface CommandSpec {
  /** The command words after `entrada`, e.g. ['app', 'credential', 'add']. */
  words: string[];
  /** Positional argument names; a trailing `?` marks an optional one. `--id` may stand for the first. */
  args: string[];
  flags: Record<string, FlagKind>;
  required?: string[];
  /** The usage line after the words. */
  synopsis: string;
  /** A Graph 404 exits 3 (az's `show` commands), not 1. */
  show?: boolean;
  run(ctx: RunContext): Promise<void>;
}

/** Flags every directory command takes. */
const GLOBAL_FLAGS: Record<string, FlagKind> = { home: 'value', database: 'value', url: 'value', tenant: 'value', json: 'switch', help: 'switch' };

export const DIRECTORY_COMMANDS: ReadonlySet<string> = new Set(['app', 'sp', 'user', 'group', 'grant']);

const GLOBAL_SYNOPSIS = '[--url https://HOST:PORT] [--tenant ID|DOMAIN] [--home DIR | --database URL] [--json]';

// ───────────────────────── Graph helpers ─────────────────────────

/** An OData string literal: quotes doubled. */
const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;
/** A `$filter` query, percent-encoded as az does (`quote(…, safe='')`, `$` literal). */
const filterQuery = (filter: string) => `$filter=${encodeURIComponent(filter)}`;
const seg = (value: string) => encodeURIComponent(value);

class NotFound extends CliError {
  constructor(message: string) {
    super(3, message);
  }
}

async function resolveApp(ctx: RunContext, ref: string): Promise<Json> {
  const { client } = ctx.session;
  if (isGuid(ref)) {
    const [hit] = await client.list(`/v1.0/applications?${filterQuery(`appId eq ${lit(ref)}`)}`);
    if (hit) return client.get(`/v1.0/applications/${seg(String(hit.id))}`);
    return client.get(`/v1.0/applications/${seg(ref)}`);
  }
  const hits = await client.list(`/v1.0/applications?${filterQuery(`identifierUris/any(s:s eq ${lit(ref)})`)}`);
  if (hits.length === 0) throw new NotFound(`Application with identifier URI '${ref}' doesn't exist`);
  return client.get(`/v1.0/applications/${seg(String(hits[0].id))}`);
}

async function resolveSp(ctx: RunContext, ref: string): Promise<Json> {
  const { client } = ctx.session;
  // az: servicePrincipalNames (the appId and the app's identifier URIs), else an object id.
  const hits = await client.list(`/v1.0/servicePrincipals?${filterQuery(`servicePrincipalNames/any(c:c eq ${lit(ref)})`)}`);
  if (hits.length > 0) return hits[0];
  if (isGuid(ref)) return client.get(`/v1.0/servicePrincipals/${seg(ref)}`);
  throw new NotFound(`Service principal '${ref}' doesn't exist`);
}

function resolveUser(ctx: RunContext, ref: string): Promise<Json> {
  return ctx.session.client.get(`/v1.0/users/${seg(ref)}`);
}

async function resolveGroup(ctx: RunContext, ref: string): Promise<Json> {
  const { client } = ctx.session;
  if (isGuid(ref)) return client.get(`/v1.0/groups/${seg(ref)}`);
  const hits = await client.list(`/v1.0/groups?${filterQuery(`displayName eq ${lit(ref)}`)}`);
  if (hits.length === 0) throw new NotFound(`Group '${ref}' doesn't exist`);
  if (hits.length > 1) throw new CliError(1, `More than one group is named '${ref}' (${hits.map((g) => g.id).join(', ')}); give the object id.`);
  return hits[0];
}

/** A member: an object id as is; a UPN (it has an @) is the user's id. */
async function resolveMemberId(ctx: RunContext, ref: string): Promise<string> {
  if (isGuid(ref)) return ref.toLowerCase();
  if (ref.includes('@')) return String((await resolveUser(ctx, ref)).id);
  throw new CliError(2, `'${ref}' is neither an object id (GUID) nor a user principal name.`);
}

// ───────────────────────── output ─────────────────────────

function emit(ctx: RunContext, json: unknown, text: () => string): void {
  ctx.io.out(ctx.json ? JSON.stringify(json, null, 2) : text());
}

function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return empty;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `label  value` lines; a list prints one value a line, an empty one `(none)`. */
function details(title: string, pairs: Array<[string, unknown]>): string {
  const width = Math.max(...pairs.map(([l]) => l.length));
  const lines = [title];
  for (const [label, value] of pairs) {
    const values = Array.isArray(value) ? value.map(String) : [value === null || value === undefined ? '' : String(value)];
    if (values.length === 0) values.push('(none)');
    for (const [i, v] of values.entries()) lines.push(`  ${(i === 0 ? label : '').padEnd(width)}  ${v}`.trimEnd());
  }
  return lines.join('\n');
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const uris = (o: unknown) => ((o as { redirectUris?: unknown } | null)?.redirectUris as string[] | undefined) ?? [];
const day = (v: unknown) => str(v).slice(0, 10);

function appText(app: Json): string {
  const secrets = ((app.passwordCredentials as Json[]) ?? []).map((p) => `${p.keyId}  ${str(p.displayName) || '(no description)'}  hint ${str(p.hint)}…  expires ${day(p.endDateTime)}`);
  const certs = ((app.keyCredentials as Json[]) ?? []).map((k) => `${k.keyId}  ${str(k.displayName)}  SHA-1 ${str(k.customKeyIdentifier)}  expires ${day(k.endDateTime)}`);
  return details(`${str(app.displayName)}`, [
    ['appId (client id)', app.appId],
    ['object id', app.id],
    ['sign-in audience', app.signInAudience],
    ['identifier URIs', (app.identifierUris as string[]) ?? []],
    ['web redirect URIs', uris(app.web)],
    ['SPA redirect URIs', uris(app.spa)],
    ['public client URIs', uris(app.publicClient)],
    ['fallback public client', app.isFallbackPublicClient ?? false],
    ['client secrets', secrets],
    ['certificates', certs],
  ]);
}

// ───────────────────────── request bodies ─────────────────────────

function has(ctx: RunContext, name: string): boolean {
  return ctx.flags[name] !== undefined;
}
function value(ctx: RunContext, name: string): string | undefined {
  const v = ctx.flags[name];
  return typeof v === 'string' ? v : undefined;
}
function list(ctx: RunContext, name: string): string[] | undefined {
  const v = ctx.flags[name];
  return Array.isArray(v) ? v : undefined;
}
function bool(ctx: RunContext, name: string): boolean | undefined {
  const v = ctx.flags[name];
  return typeof v === 'boolean' ? v : undefined;
}

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

// ───────────────────────── app ─────────────────────────

const appCommands: CommandSpec[] = [
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
  {
    words: ['app', 'list'],
    args: [],
    flags: { 'display-name': 'value', 'app-id': 'value', 'identifier-uri': 'value', filter: 'value' },
    synopsis: '[--display-name PREFIX] [--app-id ID] [--identifier-uri URI] [--filter ODATA]',
    async run(ctx) {
      const clauses: string[] = [];
      if (has(ctx, 'display-name')) clauses.push(`startswith(displayName,${lit(value(ctx, 'display-name')!)})`);
      if (has(ctx, 'app-id')) clauses.push(`appId eq ${lit(value(ctx, 'app-id')!)}`);
      if (has(ctx, 'identifier-uri')) clauses.push(`identifierUris/any(s:s eq ${lit(value(ctx, 'identifier-uri')!)})`);
      if (has(ctx, 'filter')) clauses.push(value(ctx, 'filter')!);
      const apps = await ctx.session.client.list(`/v1.0/applications${clauses.length ? `?${filterQuery(clauses.join(' and '))}` : ''}`);
      emit(ctx, apps, () =>
        table(
          ['APP ID', 'DISPLAY NAME', 'SIGN-IN AUDIENCE', 'OBJECT ID'],
          apps.map((a) => [str(a.appId), str(a.displayName), str(a.signInAudience), str(a.id)]),
          'No applications.',
        ),
      );
    },
  },
  {
    words: ['app', 'show'],
    args: ['ID'],
    flags: {},
    synopsis: 'APPID|OBJECT_ID|IDENTIFIER_URI',
    show: true,
    async run(ctx) {
      const app = await resolveApp(ctx, ctx.args[0]);
      emit(ctx, app, () => appText(app));
    },
  },
  {
    words: ['app', 'update'],
    args: ['ID'],
    flags: { ...APP_FLAGS, set: 'list' },
    synopsis: `APPID|OBJECT_ID|IDENTIFIER_URI [--display-name NAME] ${APP_SYNOPSIS} [--set KEY=JSON…]`,
    async run(ctx) {
      const body = { ...appBody(ctx), ...setBody(list(ctx, 'set') ?? []) };
      if (Object.keys(body).length === 0) throw new CliError(2, 'Nothing to update: give at least one property flag or --set key=value.');
      const app = await resolveApp(ctx, ctx.args[0]);
      await ctx.session.client.patch(`/v1.0/applications/${seg(String(app.id))}`, body);
      const updated = await ctx.session.client.get(`/v1.0/applications/${seg(String(app.id))}`);
      emit(ctx, updated, () => `Updated application '${str(updated.displayName)}' (${str(updated.appId)}): ${Object.keys(body).join(', ')}.`);
    },
  },
  {
    words: ['app', 'delete'],
    args: ['ID'],
    flags: {},
    synopsis: 'APPID|OBJECT_ID|IDENTIFIER_URI',
    async run(ctx) {
      const app = await resolveApp(ctx, ctx.args[0]);
      await ctx.session.client.delete(`/v1.0/applications/${seg(String(app.id))}`);
      emit(ctx, { id: app.id, appId: app.appId, deleted: true }, () => `Deleted application '${str(app.displayName)}' (${str(app.appId)}).`);
    },
  },
  {
    words: ['app', 'credential', 'add'],
    args: ['ID'],
    flags: { 'display-name': 'value', years: 'value' },
    synopsis: 'APPID|OBJECT_ID|IDENTIFIER_URI [--display-name TEXT] [--years N]',
    async run(ctx) {
      const passwordCredential: Json = {};
      if (has(ctx, 'display-name')) passwordCredential.displayName = value(ctx, 'display-name');
      if (has(ctx, 'years')) {
        const years = Number(value(ctx, 'years'));
        if (!Number.isInteger(years) || years < 1 || years > 100) throw new CliError(2, `--years takes a whole number of years (1–100); got '${value(ctx, 'years')}'.`);
        const now = ctx.io.now();
        const end = new Date(now);
        end.setUTCFullYear(end.getUTCFullYear() + years);
        passwordCredential.startDateTime = now.toISOString();
        passwordCredential.endDateTime = end.toISOString();
      }
      const app = await resolveApp(ctx, ctx.args[0]);
      const cred = (await ctx.session.client.post(`/v1.0/applications/${seg(String(app.id))}/addPassword`, { passwordCredential })) ?? {};
      emit(ctx, cred, () =>
        [
          `Added a client secret to '${str(app.displayName)}' (${str(app.appId)}):`,
          `  secret   ${str(cred.secretText)}`,
          `  keyId    ${str(cred.keyId)}`,
          `  expires  ${str(cred.endDateTime)}`,
          `  tenant   ${ctx.session.tenant.id}`,
          'It is shown only this once: store it now.',
        ].join('\n'),
      );
    },
  },
  {
    words: ['app', 'credential', 'remove'],
    args: ['ID', 'KEYID'],
    flags: {},
    synopsis: 'APPID|OBJECT_ID|IDENTIFIER_URI KEYID   (a client secret or a certificate)',
    async run(ctx) {
      const app = await resolveApp(ctx, ctx.args[0]);
      const keyId = ctx.args[1].toLowerCase();
      const secrets = (app.passwordCredentials as Json[]) ?? [];
      const certs = (app.keyCredentials as Json[]) ?? [];
      const path = `/v1.0/applications/${seg(String(app.id))}`;
      if (secrets.some((p) => str(p.keyId).toLowerCase() === keyId)) {
        await ctx.session.client.post(`${path}/removePassword`, { keyId });
      } else if (certs.some((k) => str(k.keyId).toLowerCase() === keyId)) {
        await ctx.session.client.patch(path, { keyCredentials: certs.filter((k) => str(k.keyId).toLowerCase() !== keyId) });
      } else {
        const known = [...secrets, ...certs].map((c) => str(c.keyId));
        throw new NotFound(`'${str(app.displayName)}' (${str(app.appId)}) has no credential with keyId '${ctx.args[1]}'${known.length ? `; its credentials: ${known.join(', ')}` : ''}.`);
      }
      emit(ctx, { appId: app.appId, keyId, removed: true }, () => `Removed credential ${keyId} from '${str(app.displayName)}' (${str(app.appId)}).`);
    },
  },
  {
    words: ['app', 'credential', 'list'],
    args: ['ID'],
    flags: {},
    synopsis: 'APPID|OBJECT_ID|IDENTIFIER_URI',
    show: true,
    async run(ctx) {
      const app = await resolveApp(ctx, ctx.args[0]);
      const secrets = (app.passwordCredentials as Json[]) ?? [];
      const certs = (app.keyCredentials as Json[]) ?? [];
      emit(ctx, { passwordCredentials: secrets, keyCredentials: certs }, () =>
        table(
          ['KEY ID', 'TYPE', 'DESCRIPTION', 'HINT / SHA-1', 'START', 'END'],
          [
            ...secrets.map((p) => [str(p.keyId), 'secret', str(p.displayName), `${str(p.hint)}…`, day(p.startDateTime), day(p.endDateTime)]),
            ...certs.map((k) => [str(k.keyId), 'certificate', str(k.displayName), str(k.customKeyIdentifier), day(k.startDateTime), day(k.endDateTime)]),
          ],
          `'${str(app.displayName)}' (${str(app.appId)}) has no credentials.`,
        ),
      );
    },
  },
];

// ───────────────────────── sp ─────────────────────────

const spText = (sp: Json) =>
  details(str(sp.displayName), [
    ['appId', sp.appId],
    ['object id', sp.id],
    ['type', sp.servicePrincipalType],
    ['account enabled', sp.accountEnabled],
    ['assignment required', sp.appRoleAssignmentRequired],
    ['names', (sp.servicePrincipalNames as string[]) ?? []],
  ]);

const spCommands: CommandSpec[] = [
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
  {
    words: ['sp', 'list'],
    args: [],
    flags: { 'display-name': 'value', filter: 'value' },
    synopsis: '[--display-name PREFIX] [--filter ODATA]',
    async run(ctx) {
      const clauses: string[] = [];
      if (has(ctx, 'display-name')) clauses.push(`startswith(displayName,${lit(value(ctx, 'display-name')!)})`);
      if (has(ctx, 'filter')) clauses.push(value(ctx, 'filter')!);
      const sps = await ctx.session.client.list(`/v1.0/servicePrincipals${clauses.length ? `?${filterQuery(clauses.join(' and '))}` : ''}`);
      emit(ctx, sps, () =>
        table(
          ['APP ID', 'DISPLAY NAME', 'TYPE', 'ENABLED', 'OBJECT ID'],
          sps.map((s) => [str(s.appId), str(s.displayName), str(s.servicePrincipalType), str(s.accountEnabled), str(s.id)]),
          'No service principals.',
        ),
      );
    },
  },
  {
    words: ['sp', 'show'],
    args: ['ID'],
    flags: {},
    synopsis: 'APPID|IDENTIFIER_URI|OBJECT_ID',
    show: true,
    async run(ctx) {
      const sp = await resolveSp(ctx, ctx.args[0]);
      emit(ctx, sp, () => spText(sp));
    },
  },
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
      await ctx.session.client.patch(`/v1.0/servicePrincipals/${seg(String(sp.id))}`, body);
      const updated = await ctx.session.client.get(`/v1.0/servicePrincipals/${seg(String(sp.id))}`);
      emit(ctx, updated, () => `Updated service principal '${str(updated.displayName)}' (${str(updated.appId)}): ${Object.keys(body).join(', ')}.`);
    },
  },
  {
    words: ['sp', 'delete'],
    args: ['ID'],
    flags: {},
    synopsis: 'APPID|IDENTIFIER_URI|OBJECT_ID',
    async run(ctx) {
      const sp = await resolveSp(ctx, ctx.args[0]);
      await ctx.session.client.delete(`/v1.0/servicePrincipals/${seg(String(sp.id))}`);
      emit(ctx, { id: sp.id, appId: sp.appId, deleted: true }, () => `Deleted service principal '${str(sp.displayName)}' (${str(sp.appId)}).`);
    },
  },
];

// ───────────────────────── user ─────────────────────────

const userText = (u: Json) =>
  details(str(u.displayName), [
    ['userPrincipalName', u.userPrincipalName],
    ['object id', u.id],
    ['account enabled', u.accountEnabled],
    ['mail', u.mail],
    ['mailNickname', u.mailNickname],
  ]);

const userCommands: CommandSpec[] = [
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
          passwordProfile: { password: value(ctx, 'password'), forceChangePasswordNextSignIn: bool(ctx, 'force-change-password-next-sign-in') ?? false },
          mailNickname: value(ctx, 'mail-nickname') ?? upn.split('@')[0],
          accountEnabled: true,
        })) ?? {};
      emit(ctx, created, () => `Created user '${str(created.displayName)}' ${str(created.userPrincipalName)} (object id ${str(created.id)}).`);
    },
  },
  {
    words: ['user', 'list'],
    args: [],
    flags: { 'display-name': 'value', upn: 'value', filter: 'value' },
    synopsis: '[--display-name PREFIX] [--upn UPN] [--filter ODATA]',
    async run(ctx) {
      const clauses: string[] = [];
      if (has(ctx, 'display-name')) clauses.push(`startswith(displayName,${lit(value(ctx, 'display-name')!)})`);
      if (has(ctx, 'upn')) clauses.push(`userPrincipalName eq ${lit(value(ctx, 'upn')!)}`);
      if (has(ctx, 'filter')) clauses.push(value(ctx, 'filter')!);
      const users = await ctx.session.client.list(`/v1.0/users${clauses.length ? `?${filterQuery(clauses.join(' and '))}` : ''}`);
      emit(ctx, users, () =>
        table(
          ['USER PRINCIPAL NAME', 'DISPLAY NAME', 'ENABLED', 'OBJECT ID'],
          users.map((u) => [str(u.userPrincipalName), str(u.displayName), str(u.accountEnabled), str(u.id)]),
          'No users.',
        ),
      );
    },
  },
  {
    words: ['user', 'show'],
    args: ['ID'],
    flags: {},
    synopsis: 'OBJECT_ID|UPN',
    show: true,
    async run(ctx) {
      const user = await resolveUser(ctx, ctx.args[0]);
      emit(ctx, user, () => userText(user));
    },
  },
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
        body.passwordProfile = { password: value(ctx, 'password'), forceChangePasswordNextSignIn: bool(ctx, 'force-change-password-next-sign-in') ?? false };
      } else if (has(ctx, 'force-change-password-next-sign-in')) {
        throw new CliError(2, '--force-change-password-next-sign-in goes with --password.');
      }
      if (Object.keys(body).length === 0) throw new CliError(2, 'Nothing to update: give --display-name, --account-enabled or --password.');
      const user = await resolveUser(ctx, ctx.args[0]);
      await ctx.session.client.patch(`/v1.0/users/${seg(String(user.id))}`, body);
      const updated = await resolveUser(ctx, String(user.id));
      emit(ctx, updated, () => `Updated user ${str(updated.userPrincipalName)}: ${Object.keys(body).join(', ')}.`);
    },
  },
  {
    words: ['user', 'delete'],
    args: ['ID'],
    flags: {},
    synopsis: 'OBJECT_ID|UPN',
    async run(ctx) {
      const user = await resolveUser(ctx, ctx.args[0]);
      await ctx.session.client.delete(`/v1.0/users/${seg(String(user.id))}`);
      emit(ctx, { id: user.id, userPrincipalName: user.userPrincipalName, deleted: true }, () => `Deleted user ${str(user.userPrincipalName)}.`);
    },
  },
];

// ───────────────────────── group ─────────────────────────

/** A directory object's type from its @odata.type: `#microsoft.graph.user` → user. */
const objectType = (o: Json) => str(o['@odata.type']).replace(/^#microsoft\.graph\./, '') || 'directoryObject';

const groupCommands: CommandSpec[] = [
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
  {
    words: ['group', 'list'],
    args: [],
    flags: { 'display-name': 'value', filter: 'value' },
    synopsis: '[--display-name PREFIX] [--filter ODATA]',
    async run(ctx) {
      const clauses: string[] = [];
      if (has(ctx, 'display-name')) clauses.push(`startswith(displayName,${lit(value(ctx, 'display-name')!)})`);
      if (has(ctx, 'filter')) clauses.push(value(ctx, 'filter')!);
      const groups = await ctx.session.client.list(`/v1.0/groups${clauses.length ? `?${filterQuery(clauses.join(' and '))}` : ''}`);
      emit(ctx, groups, () =>
        table(['DISPLAY NAME', 'MAIL NICKNAME', 'OBJECT ID'], groups.map((g) => [str(g.displayName), str(g.mailNickname), str(g.id)]), 'No groups.'),
      );
    },
  },
  {
    words: ['group', 'show'],
    args: ['ID'],
    flags: {},
    synopsis: 'OBJECT_ID|DISPLAY_NAME',
    show: true,
    async run(ctx) {
      const group = await resolveGroup(ctx, ctx.args[0]);
      emit(ctx, group, () =>
        details(str(group.displayName), [
          ['object id', group.id],
          ['mailNickname', group.mailNickname],
          ['description', group.description],
          ['security enabled', group.securityEnabled],
        ]),
      );
    },
  },
  {
    words: ['group', 'delete'],
    args: ['ID'],
    flags: {},
    synopsis: 'OBJECT_ID|DISPLAY_NAME',
    async run(ctx) {
      const group = await resolveGroup(ctx, ctx.args[0]);
      await ctx.session.client.delete(`/v1.0/groups/${seg(String(group.id))}`);
      emit(ctx, { id: group.id, deleted: true }, () => `Deleted group '${str(group.displayName)}'.`);
    },
  },
  {
    words: ['group', 'member', 'add'],
    args: ['GROUP', 'MEMBER'],
    flags: {},
    synopsis: 'GROUP MEMBER_OBJECT_ID|UPN',
    async run(ctx) {
      const group = await resolveGroup(ctx, ctx.args[0]);
      const member = await resolveMemberId(ctx, ctx.args[1]);
      // az's body (graph-and-clients.md §A.6).
      await ctx.session.client.post(`/v1.0/groups/${seg(String(group.id))}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${member}` });
      emit(ctx, { groupId: group.id, memberId: member, added: true }, () => `Added ${ctx.args[1]} to group '${str(group.displayName)}'.`);
    },
  },
  {
    words: ['group', 'member', 'remove'],
    args: ['GROUP', 'MEMBER'],
    flags: {},
    synopsis: 'GROUP MEMBER_OBJECT_ID|UPN',
    async run(ctx) {
      const group = await resolveGroup(ctx, ctx.args[0]);
      const member = await resolveMemberId(ctx, ctx.args[1]);
      await ctx.session.client.delete(`/v1.0/groups/${seg(String(group.id))}/members/${seg(member)}/$ref`);
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
      const members = await ctx.session.client.list(`/v1.0/groups/${seg(String(group.id))}/members`);
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

// ───────────────────────── grant ─────────────────────────

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

const grantCommands: CommandSpec[] = [
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
      const scope = list(ctx, 'scope')!.join(' ').split(/\s+/).filter(Boolean).join(' ');
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
      const grant = await ctx.session.client.get(`/v1.0/oauth2PermissionGrants/${seg(ctx.args[0])}`);
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
      const scope = list(ctx, 'scope')!.join(' ').split(/\s+/).filter(Boolean).join(' ');
      await ctx.session.client.patch(`/v1.0/oauth2PermissionGrants/${seg(ctx.args[0])}`, { scope });
      const updated = await ctx.session.client.get(`/v1.0/oauth2PermissionGrants/${seg(ctx.args[0])}`);
      emit(ctx, updated, () => `Updated grant ${ctx.args[0]}: scope '${str(updated.scope)}'.`);
    },
  },
  {
    words: ['grant', 'delete'],
    args: ['ID'],
    flags: {},
    synopsis: 'GRANT_ID',
    async run(ctx) {
      await ctx.session.client.delete(`/v1.0/oAuth2PermissionGrants/${seg(ctx.args[0])}`);
      emit(ctx, { id: ctx.args[0], deleted: true }, () => `Deleted grant ${ctx.args[0]}.`);
    },
  },
];

// ───────────────────────── certificates (app add-cert | list-certs | remove-cert) ─────────────────────────

/** The certificate commands' logic (app-certs.ts) over the server's Graph API. */
async function certCommand(ctx: RunContext, work: (cert: CertContext) => Promise<CertCommandResult<unknown>>): Promise<void> {
  const result = await work({ directory: graphCertDirectory(ctx.session.client, ctx.session.tenant), now: ctx.io.now(), publicOrigin: ctx.session.url });
  if (!result.ok) throw new CliError(1, result.message);
  emit(ctx, result.value, () => result.output);
}

const certCommands: CommandSpec[] = [
  {
    words: ['app', 'add-cert'],
    args: ['APP_ID', 'FILE'],
    flags: { 'display-name': 'value' },
    synopsis: 'APP_ID CERT.pem [--display-name NAME]   (a certificate credential; the private key stays with you)',
    async run(ctx) {
      const [appId, path] = ctx.args;
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (err) {
        throw new CliError(1, `Cannot read ${path}: ${(err as Error).message}`);
      }
      await certCommand(ctx, (cert) => addCertificate(cert, { appId, bytes, path, displayName: value(ctx, 'display-name') }));
    },
  },
  {
    words: ['app', 'list-certs'],
    args: ['APP_ID'],
    flags: {},
    synopsis: 'APP_ID',
    async run(ctx) {
      await certCommand(ctx, (cert) => listCertificates(cert, ctx.args[0]));
    },
  },
  {
    words: ['app', 'remove-cert'],
    args: ['APP_ID', 'KEY'],
    flags: {},
    synopsis: 'APP_ID KEY_ID|THUMBPRINT',
    async run(ctx) {
      await certCommand(ctx, (cert) => removeCertificate(cert, ctx.args[0], ctx.args[1]));
    },
  },
];

export const COMMANDS: readonly CommandSpec[] = [...appCommands, ...certCommands, ...spCommands, ...userCommands, ...groupCommands, ...grantCommands];

// ───────────────────────── parsing and running ─────────────────────────

/** The usage lines of one command family (`app`, `sp`, …), or of all. */
export function directoryUsage(family?: string): string {
  return COMMANDS.filter((c) => family === undefined || c.words[0] === family)
    .map((c) => `  entrada ${c.words.join(' ')}${c.synopsis ? ` ${c.synopsis}` : ''}`)
    .join('\n');
}

class UsageError extends Error {}

interface Parsed {
  spec: CommandSpec;
  args: string[];
  flags: Record<string, FlagValue>;
}

/** Global value flags may come before the command words (`entrada --home X app list`). */
function commandFirst(argv: string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('--')) {
    const name = argv[i].slice(2).split('=')[0];
    const takesValue = GLOBAL_FLAGS[name] === 'value' && !argv[i].includes('=');
    leading.push(...argv.slice(i, i + (takesValue ? 2 : 1)));
    i += takesValue ? 2 : 1;
  }
  return [...argv.slice(i), ...leading];
}

/**
 * The directory command family `argv` (without `entrada`) names, if it is one of them, for
 * main.ts to hand the whole argument list over.
 */
export function directoryCommandOf(argv: string[]): string | undefined {
  const [family] = commandFirst(argv);
  return DIRECTORY_COMMANDS.has(family) ? family : undefined;
}

export function parseDirectoryCommand(input: string[]): Parsed {
  const argv = commandFirst(input);
  const words: string[] = [];
  while (words.length < argv.length && !argv[words.length].startsWith('--')) words.push(argv[words.length]);
  // The longest command whose words begin the arguments.
  const spec = [...COMMANDS]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => words[i] === w));
  if (!spec) {
    const family = words[0] ?? '';
    throw new UsageError(words.length > 1 ? `unknown command 'entrada ${words.join(' ')}'` : `'entrada ${family}' needs a sub-command`);
  }
  const kinds: Record<string, FlagKind> = { ...GLOBAL_FLAGS, ...spec.flags, ...(spec.args.length > 0 ? { id: 'value' } : {}) };
  const positionals = words.slice(spec.words.length);
  const flags: Record<string, FlagValue> = {};
  const rest = argv.slice(words.length);
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq > 0 ? eq : undefined);
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const kind = kinds[name];
    if (kind === undefined) throw new UsageError(`'entrada ${spec.words.join(' ')}' has no flag --${name}`);
    if (flags[name] !== undefined && kind !== 'list') throw new UsageError(`--${name} is given twice`);
    const next = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= rest.length || rest[i + 1].startsWith('--')) throw new UsageError(`--${name} needs a value`);
      return rest[++i];
    };
    if (kind === 'switch') {
      if (inline !== undefined && !/^(true|false)$/i.test(inline)) throw new UsageError(`--${name} takes no value (or =true|false)`);
      flags[name] = inline === undefined || inline.toLowerCase() === 'true';
    } else if (kind === 'boolean') {
      const v = next();
      if (!/^(true|false)$/i.test(v)) throw new UsageError(`--${name} takes true or false; got '${v}'`);
      flags[name] = v.toLowerCase() === 'true';
    } else if (kind === 'value') {
      flags[name] = next();
    } else {
      const values: string[] = inline !== undefined ? [inline] : [];
      while (inline === undefined && i + 1 < rest.length && !rest[i + 1].startsWith('--')) values.push(rest[++i]);
      if (values.length === 0) throw new UsageError(`--${name} needs at least one value`);
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...values];
    }
  }
  if (typeof flags.id === 'string') positionals.unshift(flags.id);
  delete flags.id;
  const required = spec.args.filter((a) => !a.endsWith('?')).length;
  if (flags.help !== true) {
    if (positionals.length < required) throw new UsageError(`'entrada ${spec.words.join(' ')}' needs ${spec.args.filter((a) => !a.endsWith('?')).join(' ')}`);
    if (positionals.length > spec.args.length) throw new UsageError(`unexpected argument '${positionals[spec.args.length]}'`);
    for (const name of spec.required ?? []) {
      if (flags[name] === undefined) throw new UsageError(`'entrada ${spec.words.join(' ')}' needs --${name}`);
    }
  }
  return { spec, args: positionals, flags };
}

/**
 * Runs `entrada app|sp|user|group|grant …` (argv without `entrada`). Returns the exit code:
 * 0, 1 (an error: Graph's message, or no server), 2 (usage), 3 (not found).
 */
export async function runDirectoryCommand(argv: string[], options: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = {
    out: options.out ?? ((text) => process.stdout.write(`${text}\n`)),
    err: options.err ?? ((text) => process.stderr.write(`${text}\n`)),
    env: options.env ?? process.env,
    now: options.now ?? (() => new Date()),
  };
  let parsed: Parsed;
  try {
    parsed = parseDirectoryCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const family = commandFirst(argv)[0];
    if (argv.includes('--help')) {
      io.out(`Usage:\n${directoryUsage(DIRECTORY_COMMANDS.has(family) ? family : undefined)}\n  (every command also takes ${GLOBAL_SYNOPSIS})`);
      return 0;
    }
    io.err(`entrada: ${err.message}.\nUsage:\n${directoryUsage(DIRECTORY_COMMANDS.has(family) ? family : undefined)}\n  (every command also takes ${GLOBAL_SYNOPSIS})`);
    return 2;
  }
  const { spec, args, flags } = parsed;
  if (flags.help === true) {
    io.out(`Usage:\n  entrada ${spec.words.join(' ')} ${spec.synopsis}\n  ${GLOBAL_SYNOPSIS}`);
    return 0;
  }
  try {
    const session = await openSession({ home: str(flags.home) || undefined, database: str(flags.database) || undefined, url: str(flags.url) || undefined, tenant: str(flags.tenant) || undefined }, io);
    await spec.run({ session, args, flags, io, json: flags.json === true });
    return 0;
  } catch (err) {
    if (err instanceof GraphCallError) {
      io.err(`ERROR: ${err.message}`);
      return err.status === 404 && spec.show ? 3 : 1;
    }
    if (err instanceof CliError) {
      io.err(err.code === 2 ? `entrada: ${err.message}` : `ERROR: ${err.message}`);
      return err.code;
    }
    if (err instanceof ServerProblem) {
      io.err(`ERROR: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
