// 16-way races on single-use artefacts, on SQLite (one node) and on two nodes sharing one
// PostgreSQL schema (requests alternate between the nodes):
//   - an authorization code got through the sign-in pages: exactly one redemption wins, the others
//     are AADSTS54005 (code already redeemed);
//   - an approved device code: exactly one poll gets tokens, the others AADSTS70000;
//   - 16 different certificate assertions carrying one jti: exactly one is accepted, the others
//     AADSTS50012 (README: "a different assertion reusing the jti is refused");
//   - one refresh token redeemed 16 times at once: Entra's refresh tokens are not single use
//     (README: "each redemption returns a new one …; the redeemed one stays valid until it
//     expires"), so all 16 succeed with 16 new refresh tokens, and each of those redeems.
// Also exports `raceChecks`, the groups the runner (run.ts) picks up: these races and
// crash-restart.ts.

import { randomUUID } from 'node:crypto';
import { crashRestart } from './crash-restart.js';
import {
  approvedDeviceCode,
  assertionRequest,
  authorizationCode,
  msalAssertion,
  refresh,
  ropc,
  seedWithCertificateApp,
  tally,
  token,
  TOKEN_PATH,
  CERT_APP_ID,
  ALICE,
  BOB,
  USER_SCOPE,
  type ClientCertificate,
  type TokenAnswer,
} from './flows.js';
import { DEMO, pgSchema, request, startNode, tempDir, type Check, type CheckResult, type NodeHandle } from './harness.js';

const WAYS = 16;

interface Backend {
  label: 'sqlite' | 'pg';
  nodes: NodeHandle[];
}

/** Opens keep-alive connections to every node so that the race's requests leave together. */
async function warm(nodes: NodeHandle[]): Promise<void> {
  await Promise.all(
    nodes.flatMap((n) =>
      Array.from({ length: WAYS }, () => request(n.origin, { path: `/${DEMO.tenantId}/v2.0/.well-known/openid-configuration` }).catch(() => undefined)),
    ),
  );
}

/**
 * Fires `WAYS` requests at once, request i to node i mod n. `together` is how many of them had
 * been sent before the first answer came back (16: all were in flight at the same time).
 */
async function race(nodes: NodeHandle[], send: (node: NodeHandle, i: number) => Promise<TokenAnswer>): Promise<TokenAnswer[] & { together: number }> {
  await warm(nodes);
  let go!: () => void;
  const gate = new Promise<void>((r) => (go = r));
  const sent: number[] = [];
  let firstAnswer = Infinity;
  const all = Array.from({ length: WAYS }, (_, i) =>
    gate.then(async () => {
      sent[i] = performance.now();
      const a = await send(nodes[i % nodes.length], i);
      firstAnswer = Math.min(firstAnswer, performance.now());
      return a;
    }),
  );
  go();
  const answers = (await Promise.all(all)) as TokenAnswer[] & { together: number };
  answers.together = sent.filter((t) => t < firstAnswer).length;
  return answers;
}

/** One line per artefact: rounds × 16-way, winners per round, the losers' answers. */
function verdict(name: string, nodes: number, rounds: Array<{ answers: TokenAnswer[] & { together: number }; problems: string[] }>, winnersExpected: number, what: string, extra = ''): CheckResult {
  const winners = rounds.map((r) => r.answers.filter((a) => a.status === 200).length);
  const problems = rounds.flatMap((r, i) => r.problems.map((p) => `round ${i + 1}: ${p}`));
  const ok = problems.length === 0 && winners.every((w) => w === winnersExpected);
  const answers = rounds.flatMap((r) => r.answers);
  return {
    name,
    ok,
    summary:
      `${WAYS}-way × ${rounds.length} round(s) on ${nodes} node(s), ${what}: winners per round ${winners.join('/')} (expected ${winnersExpected}); ` +
      `answers ${tally(answers)}; in flight together ${rounds.map((r) => r.answers.together).join('/')}${extra}`,
    details: problems,
  };
}

async function codeRace(b: Backend): Promise<{ answers: TokenAnswer[] & { together: number }; problems: string[] }> {
  // The code comes from the first node's pages; the redemptions go to every node.
  const got = await authorizationCode(b.nodes[0].origin, ALICE);
  const answers = await race(b.nodes, (n) =>
    token(n.origin, { grant_type: 'authorization_code', client_id: DEMO.cli.appId, code: got.code, redirect_uri: got.redirectUri, code_verifier: got.verifier, scope: USER_SCOPE }),
  );
  const problems: string[] = [];
  for (const a of answers) {
    if (a.status === 200) {
      if (typeof a.json['access_token'] !== 'string' || typeof a.json['refresh_token'] !== 'string') problems.push('the winner has no access or refresh token');
    } else if (!(a.status === 400 && a.code === 54005)) problems.push(`a loser answered ${JSON.stringify(a.json).slice(0, 240)} (HTTP ${a.status}), expected 400 AADSTS54005`);
  }
  return { answers, problems };
}

async function deviceCodeRace(b: Backend): Promise<{ answers: TokenAnswer[] & { together: number }; problems: string[] }> {
  // Issued by the first node, approved on the last (the same one on SQLite), polled on all.
  const problems: string[] = [];
  const res = await request(b.nodes[0].origin, {
    method: 'POST',
    path: `/${DEMO.tenantId}/oauth2/v2.0/devicecode`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: DEMO.cli.appId, scope: USER_SCOPE }).toString(),
  });
  if (res.status !== 200) throw new Error(`devicecode: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  const dc = JSON.parse(res.body) as { user_code: string; device_code: string };
  const poll = (origin: string) => token(origin, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: DEMO.cli.appId, device_code: dc.device_code });
  const pending = await poll(b.nodes[0].origin);
  if (pending.code !== 70016) problems.push(`before approval the poll answered ${JSON.stringify(pending.json).slice(0, 200)}, expected AADSTS70016`);
  await approvedDeviceCode(b.nodes[b.nodes.length - 1].origin, ALICE, dc.user_code);
  const answers = await race(b.nodes, (n) => poll(n.origin));
  for (const a of answers) {
    if (a.status === 200) {
      if (typeof a.json['access_token'] !== 'string') problems.push('the winner has no access token');
    } else if (!(a.status === 400 && a.json['error'] === 'invalid_grant' && a.code === 70000)) {
      problems.push(`a loser answered ${JSON.stringify(a.json).slice(0, 240)} (HTTP ${a.status}), expected 400 invalid_grant AADSTS70000`);
    }
  }
  return { answers, problems };
}

async function jtiRace(b: Backend, cert: ClientCertificate): Promise<{ answers: TokenAnswer[] & { together: number }; problems: string[]; replay: TokenAnswer }> {
  const jti = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  // 16 different assertions (each its own iat/nbf and signature, addressed to its node), one jti.
  const assertions = Array.from({ length: WAYS }, (_, i) => {
    const node = b.nodes[i % b.nodes.length];
    return msalAssertion(cert, CERT_APP_ID, `${node.origin}${TOKEN_PATH}`, { now: now - i, claims: { jti } });
  });
  const problems: string[] = [];
  if (new Set(assertions).size !== WAYS) problems.push('the assertions are not all different');
  const answers = await race(b.nodes, (n, i) => assertionRequest(n.origin, CERT_APP_ID, assertions[i]));
  for (const a of answers) {
    if (a.status === 200) continue;
    if (!((a.status === 401 || a.status === 400) && a.code === 50012)) problems.push(`a loser answered ${JSON.stringify(a.json).slice(0, 240)} (HTTP ${a.status}), expected AADSTS50012`);
  }
  // The winning assertion itself may come back (MSAL Node re-sends it): accepted again.
  const winner = answers.findIndex((a) => a.status === 200);
  let replay: TokenAnswer = { status: -1, json: {}, code: 0 };
  if (winner >= 0) {
    replay = await assertionRequest(b.nodes[winner % b.nodes.length].origin, CERT_APP_ID, assertions[winner]);
    if (replay.status !== 200) problems.push(`the winning assertion re-sent answered ${JSON.stringify(replay.json).slice(0, 200)}, expected 200`);
  }
  return { answers, problems, replay };
}

async function refreshRace(b: Backend, round: number): Promise<{ answers: TokenAnswer[] & { together: number }; problems: string[]; second: TokenAnswer[] }> {
  const user = round % 2 === 0 ? ALICE : BOB;
  const first = await ropc(b.nodes[0].origin, user);
  if (first.status !== 200 || typeof first.json['refresh_token'] !== 'string') throw new Error(`ROPC for ${user.upn}: ${JSON.stringify(first.json).slice(0, 300)}`);
  const rt = first.json['refresh_token'] as string;
  const answers = await race(b.nodes, (n) => refresh(n.origin, rt));
  const problems: string[] = [];
  const fresh = answers.map((a) => a.json['refresh_token']).filter((t): t is string => typeof t === 'string');
  for (const a of answers) if (a.status !== 200) problems.push(`a redemption answered ${JSON.stringify(a.json).slice(0, 240)} (HTTP ${a.status}), expected 200 (refresh tokens are not single use)`);
  if (fresh.length !== answers.filter((a) => a.status === 200).length) problems.push('a successful redemption returned no refresh token');
  if (new Set(fresh).size !== fresh.length || fresh.includes(rt)) problems.push(`the returned refresh tokens are not all new (${new Set(fresh).size} distinct of ${fresh.length})`);
  // Every returned refresh token redeems in turn (on the other node where there are two).
  const second = await race(b.nodes, (_n, i) => (fresh[i] ? refresh(b.nodes[(i + 1) % b.nodes.length].origin, fresh[i]) : Promise.resolve({ status: -1, json: {}, code: 0 })));
  for (const a of second) if (a.status !== 200) problems.push(`a returned refresh token did not redeem: ${JSON.stringify(a.json).slice(0, 200)} (HTTP ${a.status})`);
  return { answers, problems, second };
}

async function runBackend(b: Backend, cert: ClientCertificate, rounds: number, log: (l: string) => void): Promise<CheckResult[]> {
  const suffix = b.label;
  const out: CheckResult[] = [];
  const attempt = async (name: string, fn: () => Promise<CheckResult>) => {
    const t0 = Date.now();
    try {
      const r = await fn();
      out.push(r);
    } catch (error) {
      out.push({ name, ok: false, summary: `could not run: ${error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : String(error)}` });
    }
    log(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };

  await attempt(`races-code-${suffix}`, async () => {
    const rs = [];
    for (let i = 0; i < rounds; i++) rs.push(await codeRace(b));
    return verdict(`races-code-${suffix}`, b.nodes.length, rs, 1, 'authorization code redemptions');
  });
  await attempt(`races-device-code-${suffix}`, async () => {
    const rs = [];
    for (let i = 0; i < rounds; i++) rs.push(await deviceCodeRace(b));
    return verdict(`races-device-code-${suffix}`, b.nodes.length, rs, 1, 'device code polls');
  });
  await attempt(`races-jti-${suffix}`, async () => {
    const rs = [];
    for (let i = 0; i < rounds; i++) rs.push(await jtiRace(b, cert));
    return verdict(`races-jti-${suffix}`, b.nodes.length, rs, 1, 'different assertions with one jti', `; winner re-sent: ${rs.map((r) => r.replay.status).join('/')}`);
  });
  await attempt(`races-refresh-${suffix}`, async () => {
    const rs = [];
    for (let i = 0; i < rounds; i++) rs.push(await refreshRace(b, i));
    const redeemed = rs.flatMap((r) => r.second).filter((a) => a.status === 200).length;
    return verdict(`races-refresh-${suffix}`, b.nodes.length, rs, WAYS, 'redemptions of one refresh token', `; returned refresh tokens redeemed ${redeemed}/${rs.length * WAYS}`);
  });
  return out;
}

export const races: Check = async ({ ci, log }) => {
  const rounds = ci ? 2 : 5;
  const dir = tempDir('entrada-rel-races-');
  const { seedFile, cert } = await seedWithCertificateApp(dir);
  const results: CheckResult[] = [];

  // SQLite: one node.
  {
    const t0 = Date.now();
    let node: NodeHandle | undefined;
    try {
      node = await startNode({ seedFile });
      log(`sqlite node up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${node.origin}`);
      results.push(...(await runBackend({ label: 'sqlite', nodes: [node] }, cert, rounds, log)));
      if (!node.alive()) results.push({ name: 'races-sqlite', ok: false, summary: 'the node died during the races', details: node.output().split('\n').slice(-12) });
    } catch (error) {
      results.push({ name: 'races-sqlite', ok: false, summary: `could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    } finally {
      await node?.kill();
    }
  }

  // PostgreSQL: two nodes on one schema (started one after the other: both apply the seed).
  {
    const t0 = Date.now();
    const nodes: NodeHandle[] = [];
    let schema: Awaited<ReturnType<typeof pgSchema>> | undefined;
    try {
      schema = await pgSchema('rel_races');
      nodes.push(await startNode({ seedFile, databaseUrl: schema.url }));
      nodes.push(await startNode({ seedFile, databaseUrl: schema.url }));
      log(`pg nodes up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${nodes.map((n) => n.origin).join(', ')}`);
      results.push(...(await runBackend({ label: 'pg', nodes }, cert, rounds, log)));
      for (const n of nodes) if (!n.alive()) results.push({ name: 'races-pg', ok: false, summary: `node ${n.origin} died during the races`, details: n.output().split('\n').slice(-12) });
    } catch (error) {
      results.push({ name: 'races-pg', ok: false, summary: `could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    } finally {
      for (const n of nodes) await n.kill();
      await schema?.drop().catch(() => {});
    }
  }
  return results;
};

const RACE_NAMES = ['code', 'device-code', 'jti', 'refresh'].flatMap((k) => [`races-${k}-sqlite`, `races-${k}-pg`]);

/** The groups run.ts runs: the races, then kill -9 and restart. */
export const raceChecks = [
  { name: 'races', names: RACE_NAMES, run: races },
  { name: 'crash-restart', names: ['crash-restart-sqlite', 'crash-restart-pg'], run: crashRestart },
];
