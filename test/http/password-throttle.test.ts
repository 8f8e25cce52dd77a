// Password checks behind a full queue (issue 9, finding 3): the token endpoint answers Entra's
// throttling refusal, AADSTS90055 with HTTP 429 and Retry-After, the sign-in log records it, and
// app-only issuance is untouched; the sign-in pages' password check throws the same refusal.

import { scryptSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { IdpError } from '../../src/core/errors/idp-error.js';
import type { DeriveJob, Deriver } from '../../src/crypto/password-worker.js';
import { signInWithPassword } from '../../src/flows/shared/password-sign-in.js';
import { ALICE, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { form, PLAIN_FORM } from '../support/wire.js';

/** A password worker whose checks wait until the test lets them finish (computing the real key). */
class HeldWorker implements Deriver {
  readonly held: Array<() => void> = [];
  derive(job: DeriveJob): Promise<Buffer> {
    return new Promise((resolve) => this.held.push(() => resolve(scryptSync(job.password, job.salt, job.length, job.options))));
  }
  async close(): Promise<void> {}
}

const worker = new HeldWorker();
// One worker and no room to wait: a second password check while one runs is refused.
const entrada = useEntrada({ env: { ENTRADA_PASSWORD_QUEUE: '0', ENTRADA_PASSWORD_WORKERS: '1' }, passwordWorker: () => worker });
const { send } = tokenClient(entrada, PLAIN_FORM);

const V2 = `/${TENANT}/oauth2/v2.0/token`;
const post = (body: string) => send(V2, body);
const ropc = (password: string) =>
  form({ grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password, scope: 'api://entrada-demo-api/access_as_user openid' });

describe('a full password queue', () => {
  it('answers 429 with Retry-After and AADSTS90055 on the token endpoint, logs it, and leaves client credentials alone', async () => {
    const first = post(ropc(ALICE.password));
    await vi.waitFor(() => expect(worker.held).toHaveLength(1));

    const refused = await post(ropc('a guess'));
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const body = refused.json() as Record<string, unknown>;
    expect(body.error).toBe('temporarily_unavailable');
    expect(body.error_codes).toEqual([90055]);
    expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS90055: There are too many incoming requests\\. Try again in ${retryAfter} seconds\\. Trace ID: `));
    expect(refused.headers['x-ms-request-id']).toBe(body.trace_id);

    const entry = await entrada.signIns!.get(String(body.trace_id));
    expect(entry).toMatchObject({ endpoint: 'token', outcome: 'failure', errorCode: 90055, grantType: 'password', appId: CLI_ID });
    expect(JSON.stringify(entry)).not.toContain('a guess');

    // App-only issuance does not wait for passwords.
    const cc = await post(form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' }));
    expect(cc.statusCode).toBe(200);
    expect(cc.headers['retry-after']).toBeUndefined();

    // The check that was running finishes normally.
    worker.held[0]();
    const ok = await first;
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['retry-after']).toBeUndefined();
  });
});

describe('the sign-in pages’ password check', () => {
  it('passes the throttling refusal on for known and unknown users alike (the page shows it)', async () => {
    const throttled = new IdpError(90055, { args: { seconds: '3' }, retryAfterSeconds: 3 });
    const deps = {
      directory: entrada.storage.directory,
      hashes: { verifySecret: () => false, verifyPassword: () => Promise.reject(throttled) },
    };
    for (const username of [ALICE.upn, 'nobody@entrada.localhost']) {
      await expect(signInWithPassword(null, { username, password: 'x' }, deps)).rejects.toBe(throttled);
    }
    // The unknown user's check is a real (decoy) check, not skipped: it reaches the hasher.
    const seen: Array<string | null> = [];
    const counting = { ...deps, hashes: { verifySecret: () => false, verifyPassword: async (_p: string, stored: string | null) => {
      seen.push(stored);
      return false;
    } } };
    await expect(signInWithPassword(null, { username: 'nobody@entrada.localhost', password: 'x' }, counting)).rejects.toMatchObject({ code: 50126 });
    expect(seen).toEqual([null]);
  });
});

describe('password configuration', () => {
  it('defaults to a queue of 64, at least one worker and scrypt 2^17; refuses a cost below 2^14', () => {
    const flags = { home: '/tmp/x', database: 'sqlite::memory:' };
    const loaded = loadConfig({}, flags);
    expect(loaded.ok && loaded.config).toMatchObject({ passwordQueueSize: 64, passwordHashCost: 17 });
    expect(loaded.ok && loaded.config.passwordWorkers).toBeGreaterThanOrEqual(1);
    const weak = loadConfig({ ENTRADA_PASSWORD_HASH_COST: '13' }, flags);
    expect(weak.ok).toBe(false);
    expect(!weak.ok && weak.errors.join('\n')).toMatch(/passwordHashCost/);
    expect(loadConfig({ ENTRADA_PASSWORD_QUEUE: '-1' }, flags).ok).toBe(false);
  });

  it('refuses a cost above what a stored hash may cost (19 and 20 once started, then refused every password)', () => {
    const flags = { home: '/tmp/x', database: 'sqlite::memory:' };
    expect(loadConfig({ ENTRADA_PASSWORD_HASH_COST: '18' }, flags)).toMatchObject({ ok: true, config: { passwordHashCost: 18 } });
    for (const cost of ['19', '20']) {
      const strong = loadConfig({ ENTRADA_PASSWORD_HASH_COST: cost }, flags);
      expect(strong.ok).toBe(false);
      expect(!strong.ok && strong.errors.join('\n')).toMatch(/^passwordHashCost: must be from 14 to 18 /m);
    }
  });
});
