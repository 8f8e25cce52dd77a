// Device code polling, approved codes redeemed: Demo CLI asks /devicecode for USER_SCOPE, the person
// approves on /devicelogin, the device's next poll gets tokens (two signatures). Codes are single-use,
// minted before the window: POST /devicecode, then /devicelogin's signed-in step (`step=consent`,
// `action=accept`, with alice's session from /authorize and the page's CSRF token), which approves
// without asking the password again; the page's other path checks a password per code (scrypt,
// ~0.3 s each at the default cost), which would make minting thousands of codes take many minutes.

import { type CookieJar, form, inParallel, jsonOf } from '../lib/http-client.js';
import { CLI, TENANT, USER_SCOPE } from '../lib/seed.js';
import type { Server } from '../lib/server.js';
import { signedIn } from './sign-in.js';
import { tokenTarget, type Grant } from './types.js';

const MINT_CONCURRENCY = 16;

export const deviceCode: Grant = {
  key: 'device',
  title: 'device code (approved, redeemed)',
  singleUse: true,
  signaturesPerRequest: 2,
  note: 'Demo CLI; codes from /devicecode approved on /devicelogin with a signed-in session before the window, each redeemed by one poll.',
  async prepare(server) {
    const page = await devicePage(server);
    return {
      target: tokenTarget(server, TENANT),
      lines: async (count) =>
        inParallel(count, MINT_CONCURRENCY, async () =>
          form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: CLI.appId, device_code: await approvedCode(server, page) }),
        ),
    };
  },
};

interface DevicePage {
  jar: CookieJar;
  csrf: string;
}

/** alice's session plus /devicelogin's CSRF cookie and the token its forms carry. */
async function devicePage(server: Server): Promise<DevicePage> {
  const jar = (await signedIn(server)).copy();
  const page = await server.client.request('/devicelogin', { headers: { cookie: jar.header() } });
  jar.keep(page);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`/devicelogin: HTTP ${page.status}, no CSRF field`);
  return { jar, csrf };
}

async function approvedCode(server: Server, page: DevicePage): Promise<string> {
  const issued = jsonOf(await server.client.post(`/${TENANT}/oauth2/v2.0/devicecode`, { client_id: CLI.appId, scope: USER_SCOPE }), '/devicecode');
  const approval = await server.client.post(
    '/devicelogin',
    { csrf: page.csrf, step: 'consent', ctx: String(issued['user_code']), action: 'accept' },
    { cookie: page.jar.header() },
  );
  if (approval.status !== 200 || !approval.body.includes('You have signed in')) {
    throw new Error(`/devicelogin approval: HTTP ${approval.status}: ${approval.body.slice(0, 300)}`);
  }
  return String(issued['device_code']);
}
