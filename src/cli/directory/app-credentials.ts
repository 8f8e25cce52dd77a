// `entrada app credential add | remove | list` (client secrets, and removing certificates) and
// `entrada app add-cert | list-certs | remove-cert` (certificates: app-certs.ts's logic over the
// server's Graph API).

import { readFileSync } from 'node:fs';
import { addCertificate, listCertificates, removeCertificate, type CertCommandResult, type CertContext } from '../app-certs.js';
import { CliError } from '../directory-session.js';
import { graphCertDirectory } from '../graph-cert-directory.js';
import { day, emit, has, NotFound, objectPath, str, table, value, type CommandSpec, type Json, type RunContext } from './kit.js';
import { resolveApp } from './resolve.js';

/** An application's client secrets (passwordCredentials) and certificates (keyCredentials). */
export function credentialsOf(app: Json): { secrets: Json[]; certs: Json[] } {
  return { secrets: (app.passwordCredentials as Json[]) ?? [], certs: (app.keyCredentials as Json[]) ?? [] };
}

/** The certificate commands' logic (app-certs.ts) over the server's Graph API. */
async function certCommand(ctx: RunContext, work: (cert: CertContext) => Promise<CertCommandResult<unknown>>): Promise<void> {
  const result = await work({ directory: graphCertDirectory(ctx.session.client, ctx.session.tenant), now: ctx.io.now(), publicOrigin: ctx.session.url });
  if (!result.ok) throw new CliError(1, result.message);
  emit(ctx, result.value, () => result.output);
}

export const appCredentialCommands: CommandSpec[] = [
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
      const cred = (await ctx.session.client.post(`${objectPath('applications', app.id)}/addPassword`, { passwordCredential })) ?? {};
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
      const { secrets, certs } = credentialsOf(app);
      const path = objectPath('applications', app.id);
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
      const { secrets, certs } = credentialsOf(app);
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
