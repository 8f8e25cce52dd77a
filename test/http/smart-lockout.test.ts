// Smart lockout and passwords that must be changed, over app.inject() (issue 17): ROPC answers
// AADSTS50053 after ten wrong passwords, even for the right one, without checking it; the lockout
// ends with the clock; a retyped wrong password does not count; another client address has its own
// counter; AADSTS50055 for a password that must be changed. The sign-in pages show 50053 and ask
// for a new password ("Update your password") on /authorize and /devicelogin.

import { scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SmartLockoutStore } from '../../src/core/ports.js';
import type { DeriveJob, Deriver } from '../../src/crypto/password-worker.js';
import { signInWithPassword } from '../../src/flows/shared/password-sign-in.js';
import { TestClock } from '../support/clock.js';
import { CLI_ID, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { Browser, redirectParams } from '../support/sign-in.js';
import { form, PLAIN_FORM } from '../support/wire.js';

/** Counts scrypt derivations: a locked sign-in must cost none. */
let derivations = 0;
class CountingWorker implements Deriver {
  async derive(job: DeriveJob): Promise<Buffer> {
    derivations++;
    return scryptSync(job.password, job.salt, job.length, job.options);
  }
  async close(): Promise<void> {}
}

/** A user's seeded password (not containing the user name, which a new password must not either). */
const passwordOf = (name: string) => `Old-Password-${[...name].reverse().join('')}-1`;

/** The demo seed, with users of our own (so no other test's user is locked) and the lockout settings spelled out. */
function seed(): object {
  const demo = parse(readFileSync(fileURLToPath(new URL('../../src/seed/demo.yaml', import.meta.url)), 'utf8')) as {
    tenants: Array<{ users: object[]; smartLockout?: object }>;
  };
  const tenant = demo.tenants[0];
  tenant.smartLockout = { threshold: 10, durationSeconds: 60 };
  const user = (name: string, extra: object = {}) => ({
    userPrincipalName: `${name}@entrada.localhost`,
    displayName: name,
    password: passwordOf(name),
    ...extra,
  });
  tenant.users.push(
    ...['dave', 'erin', 'ivan', 'judy', 'kate', 'liam'].map((n) => user(n)),
    ...['frank', 'grace', 'heidi'].map((n) => user(n, { forceChangePasswordNextSignIn: true })),
  );
  return demo;
}
const upnOf = (name: string) => `${name}@entrada.localhost`;

const clock = new TestClock();
const entrada = useEntrada({ clock, seed: seed(), passwordWorker: () => new CountingWorker() });

const TOKEN = `/${TENANT}/oauth2/v2.0/token`;
const SCOPE = 'api://entrada-demo-api/access_as_user openid';
const A = '203.0.113.7';
const B = '198.51.100.20';

/** ROPC from `address` (the TCP peer smart lockout counts under). */
async function ropc(name: string, password: string, address = A) {
  const res = await entrada.app.inject({
    method: 'POST',
    url: TOKEN,
    payload: form({ grant_type: 'password', client_id: CLI_ID, username: upnOf(name), password, scope: SCOPE }),
    headers: PLAIN_FORM,
    remoteAddress: address,
  });
  const json = res.json() as Record<string, unknown>;
  return { status: res.statusCode, json, code: (json.error_codes as number[] | undefined)?.[0] };
}

async function wrongTimes(name: string, n: number, address = A, first = 1) {
  for (let i = first; i < first + n; i++) {
    const r = await ropc(name, `wrong-guess-${i}`, address);
    expect(r.code, `attempt ${i}`).toBe(50126);
  }
}

describe('smart lockout on the password grant (ROPC)', () => {
  it('ten wrong passwords lock the account: the 11th attempt, even with the right password, is AADSTS50053 and costs no scrypt', async () => {
    await wrongTimes('dave', 10);
    const before = derivations;
    const locked = await ropc('dave', passwordOf('dave'));
    expect(derivations).toBe(before);
    expect(locked.status).toBe(400);
    expect(locked.json.error).toBe('invalid_grant');
    expect(locked.code).toBe(50053);
    expect(String(locked.json.error_description)).toMatch(/^AADSTS50053: The account is locked, you've tried to sign in too many times with an incorrect user ID or password\./);
    // The sign-in log has the refusal like any other.
    const entry = await entrada.signIns!.get(String(locked.json.trace_id));
    expect(entry).toMatchObject({ endpoint: 'token', outcome: 'failure', errorCode: 50053, grantType: 'password', clientAddress: A });
    expect(JSON.stringify(entry)).not.toContain(passwordOf('dave'));
  });

  it('another client address has its own counter: the right password from it works during the lockout', async () => {
    expect((await ropc('dave', passwordOf('dave'), B)).status).toBe(200);
    expect((await ropc('dave', 'wrong-elsewhere', B)).code).toBe(50126);
    expect((await ropc('dave', passwordOf('dave'), A)).code).toBe(50053);
  });

  it('after the lockout (60 s) the right password works again and resets the counter', async () => {
    clock.advance(59_000);
    expect((await ropc('dave', passwordOf('dave'))).code).toBe(50053);
    clock.advance(1_000);
    expect((await ropc('dave', passwordOf('dave'))).status).toBe(200);
    // Reset: nine more wrong passwords do not lock.
    await wrongTimes('dave', 9, A, 100);
    expect((await ropc('dave', passwordOf('dave'))).status).toBe(200);
  });

  it('after a lockout ends, one more new wrong password locks again, for longer (120 s)', async () => {
    await wrongTimes('erin', 10);
    clock.advance(60_000);
    expect((await ropc('erin', 'one-more-wrong')).code).toBe(50126);
    expect((await ropc('erin', passwordOf('erin'))).code).toBe(50053);
    clock.advance(60_000);
    expect((await ropc('erin', passwordOf('erin'))).code).toBe(50053);
    clock.advance(60_000);
    expect((await ropc('erin', passwordOf('erin'))).status).toBe(200);
  });

  it('the same wrong password typed again and again does not count', async () => {
    for (let i = 0; i < 15; i++) expect((await ropc('ivan', 'the-same-old-typo')).code).toBe(50126);
    // The last three wrong passwords are remembered: cycling through three does not count either.
    for (let i = 0; i < 10; i++) expect((await ropc('ivan', `typo-${i % 2}`)).code).toBe(50126);
    expect((await ropc('ivan', passwordOf('ivan'))).status).toBe(200);
  });

  it('an unknown user is AADSTS50034 and never counted', async () => {
    for (let i = 0; i < 12; i++) expect((await ropc('nobody', `guess-${i}`)).code).toBe(50034);
  });

  it('an attacker cycling addresses shares one bucket beyond 16 addresses: storage stays bounded', async () => {
    // 16 addresses get a bucket each; the next 10 share the overflow bucket, which then locks.
    for (let i = 0; i < 26; i++) expect((await ropc('judy', `spray-${i}`, `192.0.2.${i}`)).code).toBe(50126);
    for (let i = 26; i < 60; i++) expect((await ropc('judy', `spray-${i}`, `192.0.2.${i}`)).code).toBe(50053);
    const user = await entrada.storage.directory.findUserByUpn(TENANT, upnOf('judy'));
    const buckets = await entrada.storage.smartLockout.list(user!.id, clock.now().toISOString());
    expect(buckets).toHaveLength(17);
    // A new address lands in the locked overflow bucket too…
    expect((await ropc('judy', passwordOf('judy'), '192.0.2.200')).code).toBe(50053);
    // …while a tracked address (one failure) and the user's usual one are not.
    expect((await ropc('judy', passwordOf('judy'), '192.0.2.3')).status).toBe(200);
    expect((await ropc('judy', passwordOf('judy'), A)).status).toBe(200);
  });
});

describe('the password check itself', () => {
  it('never writes smart lockout state for a user name that does not exist', async () => {
    const calls: string[] = [];
    const store: SmartLockoutStore = {
      list: async () => {
        calls.push('list');
        return [];
      },
      update: async () => {
        calls.push('update');
        throw new Error('no update expected');
      },
      deleteExpired: async () => 0,
    };
    const deps = {
      directory: entrada.storage.directory,
      hashes: { verifySecret: () => false, verifyPassword: async () => false },
      smartLockout: { store, wrongPasswordKey: () => 'k' },
      clock,
    };
    await expect(signInWithPassword(null, { username: 'nobody@entrada.localhost', password: 'x' }, deps, { clientAddress: A })).rejects.toMatchObject({ code: 50126 });
    await expect(signInWithPassword(null, { username: 'nobody@nowhere.example', password: 'x' }, deps, { clientAddress: A })).rejects.toMatchObject({ code: 50126 });
    expect(calls).toEqual([]);
  });
});

describe('a password that must be changed (passwordProfile.forceChangePasswordNextSignIn)', () => {
  it('ROPC: AADSTS50055 with suberror user_password_expired, only after the right password', async () => {
    const expired = await ropc('frank', passwordOf('frank'));
    expect(expired.status).toBe(400);
    expect(expired.json).toMatchObject({ error: 'invalid_grant', suberror: 'user_password_expired', error_codes: [50055] });
    expect(String(expired.json.error_description)).toMatch(/^AADSTS50055: The password is expired\./);
    expect((await ropc('frank', 'not-his-password')).code).toBe(50126);
  });
});

const AUTHORIZE = `/${TENANT}/oauth2/v2.0/authorize`;
const webParams = { client_id: WEB.id, response_type: 'code', redirect_uri: 'https://localhost:3000/auth/callback', scope: SCOPE, state: 's-1' };
const authorizeUrl = `${AUTHORIZE}?${new URLSearchParams(webParams).toString()}`;

describe('the /authorize sign-in page', () => {
  it('shows AADSTS50053 with Entra’s message after ten wrong passwords, for the right one too', async () => {
    const browser = new Browser(entrada.app);
    let page = await browser.get(authorizeUrl);
    for (let i = 0; i < 10; i++) {
      page = await browser.submit(page, { username: upnOf('kate'), password: `wrong-${i}`, action: 'signin' });
      expect(page.body).toContain('AADSTS50126');
    }
    const locked = await browser.submit(page, { username: upnOf('kate'), password: passwordOf('kate'), action: 'signin' });
    expect(locked.statusCode).toBe(400);
    expect(locked.body).toContain('AADSTS50053');
    expect(locked.body).toContain('The account is locked, you&#39;ve tried to sign in too many times with an incorrect user ID or password.');
    expect(locked.headers.location).toBeUndefined();
  });

  it('asks for a new password, refuses a bad one in the page’s words, then stores it, clears the flag and continues the sign-in', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(authorizeUrl);
    const update = await browser.submit(page, { username: upnOf('grace'), password: passwordOf('grace'), action: 'signin' });
    expect(update.statusCode).toBe(200);
    expect(update.body).toContain('Update your password');
    expect(update.body).toContain('You need to update your password because this is the first time you are signing in, or because your password has expired.');
    expect(browser.hasCookie('__Host-entrada-session-')).toBe(false);

    const wrongCurrent = await browser.submit(update, { password: 'not-the-password', newPassword: 'Fresh-Password-22', confirmPassword: 'Fresh-Password-22' });
    expect([wrongCurrent.statusCode, wrongCurrent.body.includes('AADSTS50126')]).toEqual([400, true]);
    const mismatch = await browser.submit(update, { password: passwordOf('grace'), newPassword: 'Fresh-Password-22', confirmPassword: 'Fresh-Password-23' });
    expect(mismatch.body).toContain('match');
    const weak = await browser.submit(update, { password: passwordOf('grace'), newPassword: 'weakweak', confirmPassword: 'weakweak' });
    expect([weak.statusCode, weak.body.includes('Your new password must have at least 8 characters')]).toEqual([400, true]);
    const same = await browser.submit(update, { password: passwordOf('grace'), newPassword: passwordOf('grace'), confirmPassword: passwordOf('grace') });
    expect(same.body).toContain('different from your current password');

    const done = await browser.submit(update, { password: passwordOf('grace'), newPassword: 'Fresh-Password-22', confirmPassword: 'Fresh-Password-22' });
    expect(done.statusCode, done.body).toBe(302);
    expect(redirectParams(String(done.headers.location)).get('code')).toBeTruthy();

    const stored = await entrada.storage.directory.findUserByUpn(TENANT, upnOf('grace'));
    expect(stored?.forceChangePasswordNextSignIn).toBeUndefined();
    expect((await ropc('grace', passwordOf('grace'))).code).toBe(50126);
    expect((await ropc('grace', 'Fresh-Password-22')).status).toBe(200);
    const audits = await entrada.storage.directoryAdmin.listAudits({ tenantId: TENANT, limit: 50 });
    const change = audits.find((a) => a.activityDisplayName === 'Change user password' && a.targetResources[0].id === stored?.id);
    expect(change?.initiatedBy.user).toMatchObject({ userPrincipalName: upnOf('grace'), ipAddress: '127.0.0.1' });
    expect(JSON.stringify(change)).not.toContain('Fresh-Password-22');
  });
});

describe('the /devicelogin page', () => {
  async function deviceCode(): Promise<{ user_code: string; device_code: string }> {
    const res = await entrada.app.inject({ method: 'POST', url: `/${TENANT}/oauth2/v2.0/devicecode`, payload: form({ client_id: CLI_ID, scope: SCOPE }), headers: PLAIN_FORM });
    return res.json();
  }
  async function signInPage(browser: Browser, userCode: string) {
    const codePage = await browser.get('/devicelogin');
    return browser.submit(codePage, { otc: userCode });
  }

  it('shows AADSTS50053 once the account is locked', async () => {
    const { user_code } = await deviceCode();
    const browser = new Browser(entrada.app);
    let page = await signInPage(browser, user_code);
    for (let i = 0; i < 10; i++) page = await browser.submit(page, { username: upnOf('liam'), password: `wrong-${i}`, action: 'approve' });
    const locked = await browser.submit(page, { username: upnOf('liam'), password: passwordOf('liam'), action: 'approve' });
    expect(locked.statusCode).toBe(400);
    expect(locked.body).toContain('AADSTS50053');
  });

  it('asks for a new password, then approves the device, which gets its tokens', async () => {
    const { user_code, device_code } = await deviceCode();
    const browser = new Browser(entrada.app);
    const page = await signInPage(browser, user_code);
    const update = await browser.submit(page, { username: upnOf('heidi'), password: passwordOf('heidi'), action: 'approve' });
    expect(update.body).toContain('Update your password');
    const weak = await browser.submit(update, { password: passwordOf('heidi'), newPassword: 'short', confirmPassword: 'short' });
    expect(weak.body).toContain('Your new password must have at least 8 characters');
    const done = await browser.submit(update, { password: passwordOf('heidi'), newPassword: 'Device-Password-33', confirmPassword: 'Device-Password-33' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain("<h1>You're signed in</h1>");
    const polled = await entrada.app.inject({
      method: 'POST',
      url: TOKEN,
      payload: form({ grant_type: 'device_code', client_id: CLI_ID, device_code }),
      headers: PLAIN_FORM,
    });
    expect(polled.statusCode, polled.body).toBe(200);
    expect((await entrada.storage.directory.findUserByUpn(TENANT, upnOf('heidi')))?.forceChangePasswordNextSignIn).toBeUndefined();
  });
});
