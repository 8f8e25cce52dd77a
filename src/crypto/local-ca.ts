// A local certificate authority and HTTPS server certificate, so `npm start` serves TLS that
// Microsoft clients accept (MSAL refuses non-HTTPS authorities) once the user trusts one CA file.
//
// Files under `dir`: ca.pem, ca-key.pem, server.pem, server-key.pem (keys mode 0600).
// - First call: creates the CA and a server certificate.
// - Later calls: reuse both; re-issue only the server certificate when it lacks a requested name,
//   expires within 30 days, or no longer matches the CA or its key. Keeping the CA matters: the
//   user trusted it (NODE_EXTRA_CA_CERTS, OS store) and a new one would need trusting again.
// - A CA that is unreadable, corrupt or expiring within 30 days: everything is regenerated.
//
// Keys are ECDSA P-256: every TLS client Entrada targets supports it, it generates instantly and
// its handshakes are cheaper for the server than RSA 2048.

import { createPrivateKey, KeyObject, X509Certificate, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { loadX509, nodeCrypto, randomSerial } from './x509-util.js';

const DAY = 24 * 60 * 60 * 1000;
const RENEW_BEFORE = 30 * DAY;
const CA_VALIDITY_YEARS = 10;
// CA/Browser Forum and Apple cap TLS server certificates at 398 days; stay under it.
const SERVER_VALIDITY = 396 * DAY;
// Back-date notBefore so a client whose clock is slightly behind still accepts a fresh cert.
const BACKDATE = 60 * 60 * 1000;
const DEFAULT_NAMES = ['localhost', '127.0.0.1', '::1'];
const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' };

interface Pair {
  certPem: string;
  keyPem: string;
}
interface LoadedCa extends Pair {
  cert: X509Certificate;
  signingKey: CryptoKey;
}
interface SubjectNames {
  dns: string[];
  ips: string[];
}

/**
 * The CA (to tell the user to trust) and the server certificate and key (for https.createServer).
 * `created` is true when a new CA was generated, i.e. the user must trust `caCertPath` (again); a
 * re-issued server certificate alone needs no action from anyone, so it leaves `created` false.
 */
export async function ensureTls(options: {
  dir: string;
  hostnames: string[];
  now?: Date;
}): Promise<{ caCertPath: string; caCertPem: string; certPem: string; keyPem: string; created: boolean }> {
  const now = options.now ?? new Date();
  const names = subjectNames([...DEFAULT_NAMES, ...options.hostnames]);
  const path = (file: string) => join(options.dir, file);
  await mkdir(options.dir, { recursive: true, mode: 0o700 });

  let ca = await loadCa(path('ca.pem'), path('ca-key.pem'), now).catch(() => undefined);
  const created = ca === undefined;
  if (!ca) {
    ca = await createCa(now);
    await writeAtomically(path('ca-key.pem'), ca.keyPem, 0o600);
    await writeAtomically(path('ca.pem'), ca.certPem, 0o644);
  }

  let server = created ? undefined : await loadServer(path('server.pem'), path('server-key.pem'), ca, names, now);
  if (!server) {
    server = await issueServer(ca, names, now);
    await writeAtomically(path('server-key.pem'), server.keyPem, 0o600);
    await writeAtomically(path('server.pem'), server.certPem, 0o644);
  }
  const { certPem, keyPem } = server;
  return { caCertPath: path('ca.pem'), caCertPem: ca.certPem, certPem, keyPem, created };
}

/** Default names plus the requested ones, split into DNS names and IP addresses, de-duplicated. */
function subjectNames(hostnames: string[]): SubjectNames {
  const dns = new Set<string>();
  const ips = new Set<string>();
  for (const raw of hostnames) {
    const name = raw.trim().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
    if (isIP(name)) ips.add(name);
    // An IA5String dNSName (RFC 5280 §4.2.1.6): ASCII labels; internationalised names as punycode.
    else if (/^[a-z0-9_]([a-z0-9_-]*)(\.[a-z0-9_-]+)*$/.test(name)) dns.add(name);
    else throw new TypeError(`ensureTls: not a hostname or IP address: ${JSON.stringify(raw)}`);
  }
  return { dns: [...dns], ips: [...ips] };
}

async function loadCa(certPath: string, keyPath: string, now: Date): Promise<LoadedCa | undefined> {
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  const cert = new X509Certificate(certPem);
  const key = createPrivateKey(keyPem);
  if (!cert.ca || !cert.checkPrivateKey(key) || !validAt(cert, now)) return undefined;
  const signingKey = await nodeCrypto.subtle.importKey(
    'pkcs8',
    key.export({ type: 'pkcs8', format: 'der' }),
    importAlgorithm(key),
    false,
    ['sign'],
  );
  return { certPem, keyPem, cert, signingKey };
}

async function loadServer(
  certPath: string,
  keyPath: string,
  ca: LoadedCa,
  names: SubjectNames,
  now: Date,
): Promise<Pair | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const cert = new X509Certificate(certPem);
    if (!cert.checkIssued(ca.cert) || !cert.verify(ca.cert.publicKey)) return undefined;
    if (!cert.checkPrivateKey(createPrivateKey(keyPem)) || !validAt(cert, now)) return undefined;
    // subject: 'never' so only SAN entries count, as in browsers (RFC 6125 §6.4.4 CN fallback is gone).
    const hasDns = names.dns.every((n) => cert.checkHost(n, { subject: 'never', wildcards: false }) === n);
    const hasIps = names.ips.every((ip) => cert.checkIP(ip) !== undefined);
    return hasDns && hasIps ? { certPem, keyPem } : undefined;
  } catch {
    return undefined;
  }
}

/** Inside its validity period and not within RENEW_BEFORE of its end. */
function validAt(cert: X509Certificate, now: Date): boolean {
  return Date.parse(cert.validFrom) <= now.getTime() && Date.parse(cert.validTo) - RENEW_BEFORE > now.getTime();
}

function importAlgorithm(key: KeyObject): EcKeyImportParams | RsaHashedImportParams {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return EC;
  if (key.asymmetricKeyType === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  throw new Error(`unsupported CA key type ${key.asymmetricKeyType}`);
}

async function createCa(now: Date): Promise<LoadedCa> {
  const keys = await nodeCrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_VALIDITY_YEARS);
  const x509 = await loadX509();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      // A per-install suffix tells several Entrada CAs apart in a trust store.
      name: `CN=Entrada Local CA ${randomBytes(4).toString('hex')}`,
      notBefore: new Date(now.getTime() - BACKDATE),
      notAfter,
      keys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
      ],
    },
    nodeCrypto,
  );
  const certPem = cert.toString('pem') + '\n';
  return {
    certPem,
    keyPem: exportKey(keys.privateKey),
    cert: new X509Certificate(certPem),
    signingKey: keys.privateKey,
  };
}

async function issueServer(ca: LoadedCa, names: SubjectNames, now: Date): Promise<Pair> {
  const keys = await nodeCrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const notBefore = new Date(now.getTime() - BACKDATE);
  const caNotAfter = Date.parse(ca.cert.validTo);
  const notAfter = new Date(Math.min(now.getTime() + SERVER_VALIDITY, caNotAfter));
  const caPublicKey = ca.cert.publicKey.export({ type: 'spki', format: 'der' });
  const x509 = await loadX509();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: `CN=${names.dns[0]}`,
      issuer: new x509.X509Certificate(ca.cert.raw).subjectName,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: ca.signingKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([
          ...names.dns.map((value) => ({ type: 'dns' as const, value })),
          ...names.ips.map((value) => ({ type: 'ip' as const, value })),
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeCrypto),
        await x509.AuthorityKeyIdentifierExtension.create(caPublicKey, false, nodeCrypto),
      ],
    },
    nodeCrypto,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: exportKey(keys.privateKey) };
}

function exportKey(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** Write then rename, so a crash never leaves a half-written PEM that looks corrupt next start. */
async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, file);
}
