// kill -9 under load, then restart on the same home / database, on SQLite and on PostgreSQL.
//
// Before the load, state that must survive is committed: N refresh tokens by ROPC (Demo CLI,
// "Allow public client flows"; in CI sizes a few by ROPC and the rest by redeeming those, as each
// password check costs ~0.3 s of the one password worker), a certificate added to Demo Daemon
// with `entrada app add-cert` (through the node's Graph API), and an app registration imported with `entrada import
// MANIFEST.json` (Microsoft Graph JSON, with a certificate carrying its key). Then ~32 lanes of client credentials, ROPC and refresh
// run against the node, its server process is killed with SIGKILL mid-load, and a node is started
// again on the same home / database. After the restart: every one of the N refresh tokens
// redeems, and so does every refresh token the load received in a 200 before the kill (an answer
// sent is a commit); the added certificate authenticates Demo Daemon; the imported app
// authenticates with its certificate and `entrada export` gives back its registration; a client
// credentials token with the seed's secret still issues.

import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALICE,
  assertionToken,
  BOB,
  clientCertificate,
  refresh,
  ropc,
  tally,
  token,
  type ClientCertificate,
  type TokenAnswer,
} from './flows.js';
import { clientCredentials, DEMO, pgSchema, ROOT, startNode, tempDir, type Check, type CheckResult, type NodeHandle } from './harness.js';

const IMPORTED_APP_ID = 'e7ada000-0000-4000-8000-0000000000d9';
const IMPORTED_NAME = 'Reliability Imported App';
const IMPORTED_REDIRECT = 'https://localhost:4000/signin-oidc';

interface Sizes {
  /** Refresh tokens committed before the load … */
  n: number;
  /** … of which by ROPC. */
  ropc: number;
  lanes: number;
  killAfterMs: number;
}

interface Target {
  label: 'sqlite' | 'pg';
  home: string;
  databaseUrl: string;
}

/** `node bin/entrada.cjs ARGS --home H` with ENTRADA_DATABASE_URL set as the node has it. */
/** Runs the CLI on the target's home / database; `url`: the running node (commands that go through its Graph API). */
function entradaCli(target: Target, args: string[], url?: string): Promise<{ code: number; out: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'entrada.cjs'), ...args, '--home', target.home], {
      cwd: ROOT,
      env: { ...process.env, ENTRADA_DATABASE_URL: target.databaseUrl, ENTRADA_SEED: '', ...(url ? { ENTRADA_URL: url } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), out, stdout });
    });
  });
}

function graphManifest(cert: ClientCertificate, keyId: string): unknown {
  return {
    id: randomUUID(),
    appId: IMPORTED_APP_ID,
    displayName: IMPORTED_NAME,
    signInAudience: 'AzureADMyOrg',
    identifierUris: ['api://reliability-imported'],
    isFallbackPublicClient: false,
    api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [] },
    appRoles: [],
    keyCredentials: [
      {
        customKeyIdentifier: null,
        displayName: 'CN=entrada-test-client',
        endDateTime: cert.notAfter.toISOString(),
        key: cert.der,
        keyId,
        startDateTime: cert.notBefore.toISOString(),
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
      },
    ],
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    spa: { redirectUris: [] },
    web: { redirectUris: [IMPORTED_REDIRECT], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
  };
}

/** Runs `fn` over `items` on `concurrency` lanes, in order of items. */
async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

interface LoadFigures {
  byKind: Record<'cc' | 'ropc' | 'refresh', TokenAnswer[]>;
  /** Requests sent before the kill that got no answer (cut off by it). */
  cutOff: number;
  /** Requests sent after the kill (refused connections), before their lane noticed. */
  afterKill: number;
  /** Refresh tokens received in a 200 before the kill. */
  issued: string[];
}

/** Password lanes (ROPC, which waits in the password queue) among the load's lanes. */
const ROPC_LANES = 4;

/**
 * `lanes` workers until `killedAt()` is set: ROPC on the first ROPC_LANES lanes, client credentials
 * and refresh alternating on the others. A lane ends at its first failed request after the kill.
 */
async function load(node: NodeHandle, lanes: number, refreshTokens: string[], killedAt: () => number | undefined): Promise<LoadFigures> {
  const figures: LoadFigures = { byKind: { cc: [], ropc: [], refresh: [] }, cutOff: 0, afterKill: 0, issued: [] };
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let n = 0; killedAt() === undefined; n++) {
        const kind = lane < ROPC_LANES ? 'ropc' : (lane + n) % 2 === 0 ? 'cc' : 'refresh';
        const sentAt = Date.now();
        let a: TokenAnswer;
        if (kind === 'cc') {
          try {
            const res = await clientCredentials(node.origin, 15_000);
            a = { status: res.status, json: {}, code: 0 };
          } catch (error) {
            a = { status: 0, json: {}, code: 0, failure: error instanceof Error ? error.message : String(error) };
          }
        } else if (kind === 'ropc') {
          const user = lane % 2 ? BOB : ALICE;
          a = await token(node.origin, { grant_type: 'password', client_id: DEMO.cli.appId, username: user.upn, password: user.password, scope: 'openid offline_access' }, 15_000);
        } else {
          a = await refresh(node.origin, refreshTokens[(lane * 7 + n) % refreshTokens.length]);
        }
        if (a.status === 0) {
          const k = killedAt();
          if (k !== undefined && sentAt >= k) figures.afterKill++;
          else figures.cutOff++;
          if (!node.alive()) return;
          continue;
        }
        figures.byKind[kind].push(a);
        if (a.status === 200 && typeof a.json['refresh_token'] === 'string') figures.issued.push(a.json['refresh_token'] as string);
      }
    }),
  );
  return figures;
}

async function runOne(target: Target, opts: Sizes, log: (l: string) => void): Promise<CheckResult> {
  const current: { node?: NodeHandle } = {};
  try {
    return await crashAndRestart(target, opts, log, current);
  } finally {
    await current.node?.kill();
  }
}

async function crashAndRestart(
  target: Target,
  opts: Sizes,
  log: (l: string) => void,
  current: { node?: NodeHandle },
): Promise<CheckResult> {
  const name = `crash-restart-${target.label}`;
  const problems: string[] = [];
  const fail = (summary: string, node?: NodeHandle): CheckResult => ({ name, ok: false, summary, details: [...problems, ...(node ? node.output().split('\n').slice(-10) : [])] });
  const dbUrl = target.databaseUrl || undefined;

  let node = await startNode({ home: target.home, databaseUrl: dbUrl });
  current.node = node;
  log(`${target.label}: node up at ${node.origin}`);

  // 1. Committed state: N refresh tokens, `ropc` of them by ROPC (a password check costs ~0.3 s of
  // the one password worker), the rest by redeeming those (each redemption returns a new one) …
  const t0 = Date.now();
  const users = [ALICE, BOB];
  const got = await pool(Array.from({ length: opts.ropc }, (_, i) => users[i % 2]), 4, (u) => ropc(node.origin, u));
  const rts = got.map((a) => a.json['refresh_token']).filter((t): t is string => typeof t === 'string');
  if (rts.length !== opts.ropc) return fail(`only ${rts.length}/${opts.ropc} refresh tokens by ROPC before the load (${tally(got)})`, node);
  const more = await pool(Array.from({ length: opts.n - opts.ropc }, (_, i) => rts[i % opts.ropc]), 4, (rt) => refresh(node.origin, rt));
  for (const a of more) if (a.status === 200 && typeof a.json['refresh_token'] === 'string') rts.push(a.json['refresh_token'] as string);
  if (rts.length !== opts.n) return fail(`only ${rts.length}/${opts.n} refresh tokens before the load (refresh: ${tally(more)})`, node);
  log(`${target.label}: ${rts.length} refresh tokens (${opts.ropc} by ROPC) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // … a certificate added to Demo Daemon with `entrada app add-cert`, and a registration imported
  // from a manifest with `entrada import` (the two commands run side by side).
  const added = await clientCertificate();
  const certFile = join(target.home, 'reliability-added-cert.pem');
  writeFileSync(certFile, added.certPem + added.privateKeyPem);
  const importedCert = await clientCertificate();
  const importedKeyId = randomUUID();
  const manifestFile = join(target.home, 'reliability-manifest.json');
  writeFileSync(manifestFile, JSON.stringify(graphManifest(importedCert, importedKeyId), null, 2));
  const c0 = Date.now();
  const [addCert, imported] = await Promise.all([
    entradaCli(target, ['app', 'add-cert', DEMO.daemon.appId, certFile, '--display-name', 'reliability crash-restart'], node.origin),
    entradaCli(target, ['import', manifestFile]),
  ]);
  const addedKeyId = /Added certificate ([0-9a-f-]{36})/i.exec(addCert.out)?.[1]?.toLowerCase();
  if (addCert.code !== 0 || !addedKeyId) return fail(`entrada app add-cert failed (exit ${addCert.code}): ${addCert.out.slice(0, 300)}`, node);
  if (imported.code !== 0 || !imported.out.includes(IMPORTED_APP_ID)) return fail(`entrada import failed (exit ${imported.code}): ${imported.out.slice(0, 300)}`, node);
  log(`${target.label}: add-cert keyId ${addedKeyId}, imported ${IMPORTED_APP_ID} (${((Date.now() - c0) / 1000).toFixed(1)} s)`);

  // 2. Load, and kill -9 in the middle of it.
  let killTime: number | undefined;
  const loadStart = Date.now();
  const running = load(node, opts.lanes, rts, () => killTime);
  await new Promise((r) => setTimeout(r, opts.killAfterMs));
  const killedAfter = (Date.now() - loadStart) / 1000;
  const rssAtKill = node.rssKiB();
  killTime = Date.now();
  await node.kill('SIGKILL');
  const figures = await running;
  const answered = Object.values(figures.byKind).flat();
  const fiveHundreds = answered.filter((a) => a.status >= 500).length;
  if (fiveHundreds > 0) problems.push(`${fiveHundreds} answers 5xx under load: ${tally(answered.filter((a) => a.status >= 500))}`);
  const rate = (answered.length / killedAfter).toFixed(0);
  log(
    `${target.label}: killed after ${killedAfter.toFixed(1)} s of ${opts.lanes}-way load (RSS ${(rssAtKill / 1024).toFixed(0)} MiB); ${answered.length} answered (${rate}/s: ` +
      `cc ${tally(figures.byKind.cc)}; ropc ${tally(figures.byKind.ropc)}; refresh ${tally(figures.byKind.refresh)}), ${figures.cutOff} cut off in flight, ${figures.afterKill} refused after`,
  );
  if (answered.length === 0) problems.push('no request was answered before the kill: the load did not run');
  if (figures.cutOff === 0) problems.push('no request was in flight at the kill: it did not happen under load');

  // 3. Restart on the same home / database.
  const r0 = Date.now();
  try {
    node = await startNode({ home: target.home, databaseUrl: dbUrl });
    current.node = node;
  } catch (error) {
    return fail(`did not restart after kill -9: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}`);
  }
  const restartSeconds = (Date.now() - r0) / 1000;
  log(`${target.label}: restarted in ${restartSeconds.toFixed(1)} s at ${node.origin}`);

  // The SQLite file survived whole.
  let integrity = 'n/a';
  if (target.label === 'sqlite') {
    const db = new Database(join(target.home, 'entrada.db'), { readonly: true, fileMustExist: true });
    try {
      integrity = String((db.pragma('integrity_check', { simple: true }) as unknown) ?? 'no answer');
    } finally {
      db.close();
    }
    if (integrity !== 'ok') problems.push(`SQLite integrity_check after the restart: ${integrity}`);
  }

  // 4. What was committed is there.
  const redeemed = await pool(rts, 8, (rt) => refresh(node.origin, rt));
  const rtOk = redeemed.filter((a) => a.status === 200).length;
  if (rtOk !== rts.length) problems.push(`${rts.length - rtOk} of the ${rts.length} refresh tokens no longer redeem: ${tally(redeemed.filter((a) => a.status !== 200))}`);

  const issued = [...new Set(figures.issued)];
  const issuedRedeemed = await pool(issued, 8, (rt) => refresh(node.origin, rt));
  const issuedOk = issuedRedeemed.filter((a) => a.status === 200).length;
  if (issuedOk !== issued.length) problems.push(`${issued.length - issuedOk} of the ${issued.length} refresh tokens answered during the load no longer redeem: ${tally(issuedRedeemed.filter((a) => a.status !== 200))}`);

  let cc: TokenAnswer;
  try {
    const res = await clientCredentials(node.origin);
    cc = { status: res.status, json: {}, code: 0 };
  } catch (error) {
    cc = { status: 0, json: {}, code: 0, failure: String(error) };
  }
  if (cc.status !== 200) problems.push(`client credentials with the seed's secret: ${tally([cc])}`);

  const daemonCert = await assertionToken(node.origin, added, DEMO.daemon.appId);
  if (daemonCert.status !== 200) problems.push(`Demo Daemon with the certificate added by add-cert: ${JSON.stringify(daemonCert.json).slice(0, 240)}`);
  const importedToken = await assertionToken(node.origin, importedCert, IMPORTED_APP_ID, { scope: 'https://graph.microsoft.com/.default' });
  if (importedToken.status !== 200) problems.push(`the imported app with its certificate: ${JSON.stringify(importedToken.json).slice(0, 240)}`);

  const [listed, exported] = await Promise.all([entradaCli(target, ['app', 'list-certs', DEMO.daemon.appId], node.origin), entradaCli(target, ['export', IMPORTED_APP_ID])]);
  if (listed.code !== 0 || !listed.out.toLowerCase().includes(addedKeyId)) problems.push(`app list-certs does not list ${addedKeyId} (exit ${listed.code}): ${listed.out.slice(0, 200)}`);
  let exportOk = false;
  try {
    const j = JSON.parse(exported.stdout) as { appId?: string; displayName?: string; web?: { redirectUris?: string[] }; keyCredentials?: Array<{ keyId?: string }> };
    exportOk =
      j.appId === IMPORTED_APP_ID &&
      j.displayName === IMPORTED_NAME &&
      (j.web?.redirectUris ?? []).includes(IMPORTED_REDIRECT) &&
      (j.keyCredentials ?? []).some((k) => k.keyId?.toLowerCase() === importedKeyId);
  } catch {
    exportOk = false;
  }
  if (!exportOk) problems.push(`entrada export ${IMPORTED_APP_ID} does not give the imported registration back (exit ${exported.code}): ${exported.out.slice(0, 200)}`);

  const alive = node.alive();
  if (!alive) problems.push('the restarted node died during the checks');

  const summary =
    `killed under ${opts.lanes}-way load after ${killedAfter.toFixed(1)} s (${answered.length} answered, ${rate}/s, ${figures.cutOff} in flight cut off, ${fiveHundreds} 5xx), ` +
    `restarted in ${restartSeconds.toFixed(1)} s${target.label === 'sqlite' ? ` (integrity_check ${integrity})` : ''}, ${rtOk}/${rts.length} refresh tokens (${opts.ropc} by ROPC), ${issuedOk}/${issued.length} load-issued refresh tokens, ` +
    `client credentials ${cc.status}, add-cert certificate ${daemonCert.status === 200 && listed.code === 0 && listed.out.toLowerCase().includes(addedKeyId) ? 'intact' : 'LOST'}, ` +
    `imported registration ${importedToken.status === 200 && exportOk ? 'intact' : 'LOST'}`;
  return { name, ok: problems.length === 0, summary, details: problems };
}

export const crashRestart: Check = async ({ ci, log }) => {
  const opts: Sizes = ci ? { n: 24, ropc: 6, lanes: 32, killAfterMs: 2_000 } : { n: 50, ropc: 50, lanes: 32, killAfterMs: 3_000 };
  const results: CheckResult[] = [];

  for (const label of ['sqlite', 'pg'] as const) {
    const t0 = Date.now();
    let schema: Awaited<ReturnType<typeof pgSchema>> | undefined;
    try {
      if (label === 'pg') schema = await pgSchema('rel_crash');
      const target: Target = { label, home: tempDir(`entrada-rel-crash-${label}-`), databaseUrl: schema?.url ?? '' };
      results.push(await runOne(target, opts, log));
    } catch (error) {
      results.push({ name: `crash-restart-${label}`, ok: false, summary: `could not run: ${error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : String(error)}` });
    } finally {
      await schema?.drop().catch(() => {});
    }
    log(`crash-restart-${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return results;
};
