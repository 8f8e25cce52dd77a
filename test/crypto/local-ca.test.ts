import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureTls } from '../../src/crypto/local-ca.js';

const DAY = 24 * 60 * 60 * 1000;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entrada-tls-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** GET https://{host}:{port}/ trusting only `ca` (or nothing extra); resolves to the body. */
function get(host: string, port: number, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host, port, path: '/', ca, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

describe('ensureTls', () => {
  it('creates a CA and a server certificate that HTTPS clients trusting only the CA accept', async () => {
    const tls = await ensureTls({ dir, hostnames: [] });
    expect(tls.created).toBe(true);
    expect(tls.caCertPath).toBe(join(dir, 'ca.pem'));
    expect(await readFile(tls.caCertPath, 'utf8')).toBe(tls.caCertPem);

    const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await get('localhost', port, tls.caCertPem)).toBe('ok');
      expect(await get('127.0.0.1', port, tls.caCertPem)).toBe('ok');
      // Without the CA the same request fails: the trust above came from the CA alone.
      await expect(get('127.0.0.1', port)).rejects.toThrow(/self-signed|unable to verify|issuer/i);
    } finally {
      server.close();
    }
  });

  it('writes the four files, private keys mode 0600', async () => {
    await ensureTls({ dir, hostnames: [] });
    for (const file of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem']) {
      expect((await stat(join(dir, file))).isFile()).toBe(true);
    }
    expect((await stat(join(dir, 'ca-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'server-key.pem'))).mode & 0o777).toBe(0o600);
  });

  it('creates the folder when missing', async () => {
    const nested = join(dir, 'a', 'b');
    expect((await ensureTls({ dir: nested, hostnames: [] })).created).toBe(true);
    expect((await stat(join(nested, 'ca.pem'))).isFile()).toBe(true);
  });

  it('issues a CA (CA:true, keyCertSign, 10 years) and a server cert (serverAuth, SANs, <= 397 days)', async () => {
    const now = new Date();
    const tls = await ensureTls({ dir, hostnames: ['entrada.test', '10.0.0.7', '[fd00::1]'], now });
    const ca = new X509Certificate(tls.caCertPem);
    const leaf = new X509Certificate(tls.certPem);

    expect(ca.ca).toBe(true);
    expect(ca.subject).toMatch(/^CN=Entrada Local CA [0-9a-f]{8}$/);
    expect(Date.parse(ca.validTo) - now.getTime()).toBeGreaterThan(3650 * DAY - 2000);
    expect(ca.verify(ca.publicKey)).toBe(true);

    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // Node reports the EKU here: serverAuth
    expect(leaf.subjectAltName).toBe(
      'DNS:localhost, DNS:entrada.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, ' +
        'IP Address:10.0.0.7, IP Address:FD00:0:0:0:0:0:0:1',
    );
    expect(Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)).toBeLessThanOrEqual(397 * DAY);
    expect(Date.parse(leaf.validFrom)).toBeLessThanOrEqual(now.getTime());
  });

  it('reuses the files on the next call (created=false, same PEMs)', async () => {
    const first = await ensureTls({ dir, hostnames: ['entrada.test'] });
    const second = await ensureTls({ dir, hostnames: ['ENTRADA.test.'] });
    expect(second.created).toBe(false);
    expect(second).toEqual({ ...first, created: false });
  });

  it('re-issues only the server cert when a hostname is added, keeping the CA', async () => {
    const first = await ensureTls({ dir, hostnames: [] });
    const second = await ensureTls({ dir, hostnames: ['api.entrada.test', '192.168.1.20'] });
    expect(second.created).toBe(false);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.certPem).not.toBe(first.certPem);
    const leaf = new X509Certificate(second.certPem);
    expect(leaf.checkHost('api.entrada.test')).toBe('api.entrada.test');
    expect(leaf.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(await readFile(join(dir, 'server.pem'), 'utf8')).toBe(second.certPem);
  });

  it('re-issues the server cert within 30 days of its expiry, keeping the CA', async () => {
    const now = new Date();
    const first = await ensureTls({ dir, hostnames: [], now });
    const at360 = await ensureTls({ dir, hostnames: [], now: new Date(now.getTime() + 360 * DAY) });
    expect(at360.certPem).toBe(first.certPem);
    const at370 = await ensureTls({ dir, hostnames: [], now: new Date(now.getTime() + 370 * DAY) });
    expect(at370.created).toBe(false);
    expect(at370.caCertPem).toBe(first.caCertPem);
    expect(at370.certPem).not.toBe(first.certPem);
  });

  it('regenerates everything when the CA files are corrupt', async () => {
    const first = await ensureTls({ dir, hostnames: [] });
    await writeFile(join(dir, 'ca.pem'), 'not a certificate');
    const second = await ensureTls({ dir, hostnames: [] });
    expect(second.created).toBe(true);
    expect(second.caCertPem).not.toBe(first.caCertPem);
    expect(new X509Certificate(second.certPem).checkIssued(new X509Certificate(second.caCertPem))).toBe(true);
  });

  it('regenerates everything when the CA key does not belong to the CA certificate', async () => {
    await ensureTls({ dir, hostnames: [] });
    await writeFile(join(dir, 'ca-key.pem'), await readFile(join(dir, 'server-key.pem')));
    expect((await ensureTls({ dir, hostnames: [] })).created).toBe(true);
  });

  it('re-issues just the server cert when only the server files are corrupt or missing', async () => {
    const first = await ensureTls({ dir, hostnames: [] });
    await writeFile(join(dir, 'server.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const second = await ensureTls({ dir, hostnames: [] });
    expect(second.created).toBe(false);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.certPem).not.toBe(first.certPem);

    await rm(join(dir, 'server-key.pem'));
    const third = await ensureTls({ dir, hostnames: [] });
    expect(third.caCertPem).toBe(first.caCertPem);
    expect(new X509Certificate(third.certPem).checkIssued(new X509Certificate(first.caCertPem))).toBe(true);
  });

  it('rejects something that is neither a hostname nor an IP address', async () => {
    await expect(ensureTls({ dir, hostnames: ['https://example.com'] })).rejects.toThrow(TypeError);
    await expect(ensureTls({ dir, hostnames: ['bad host'] })).rejects.toThrow(TypeError);
  });
});
