// `entrada app add-cert | list-certs | remove-cert`: certificate credentials (keyCredentials) of an
// app registration — the portal's "Certificates & secrets → Certificates → Upload certificate",
// for apps whose certificate is made outside the seed file.
//
// Pure apart from the directory it is handed: directory/app-credentials.ts hands them the running
// server's Graph API (graph-cert-directory.ts), so a change applies at once and never bypasses the
// server; these functions read and write the application and return the text to print. A
// private key in the file is never read beyond skipping its PEM block: it is not stored, not
// printed, not parsed.

import { X509Certificate, randomUUID } from 'node:crypto';
import type { Application, Guid, KeyCredential } from '../core/model.js';
import type { DirectoryReader, DirectoryWriter } from '../core/ports.js';
import { readCertificate, type CertificateInfo } from '../seed/certificate.js';
import { MICROSOFT_GRAPH_APP_ID } from '../seed/graph.js';
import { derivedId, isGuid } from '../seed/ids.js';

/** What the commands read and write: the database in tests, the running server's Graph API in `entrada app …` (graph-cert-directory.ts). */
export type CertDirectory = Pick<DirectoryReader, 'getApplicationByAppId'> &
  Pick<DirectoryWriter, 'upsertApplication' | 'listTenants' | 'listApplications'>;

export interface CertContext {
  directory: CertDirectory;
  now: Date;
  /** The keyId of a new keyCredential; a random GUID unless a test fixes it. */
  newKeyId?: () => Guid;
  /** Entrada's origin (config.publicOrigin), for the client configuration printed after add-cert. */
  publicOrigin?: string;
}

/** Every command answers with text for stdout (ok) or a refusal for stderr, never both. */
export type CertCommandResult<T = undefined> =
  | { ok: true; output: string; value: T }
  | { ok: false; message: string };

// ───────────────────────── reading the file ─────────────────────────

interface CertificateFile {
  cert: CertificateInfo & { subject: string };
  /** What was skipped in the file (a private key, further certificates), to say so. */
  notes: string[];
  /** The file also holds a private key (so MSAL can read its key from the same file). */
  hasPrivateKey: boolean;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * The certificate in a PEM file (also one holding the private key, as @azure/identity wants it),
 * or in a binary DER `.cer`. Only the first certificate of a chain is used, and the output says so.
 */
export function readCertificateFile(bytes: Buffer): { ok: true; file: CertificateFile } | { ok: false; message: string } {
  const text = bytes.toString('latin1');
  const notes: string[] = [];
  let hasPrivateKey = false;
  let certText: string;
  if (text.includes('-----BEGIN ')) {
    const blocks = [...text.matchAll(PEM_BLOCK)];
    const certs = blocks.filter((b) => b[1] === 'CERTIFICATE');
    hasPrivateKey = blocks.some((b) => b[1].endsWith('PRIVATE KEY'));
    if (certs.length === 0) {
      const found = blocks.map((b) => b[1]);
      return {
        ok: false,
        message:
          `holds no certificate (no "-----BEGIN CERTIFICATE-----" block${found.length ? `; found: ${[...new Set(found)].join(', ')}` : ''}). ` +
          'Give the public certificate (.pem, .crt or .cer), e.g. made with ' +
          '`openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 365 -subj /CN=my-app`.',
      };
    }
    if (certs.length > 1) {
      notes.push(`the file holds ${certs.length} certificates; the first one is used (the rest of the chain is not registered)`);
    }
    if (hasPrivateKey) notes.push('the file also holds a private key: it was skipped (not stored, not printed)');
    certText = certs[0][0];
  } else {
    // A binary DER .cer, as the portal also accepts.
    try {
      certText = new X509Certificate(bytes).raw.toString('base64');
    } catch {
      return { ok: false, message: 'is neither a PEM file with a "-----BEGIN CERTIFICATE-----" block nor a DER certificate' };
    }
  }
  const read = readCertificate(certText);
  if (!read.ok) return { ok: false, message: read.message };
  const subject = new X509Certificate(Buffer.from(read.cert.der, 'base64')).subject.split('\n').join(', ');
  return { ok: true, file: { cert: { ...read.cert, subject }, notes, hasPrivateKey } };
}

// ───────────────────────── add-cert ─────────────────────────

interface AddCertInput {
  appId: string;
  /** The file's bytes. */
  bytes: Buffer;
  /** The file's path as given, to name it in messages and in the MSAL configuration. */
  path: string;
  displayName?: string;
}

export async function addCertificate(ctx: CertContext, input: AddCertInput): Promise<CertCommandResult<KeyCredential>> {
  const found = await findApp(ctx, input.appId);
  if (!found.ok) return found;
  const app = found.value;
  if (app.appId === MICROSOFT_GRAPH_APP_ID) {
    return { ok: false, message: 'Microsoft Graph is a built-in resource, rewritten at every start; add the certificate to your client app.' };
  }

  const read = readCertificateFile(input.bytes);
  if (!read.ok) return { ok: false, message: `${input.path} ${read.message}` };
  const { cert, notes, hasPrivateKey } = read.file;

  const now = ctx.now.getTime();
  if (Date.parse(cert.notAfter) <= now) {
    return {
      ok: false,
      message:
        `The certificate in ${input.path} expired on ${cert.notAfter} (valid ${cert.notBefore} – ${cert.notAfter}); ` +
        'Entra refuses client assertions signed with an expired certificate (AADSTS700027), so it was not added. ' +
        'Make a new certificate and add that one.',
    };
  }
  const duplicate = app.keyCredentials.find(
    (k) => k.thumbprintSha256 === cert.thumbprintSha256 || k.thumbprintSha1 === cert.thumbprintSha1,
  );
  if (duplicate) {
    return {
      ok: false,
      message:
        `${app.displayName} (${app.appId}) already has this certificate (SHA-1 thumbprint ${hex(cert.thumbprintSha1)}) ` +
        `as keyCredential ${duplicate.keyId}${duplicate.displayName ? ` "${duplicate.displayName}"` : ''}; nothing was changed.`,
    };
  }

  const key: KeyCredential = {
    keyId: (ctx.newKeyId ?? randomUUID)().toLowerCase(),
    // [I] The portal describes an uploaded certificate by its subject unless a description is given.
    displayName: input.displayName ?? cert.subject,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: cert.der,
    thumbprintSha1: cert.thumbprintSha1,
    thumbprintSha256: cert.thumbprintSha256,
    startDateTime: cert.notBefore,
    endDateTime: cert.notAfter,
  };
  await ctx.directory.upsertApplication({ ...app, keyCredentials: [...app.keyCredentials, key] });

  const lines = [
    `Added certificate ${key.keyId} to ${app.displayName} (${app.appId}):`,
    ...describeKey(key, ctx.now).map((l) => `  ${l}`),
  ];
  if (Date.parse(cert.notBefore) > now) {
    lines.push(`  note: not valid before ${cert.notBefore}; assertions signed with it are refused (AADSTS700027) until then`);
  }
  for (const note of notes) lines.push(`  note: ${note}`);
  lines.push('', ...clientConfiguration(app, key, ctx.publicOrigin, hasPrivateKey ? input.path : undefined));
  lines.push(
    '',
    'Keep the private key with the client: Entrada stores only the certificate. The running server applies',
    'the change at once.',
  );
  return { ok: true, output: lines.join('\n'), value: key };
}

function clientConfiguration(app: Application, key: KeyCredential, origin = 'https://localhost:8443', keyPath?: string): string[] {
  const q = (v: string) => JSON.stringify(v);
  return [
    'MSAL Node (PS256 with x5t#S256):',
    '  new ConfidentialClientApplication({ auth: {',
    `    clientId: ${q(app.appId)},`,
    `    authority: ${q(`${origin}/${app.tenantId}`)},`,
    `    knownAuthorities: [${q(new URL(origin).host)}],`,
    `    clientCertificate: { thumbprintSha256: ${q(hex(key.thumbprintSha256))}, privateKey: readFileSync(${q(keyPath ?? '<the private key PEM>')}, "utf8") },`,
    '  } });',
    '@azure/identity:',
    `  new ClientCertificateCredential(${q(app.tenantId)}, ${q(app.appId)}, { certificatePath: ${q(keyPath ?? '<PEM with the certificate and its private key>')} },`,
    `    { authorityHost: ${q(origin)}, disableInstanceDiscovery: true })`,
  ];
}

// ───────────────────────── list-certs ─────────────────────────

export async function listCertificates(ctx: CertContext, appId: string): Promise<CertCommandResult<KeyCredential[]>> {
  const found = await findApp(ctx, appId);
  if (!found.ok) return found;
  const app = found.value;
  const keys = app.keyCredentials;
  if (keys.length === 0) {
    return { ok: true, output: `${app.displayName} (${app.appId}) has no certificates.`, value: [] };
  }
  const lines = [`${app.displayName} (${app.appId}): ${keys.length} certificate(s)`];
  for (const key of keys) {
    const seeded = key.keyId === derivedId.keyCredential(app.tenantId, app.appId, key.thumbprintSha256);
    lines.push('', `  ${key.keyId}${key.displayName ? `  "${key.displayName}"` : ''}${seeded ? '  (from the seed)' : ''}`);
    lines.push(...describeKey(key, ctx.now).map((l) => `    ${l}`));
  }
  return { ok: true, output: lines.join('\n'), value: [...keys] };
}

// ───────────────────────── remove-cert ─────────────────────────

/** `ref`: the keyId, or a thumbprint — SHA-1 or SHA-256, hex (any case, colons allowed) or base64url. */
export async function removeCertificate(ctx: CertContext, appId: string, ref: string): Promise<CertCommandResult<KeyCredential>> {
  const found = await findApp(ctx, appId);
  if (!found.ok) return found;
  const app = found.value;
  const matches = app.keyCredentials.filter((k) => refersTo(k, ref));
  if (matches.length === 0) {
    const known = app.keyCredentials.map((k) => `${k.keyId} (SHA-1 ${hex(k.thumbprintSha1)})`);
    return {
      ok: false,
      message:
        `${app.displayName} (${app.appId}) has no certificate with keyId or thumbprint '${ref}'; ` +
        (known.length ? `its certificates: ${known.join(', ')}.` : 'it has no certificates.'),
    };
  }
  const [key] = matches;
  await ctx.directory.upsertApplication({ ...app, keyCredentials: app.keyCredentials.filter((k) => k.keyId !== key.keyId) });
  const lines = [`Removed certificate ${key.keyId} from ${app.displayName} (${app.appId}):`, ...describeKey(key, ctx.now).map((l) => `  ${l}`)];
  if (key.keyId === derivedId.keyCredential(app.tenantId, app.appId, key.thumbprintSha256)) {
    lines.push('  note: the seed file lists this certificate; it comes back at the next `entrada start` unless you remove it there too');
  }
  return { ok: true, output: lines.join('\n'), value: key };
}

function refersTo(key: KeyCredential, ref: string): boolean {
  const r = ref.trim();
  if (isGuid(r)) return key.keyId.toLowerCase() === r.toLowerCase();
  const compactHex = r.replace(/:/g, '');
  const asBase64url = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(compactHex) ? Buffer.from(compactHex, 'hex').toString('base64url') : r;
  return key.thumbprintSha1 === asBase64url || key.thumbprintSha256 === asBase64url;
}

// ───────────────────────── shared ─────────────────────────

async function findApp(ctx: CertContext, appId: string): Promise<CertCommandResult<Application>> {
  const id = appId.trim().toLowerCase();
  if (!isGuid(id)) return { ok: false, message: `'${appId}' is not an application (client) id: expected a GUID.` };
  const app = await ctx.directory.getApplicationByAppId(id);
  if (app) return { ok: true, output: '', value: app };
  const known: string[] = [];
  for (const tenant of await ctx.directory.listTenants()) {
    for (const a of await ctx.directory.listApplications(tenant.id)) {
      if (a.appId !== MICROSOFT_GRAPH_APP_ID) known.push(`${a.appId} ${a.displayName}`);
    }
  }
  return {
    ok: false,
    message:
      `No application with appId ${id} in this database. ` +
      (known.length ? `Applications: ${known.join('; ')}.` : 'It holds no applications yet: run `entrada start` once (it applies the seed).'),
  };
}

function describeKey(key: KeyCredential, now: Date): string[] {
  const t = now.getTime();
  const state =
    Date.parse(key.endDateTime) <= t ? 'EXPIRED' : Date.parse(key.startDateTime) > t ? 'not yet valid' : 'valid';
  return [
    `thumbprint (SHA-1, as the portal shows it): ${hex(key.thumbprintSha1)}`,
    `thumbprint SHA-256:                         ${hex(key.thumbprintSha256)}`,
    `x5t / x5t#S256 (base64url):                 ${key.thumbprintSha1} / ${key.thumbprintSha256}`,
    `valid ${key.startDateTime} – ${key.endDateTime} (${state})`,
  ];
}

/** Upper-case hex of a base64url thumbprint, as the portal shows it. */
function hex(b64url: string): string {
  return Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
}
