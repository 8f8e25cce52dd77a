// A certificate added with `entrada app add-cert` (src/cli/app-certs.ts, on the storage of an
// in-process Entrada with the demo seed) authenticates client assertions at the token endpoint;
// once its keyCredential has expired, or before it is valid, the same assertions get AADSTS700027.

import { beforeAll, describe, expect, it } from 'vitest';
import { addCertificate } from '../../src/cli/app-certs.js';
import { applySeed } from '../../src/seed/apply.js';
import { loadDemoSeed } from '../../src/seed/load.js';
import { clientCertificate, msalAssertion, type ClientCertificate } from '../support/client-certificate.js';
import { TestClock } from '../support/clock.js';
import { DAEMON, TENANT } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, ORIGIN, PLAIN_FORM } from '../support/wire.js';
import { fakeDeps } from '../seed/memory-writer.js';

const V2 = `/${TENANT}/oauth2/v2.0/token`;
const AUD = `${ORIGIN}${V2}`;
const DAY = 86400_000;

const clock = new TestClock();
let cert: ClientCertificate;
let future: ClientCertificate;
const entrada = useEntrada({ clock });
const client = tokenClient(entrada, PLAIN_FORM);

beforeAll(async () => {
  [cert, future] = await Promise.all([clientCertificate(new Date(Date.now() - 3600_000), 2), clientCertificate(new Date(Date.now() + DAY), 30)]);
  const ctx = { directory: entrada.storage.directory, now: clock.now() };
  for (const [c, path] of [[cert, 'client.pem'], [future, 'next.pem']] as const) {
    const r = await addCertificate(ctx, { appId: DAEMON.id, bytes: Buffer.from(`${c.certPem}${c.privateKeyPem}`), path });
    if (!r.ok) throw new Error(r.message);
  }
});

const post = (assertion: string) =>
  client.post(V2, {
    grant_type: 'client_credentials', client_id: DAEMON.id, scope: 'api://entrada-demo-api/.default',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion,
  });
const at = () => Math.floor(clock.now().getTime() / 1000);

describe('a certificate added with `entrada app add-cert`', () => {
  it.each(['PS256', 'RS256'] as const)('authenticates a %s client assertion (azpacr 2)', async (alg) => {
    const r = await post(msalAssertion(cert, DAEMON.id, AUD, { alg, now: at() }));
    expect(r.status).toBe(200);
    expect(claimsOf(r.json.access_token as string)).toMatchObject({ azp: DAEMON.id, azpacr: '2', tid: TENANT });
  });

  it('still authenticates after the seed is applied again (as at the next `entrada start`)', async () => {
    const seed = await loadDemoSeed();
    if (!seed.ok) throw new Error(seed.errors.join('\n'));
    await applySeed(seed.seed, entrada.storage.directory, fakeDeps(clock.now()));
    const keys = (await entrada.storage.directory.getApplicationByAppId(DAEMON.id))!.keyCredentials;
    expect(keys.map((k) => k.thumbprintSha256)).toEqual([cert.thumbprintSha256, future.thumbprintSha256]);
    expect((await post(msalAssertion(cert, DAEMON.id, AUD, { now: at() }))).status).toBe(200);
  });

  it('is refused with AADSTS700027 before its keyCredential is valid', async () => {
    const r = await post(msalAssertion(future, DAEMON.id, AUD, { alg: 'RS256', now: at() }));
    expect([r.status, r.code]).toEqual([401, 700027]);
    expect(r.json.error_description).toContain(`Thumbprint of key used by client: '${future.hexSha1}'`);
  });

  it('is refused with AADSTS700027 once its keyCredential has expired (the assertion itself is fresh)', async () => {
    clock.advance(3 * DAY);
    const r = await post(msalAssertion(cert, DAEMON.id, AUD, { now: at() }));
    expect([r.status, r.code]).toEqual([401, 700027]);
    // …while the certificate that has become valid in the meantime now works.
    expect((await post(msalAssertion(future, DAEMON.id, AUD, { now: at() }))).status).toBe(200);
  });
});
