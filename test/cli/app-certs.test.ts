// `entrada app add-cert | list-certs | remove-cert` (src/cli/app-certs.ts) over a real in-memory
// SQLite storage holding the demo seed; and the commands themselves (cli/directory/), which
// run the same logic over a running server's Graph API (graph-cert-directory.ts), found through
// --home as `entrada start` finds it.

import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCertificate, listCertificates, readCertificateFile, removeCertificate, type CertContext } from '../../src/cli/app-certs.js';
import { runDirectoryCommand } from '../../src/cli/directory/commands.js';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type Entrada } from '../../src/compose.js';
import { applySeed } from '../../src/seed/apply.js';
import { derivedId } from '../../src/seed/ids.js';
import { loadDemoSeed } from '../../src/seed/load.js';
import { openStorage, type Storage } from '../../src/storage/open.js';
import { clientCertificate, type ClientCertificate } from '../support/client-certificate.js';
import { fakeDeps } from '../seed/memory-writer.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const DAEMON = 'e7ada000-0000-4000-8000-000000000002';
const WEB = 'e7ada000-0000-4000-8000-000000000003';
const KEY_ID = '0badc0de-0000-4000-8000-000000000001';
const hex = (b64url: string) => Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
const DAY = 86400_000;

let cert: ClientCertificate;
let second: ClientCertificate;
let expired: ClientCertificate;
let future: ClientCertificate;
let home: string;
let storage: Storage;
let ctx: CertContext;

async function demoSeed() {
  const r = await loadDemoSeed();
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.seed;
}

/** The base64 body of a PEM's private key, to make sure none of it leaks anywhere. */
const keyBody = (c: ClientCertificate) => c.privateKeyPem.replace(/-----[A-Z ]+-----|\s/g, '');

beforeAll(async () => {
  [cert, second, expired, future] = await Promise.all([
    clientCertificate(),
    clientCertificate(),
    clientCertificate(new Date(Date.now() - 10 * DAY), 2),
    clientCertificate(new Date(Date.now() + 2 * DAY), 30),
  ]);
  home = mkdtempSync(join(tmpdir(), 'entrada-app-certs-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

beforeEach(async () => {
  storage = await openStorage({ url: 'sqlite::memory:', home });
  await applySeed(await demoSeed(), storage.directory, fakeDeps(new Date()));
  ctx = { directory: storage.directory, now: new Date(), newKeyId: () => KEY_ID, publicOrigin: 'https://localhost:9443' };
});
afterEach(async () => storage.close());

const pem = (text: string) => Buffer.from(text);
const daemonKeys = async () => (await storage.directory.getApplicationByAppId(DAEMON))!.keyCredentials;

describe('add-cert', () => {
  it('adds a keyCredential with both thumbprints and the certificate validity, and says how to configure MSAL Node', async () => {
    const r = await addCertificate(ctx, { appId: DAEMON, bytes: pem(cert.certPem), path: 'cert.pem' });
    expect(r.ok).toBe(true);
    const [key] = await daemonKeys();
    expect(key).toEqual({
      keyId: KEY_ID,
      displayName: 'CN=entrada-test-client',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: cert.der,
      thumbprintSha1: cert.thumbprintSha1,
      thumbprintSha256: cert.thumbprintSha256,
      startDateTime: new Date(Math.floor(cert.notBefore.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      endDateTime: new Date(Math.floor(cert.notAfter.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    });
    if (!r.ok) return;
    expect(r.output).toContain(`Added certificate ${KEY_ID} to Demo Daemon (${DAEMON})`);
    expect(r.output).toContain(cert.hexSha1);
    expect(r.output).toContain(hex(cert.thumbprintSha256));
    expect(r.output).toContain(`valid ${key.startDateTime} – ${key.endDateTime} (valid)`);
    expect(r.output).toContain(`clientCertificate: { thumbprintSha256: "${hex(cert.thumbprintSha256)}", privateKey: readFileSync("<the private key PEM>", "utf8") }`);
    expect(r.output).toContain(`authority: "https://localhost:9443/${TENANT}"`);
    expect(r.output).toContain(`knownAuthorities: ["localhost:9443"]`);
  });

  it('takes --display-name', async () => {
    await addCertificate(ctx, { appId: DAEMON, bytes: pem(cert.certPem), path: 'cert.pem', displayName: 'CI runner' });
    expect((await daemonKeys())[0].displayName).toBe('CI runner');
  });

  it('reads the certificate from a PEM holding its private key too, and never stores or prints the key', async () => {
    const r = await addCertificate(ctx, { appId: DAEMON, bytes: pem(`${cert.privateKeyPem}\n${cert.certPem}`), path: '/keys/client.pem' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.output).toContain('the file also holds a private key: it was skipped (not stored, not printed)');
    // The file holds both, so MSAL and @azure/identity can read it as it is.
    expect(r.output).toContain(`privateKey: readFileSync("/keys/client.pem", "utf8")`);
    expect(r.output).toContain(`certificatePath: "/keys/client.pem"`);
    expect(r.output).not.toMatch(/BEGIN|PRIVATE KEY-----/);
    expect(r.output).not.toContain(keyBody(cert).slice(40, 80));
    const row = JSON.stringify(await storage.directory.getApplicationByAppId(DAEMON));
    expect(row).not.toContain(keyBody(cert).slice(40, 80));
    expect((await daemonKeys())[0].key).toBe(cert.der);
  });

  it('reads a binary DER .cer', async () => {
    const r = await addCertificate(ctx, { appId: DAEMON, bytes: Buffer.from(cert.der, 'base64'), path: 'cert.cer' });
    expect(r.ok).toBe(true);
    expect((await daemonKeys())[0].thumbprintSha256).toBe(cert.thumbprintSha256);
  });

  it('uses the first certificate of a chain and says so', async () => {
    const r = await addCertificate(ctx, { appId: DAEMON, bytes: pem(`${cert.certPem}${second.certPem}`), path: 'chain.pem' });
    expect(r.ok && r.output).toContain('the file holds 2 certificates; the first one is used');
    expect((await daemonKeys()).map((k) => k.thumbprintSha256)).toEqual([cert.thumbprintSha256]);
  });

  it('refuses a file with no certificate, naming what it found and printing none of it', async () => {
    const r = await addCertificate(ctx, { appId: DAEMON, bytes: pem(cert.privateKeyPem), path: 'key.pem' });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^key\.pem holds no certificate .*found: PRIVATE KEY\)/) });
    if (!r.ok) expect(r.message).not.toContain(keyBody(cert).slice(40, 80));
    expect(await daemonKeys()).toEqual([]);
    const garbage = await addCertificate(ctx, { appId: DAEMON, bytes: Buffer.from('hello'), path: 'x.txt' });
    expect(garbage).toMatchObject({ ok: false, message: expect.stringContaining('x.txt is neither a PEM file') });
  });

  it('refuses a certificate already registered on the app (same thumbprint)', async () => {
    await addCertificate(ctx, { appId: DAEMON, bytes: pem(cert.certPem), path: 'cert.pem' });
    const again = await addCertificate(
      { ...ctx, newKeyId: () => '0badc0de-0000-4000-8000-000000000002' },
      { appId: DAEMON, bytes: pem(`${cert.certPem}${cert.privateKeyPem}`), path: 'both.pem' },
    );
    expect(again).toMatchObject({
      ok: false,
      message: `Demo Daemon (${DAEMON}) already has this certificate (SHA-1 thumbprint ${cert.hexSha1}) as keyCredential ${KEY_ID} "CN=entrada-test-client"; nothing was changed.`,
    });
    expect(await daemonKeys()).toHaveLength(1);
  });

  it('refuses an expired certificate, saying when it expired', async () => {
    const r = await addCertificate(ctx, { appId: DAEMON, bytes: pem(expired.certPem), path: 'old.pem' });
    const end = new X509Certificate(expired.certPem).validTo;
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining(`The certificate in old.pem expired on ${new Date(end).toISOString().replace('.000Z', 'Z')}`) });
    if (!r.ok) expect(r.message).toContain('AADSTS700027');
    expect(await daemonKeys()).toEqual([]);
  });

  it('adds a certificate that is not valid yet, with a note', async () => {
    const r = await addCertificate(ctx, { appId: DAEMON, bytes: pem(future.certPem), path: 'next.pem' });
    expect(r.ok && r.output).toMatch(/\(not yet valid\)[\s\S]*note: not valid before \S+; assertions signed with it are refused \(AADSTS700027\)/);
  });

  it('refuses an unknown or malformed app id, listing the apps there are', async () => {
    const unknown = await addCertificate(ctx, { appId: '00000000-0000-4000-8000-000000000000', bytes: pem(cert.certPem), path: 'c.pem' });
    expect(unknown).toMatchObject({ ok: false, message: expect.stringContaining(`No application with appId 00000000-0000-4000-8000-000000000000 in this database. Applications: `) });
    if (!unknown.ok) expect(unknown.message).toContain(`${DAEMON} Demo Daemon`);
    expect(await addCertificate(ctx, { appId: 'daemon', bytes: pem(cert.certPem), path: 'c.pem' })).toMatchObject({
      ok: false, message: "'daemon' is not an application (client) id: expected a GUID.",
    });
  });

  it('finds the app whatever the case of its id', async () => {
    expect((await addCertificate(ctx, { appId: DAEMON.toUpperCase(), bytes: pem(cert.certPem), path: 'c.pem' })).ok).toBe(true);
  });
});

describe('list-certs', () => {
  it('says when an app has none', async () => {
    expect(await listCertificates(ctx, WEB)).toMatchObject({ ok: true, output: `Demo Web App (${WEB}) has no certificates.`, value: [] });
  });

  it('lists keyId, name, thumbprints (hex and base64url) and validity of each', async () => {
    await addCertificate(ctx, { appId: DAEMON, bytes: pem(cert.certPem), path: 'a.pem', displayName: 'first' });
    await addCertificate({ ...ctx, newKeyId: () => '0badc0de-0000-4000-8000-000000000002' }, { appId: DAEMON, bytes: pem(future.certPem), path: 'b.pem' });
    const r = await listCertificates(ctx, DAEMON);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((k) => k.keyId)).toEqual([KEY_ID, '0badc0de-0000-4000-8000-000000000002']);
    expect(r.output).toContain(`Demo Daemon (${DAEMON}): 2 certificate(s)`);
    expect(r.output).toContain(`${KEY_ID}  "first"`);
    expect(r.output).toContain(cert.hexSha1);
    expect(r.output).toContain(`${cert.thumbprintSha1} / ${cert.thumbprintSha256}`);
    expect(r.output).toMatch(/\(valid\)[\s\S]*\(not yet valid\)/);
  });
});

describe('remove-cert', () => {
  beforeEach(async () => {
    await addCertificate(ctx, { appId: DAEMON, bytes: pem(cert.certPem), path: 'a.pem' });
    await addCertificate({ ...ctx, newKeyId: () => '0badc0de-0000-4000-8000-000000000002' }, { appId: DAEMON, bytes: pem(second.certPem), path: 'b.pem' });
  });

  it.each<[string, () => string]>([
    ['keyId', () => KEY_ID],
    ['keyId in upper case', () => KEY_ID.toUpperCase()],
    ['hex SHA-1 as the portal shows it', () => cert.hexSha1],
    ['hex SHA-1 with colons, lower case (openssl -fingerprint)', () => cert.hexSha1.toLowerCase().match(/../g)!.join(':')],
    ['hex SHA-256', () => createHash('sha256').update(Buffer.from(cert.der, 'base64')).digest('hex')],
    ['base64url x5t#S256', () => cert.thumbprintSha256],
  ])('by %s', async (_name, ref) => {
    const r = await removeCertificate(ctx, DAEMON, ref());
    expect(r).toMatchObject({ ok: true, value: { keyId: KEY_ID }, output: expect.stringContaining(`Removed certificate ${KEY_ID} from Demo Daemon`) });
    expect((await daemonKeys()).map((k) => k.thumbprintSha256)).toEqual([second.thumbprintSha256]);
  });

  it('refuses what matches nothing, listing the certificates there are', async () => {
    const r = await removeCertificate(ctx, DAEMON, '0badc0de-0000-4000-8000-0000000000ff');
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining(`its certificates: ${KEY_ID} (SHA-1 ${cert.hexSha1}), 0badc0de-0000-4000-8000-000000000002`) });
    expect(await daemonKeys()).toHaveLength(2);
  });
});

describe('certificates added with the CLI survive `entrada start` re-applying the seed', () => {
  it('keeps them next to the seed’s own, and drops a seed certificate the seed no longer lists', async () => {
    const seed = await demoSeed();
    const daemon = seed.tenants[0].applications.find((a) => a.appId === DAEMON)!;
    daemon.keyCredentials = [{ key: second.certPem, displayName: 'from the seed' } as (typeof daemon.keyCredentials)[number]];
    await applySeed(seed, storage.directory, fakeDeps(new Date()));
    await addCertificate(ctx, { appId: DAEMON, bytes: pem(cert.certPem), path: 'a.pem' });
    const seededKeyId = derivedId.keyCredential(TENANT, DAEMON, second.thumbprintSha256);

    await applySeed(seed, storage.directory, fakeDeps(new Date()));
    expect((await daemonKeys()).map((k) => k.keyId)).toEqual([seededKeyId, KEY_ID]);
    const listed = await listCertificates(ctx, DAEMON);
    expect(listed.ok && listed.output).toContain(`${seededKeyId}  "from the seed"  (from the seed)`);

    daemon.keyCredentials = [];
    await applySeed(seed, storage.directory, fakeDeps(new Date()));
    expect((await daemonKeys()).map((k) => k.keyId)).toEqual([KEY_ID]);
  });

  it('warns that removing a seed certificate lasts only until the next start', async () => {
    const seed = await demoSeed();
    const daemon = seed.tenants[0].applications.find((a) => a.appId === DAEMON)!;
    daemon.keyCredentials = [{ key: second.certPem } as (typeof daemon.keyCredentials)[number]];
    await applySeed(seed, storage.directory, fakeDeps(new Date()));
    const r = await removeCertificate(ctx, DAEMON, second.hexSha1);
    expect(r.ok && r.output).toContain('the seed file lists this certificate; it comes back at the next `entrada start`');
  });
});

describe('readCertificateFile', () => {
  it('names what it skipped', () => {
    const r = readCertificateFile(pem(`${cert.certPem}${second.certPem}${cert.privateKeyPem}`));
    expect(r).toMatchObject({ ok: true, file: { hasPrivateKey: true, cert: { thumbprintSha1: cert.thumbprintSha1, subject: 'CN=entrada-test-client' } } });
    if (r.ok) expect(r.file.notes).toHaveLength(2);
  });
});

describe('the `entrada app` certificate commands (through the running server, found as `entrada start` finds its home)', () => {
  let dir: string;
  let server: Entrada;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'entrada-app-cmd-'));
    const loaded = loadConfig({ ENTRADA_PASSWORD_HASH_COST: '14' }, { home: join(dir, 'home'), port: '0', 'mi-port': 'off', log: 'off' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    server = await createEntrada(loaded.config);
    url = await server.listen();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const entrada = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDirectoryCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { ENTRADA_PORT: new URL(url).port } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('adds, lists and removes through --home, printing no key; the server has the certificate at once', async () => {
    const home = join(dir, 'home');
    const file = join(dir, 'client.pem');
    writeFileSync(file, `${cert.certPem}${cert.privateKeyPem}`);

    const added = await entrada('app', 'add-cert', DAEMON, file, '--home', home, '--display-name', 'laptop');
    expect(added.code).toBe(0);
    expect(added.out).toContain(`to Demo Daemon (${DAEMON})`);
    expect(added.out + added.err).not.toContain(keyBody(cert).slice(40, 80));
    const keyId = /Added certificate (\S+) /.exec(added.out)![1];
    const stored = (await server.storage.directory.getApplicationByAppId(DAEMON))!.keyCredentials.find((k) => k.keyId === keyId);
    expect(stored).toMatchObject({ displayName: 'laptop', thumbprintSha256: cert.thumbprintSha256 });

    const listed = await entrada('app', 'list-certs', DAEMON, '--home', home);
    expect(listed.out).toContain(`${keyId}  "laptop"`);
    expect(listed.out).toContain(hex(cert.thumbprintSha256));

    const again = await entrada('app', 'add-cert', DAEMON, file, '--home', home);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has this certificate');

    const removed = await entrada('app', 'remove-cert', DAEMON, hex(cert.thumbprintSha256), '--home', home);
    expect(removed.code).toBe(0);
    expect(removed.out).toContain(`Removed certificate ${keyId}`);
    expect((await server.storage.directory.getApplicationByAppId(DAEMON))!.keyCredentials.some((k) => k.keyId === keyId)).toBe(false);
  });

  it('does not create a database where there is none', async () => {
    const empty = join(dir, 'nothing');
    const r = await entrada('app', 'list-certs', DAEMON, '--home', empty);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`No Entrada database at ${join(empty, 'entrada.db')}`);
    expect(existsSync(join(empty, 'entrada.db'))).toBe(false);
  });

  it('missing arguments and unknown flags print the usage, exit 2', async () => {
    expect((await entrada('app', 'add-cert', DAEMON)).code).toBe(2);
    expect((await entrada('app', 'remove-cert', DAEMON, 'x', '--force')).code).toBe(2);
  });
});
