// What `entrada trust` prints: the file name it gives the CA in Debian's store, the commands for
// the operating systems it does not change itself (macOS, Windows, Linux without Debian's tool),
// and the per-runtime settings of `entrada trust --print`. Pure text, no I/O (trust.ts does that).

import type { X509Certificate } from 'node:crypto';

/** Debian's folder for locally added CAs (update-ca-certificates reads every `*.crt` in it). */
export const DEBIAN_TRUST_DIR = '/usr/local/share/ca-certificates';

/** The files `entrada trust` adds there: `entrada-<first 8 hex of the CA's SHA-256>.crt`. */
export const TRUST_FILE_PATTERN = /^entrada-[0-9a-f]{8}\.crt$/;

/**
 * `entrada-1a2b3c4d.crt`: named after the certificate (its DER SHA-256), so each CA gets its own
 * file and a CA trusted twice is the same file, not a second copy.
 */
export function trustFileName(cert: X509Certificate): string {
  return `entrada-${cert.fingerprint256.replace(/:/g, '').slice(0, 8).toLowerCase()}.crt`;
}

/** `CN=Entrada Local CA 1a2b3c4d, SHA-256 AB:CD:…` for the lines that say which CA. */
export function describeCa(cert: X509Certificate): string {
  return `${cert.subject.replace(/\n/g, ', ')}, SHA-256 ${cert.fingerprint256}`;
}

/** The subject's common name, which macOS's `security delete-certificate -c` looks for. */
export function commonName(cert: X509Certificate): string | undefined {
  return /^CN=(.*)$/m.exec(cert.subject)?.[1];
}

export type OsKind = 'darwin' | 'win32';

/** The command that puts `caPath` into the OS store of macOS or Windows (Entrada runs none of them). */
export function osTrustCommand(os: OsKind, caPath: string): string {
  return os === 'darwin'
    ? `sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${quote(caPath)}`
    : // Root of the local machine: an elevated prompt ("Run as administrator"); `-user` for the user's own store.
      `certutil -addstore -f Root ${windowsQuote(caPath)}`;
}

/** The commands that take the CA out again there; by name or serial, as the CA file may be gone by then. */
export function osRemoveCommand(os: OsKind, cert: X509Certificate | undefined, caPath: string): string {
  if (os === 'darwin') {
    const cn = cert ? commonName(cert) : undefined;
    return cn !== undefined
      ? `sudo security delete-certificate -c ${quote(cn)} /Library/Keychains/System.keychain`
      : `sudo security remove-trusted-cert -d ${quote(caPath)}`;
  }
  // certutil -delstore takes a CertId: the serial number (or the certificate's hash) identifies it exactly.
  return `certutil -delstore Root ${cert ? cert.serialNumber.toLowerCase() : '<serial number of the Entrada Local CA>'}`;
}

/** How to trust `caPath` on Linux distributions without Debian's update-ca-certificates. */
export function otherLinuxSteps(caPath: string): string[] {
  return [
    `  Fedora, RHEL, CentOS: sudo cp ${quote(caPath)} /etc/pki/ca-trust/source/anchors/entrada.pem && sudo update-ca-trust`,
    `  Arch, and others with p11-kit: sudo trust anchor --store ${quote(caPath)}`,
  ];
}

/**
 * `entrada trust --print`: for each runtime, the setting that makes it trust `caPath`. Runtimes
 * that keep their own roots (Node.js, pip's certifi, Java, NSS) need theirs even after
 * `entrada trust`; those that read the OS store (OpenSSL, curl, Go, .NET on Linux, Debian's
 * Python packages) need only `entrada trust`.
 */
export function runtimeSettings(caPath: string): string[] {
  const path = quote(caPath);
  return [
    'Node.js (MSAL Node, @azure/identity, openid-client): Node keeps its own roots and does not read the OS store:',
    `  export NODE_EXTRA_CA_CERTS=${path}        (added to Node's roots; read when the process starts)`,
    'Python (MSAL Python, requests, the Azure CLI installed with pip):',
    `  export REQUESTS_CA_BUNDLE=${path}`,
    `  export SSL_CERT_FILE=${path}`,
    "  Both REPLACE the bundle: every other host's roots are then missing. To keep them, point them at a",
    `  combined file: cat /etc/ssl/certs/ca-certificates.crt ${path} > ~/entrada-bundle.pem`,
    "  Debian's python3-certifi (and so Debian's azure-cli and python3-msal) uses the OS store:",
    '  `entrada trust` alone covers them.',
    'Java (MSAL4J, azure-identity for Java): into the JDK\'s cacerts (as root for a system JDK):',
    `  keytool -importcert -noprompt -alias entrada -file ${path} -cacerts -storepass changeit`,
    '  (undo: keytool -delete -alias entrada -cacerts -storepass changeit)',
    '.NET (MSAL.NET, Azure.Identity): on Linux it uses OpenSSL and the OS store: `entrada trust`;',
    '  on macOS and Windows, the OS commands below.',
    'curl, OpenSSL, Go: the OS store (`entrada trust`), or SSL_CERT_FILE as above; curl --cacert ' + path + ' for one call.',
    'Chromium and Firefox on Linux (NSS; certutil is in libnss3-tools):',
    `  certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n entrada -i ${path}`,
    '  (Firefox keeps one database per profile: -d sql:<profile folder>; undo: certutil -d … -D -n entrada)',
    'The operating system store:',
    '  Debian, Ubuntu: sudo entrada trust          (undo: sudo entrada trust --remove)',
    `  macOS: ${osTrustCommand('darwin', caPath)}`,
    `  Windows (as administrator): ${osTrustCommand('win32', caPath)}`,
    ...otherLinuxSteps(caPath),
  ];
}

/** A path as one POSIX shell word: quoted only when it needs to be. */
export function quote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A path as one word for cmd.exe and PowerShell (`C:\Users\Jo Doe\…` in double quotes). */
export function windowsQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,.\\/-]+$/.test(value) ? value : `"${value}"`;
}
