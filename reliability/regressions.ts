// Issue 9's findings as named regression cases, each its own summary line:
//   memory-exhaustion        distinct 200 KiB ROPC user names against a 192 MB heap (finding 1)
//   nul-postgres-log         `grant_type=x%00y` among 40 legitimate requests: all 41 logged (finding 2)
//   nul-postgres-4xx         NUL in a user name, scope, device-code scope, /organizations user, MI resource (finding 2)
//   signin-log-disk          200 requests with a 250 KiB redirect_uri: the database grows < 4 MiB (finding 5)
//   mi-host                  managed identity: foreign Host and X-Forwarded-For refused (finding 6)
//   error-trace-private      skipped: needs a non-loopback caller (finding 7; unit tests cover it)
//   password-flood           client-credentials tokens/s under a wrong-password flood vs without (finding 3)

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  clientCredentials,
  DEMO,
  form,
  FORM,
  lanes,
  mib,
  percentile,
  pgQuery,
  pgSchema,
  request,
  sleep,
  startNode,
  waitFor,
  type Check,
  type CheckResult,
  type NodeHandle,
  type Response,
} from './harness.js';

const T = DEMO.tenantId;
const TOKEN = `/${T}/oauth2/v2.0/token`;

function short(res: Response | undefined): string {
  if (!res) return 'no answer';
  let code = '';
  try {
    const j = JSON.parse(res.body) as { error?: string; error_codes?: number[]; error_description?: string };
    code = [j.error, j.error_codes?.[0] && `AADSTS${j.error_codes[0]}`].filter(Boolean).join(' ');
  } catch {
    code = res.body.replace(/\s+/g, ' ').slice(0, 80);
  }
  return `${res.status}${code ? ` ${code}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Finding 1: memory exhaustion through the directory cache

const memoryExhaustion: Check = async ({ ci, log }) => {
  const count = Number(process.env.RELIABILITY_MEMORY_REQUESTS ?? '') || 2_500;
  const heapMiB = 192;
  const node = await startNode({ env: { NODE_OPTIONS: `--max-old-space-size=${heapMiB}` } });
  for (let i = 0; i < 5; i++) await clientCredentials(node.origin);
  const before = node.rssKiB();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, node.rssKiB())), 250);
  const base = randomBytes(150 * 1024).toString('base64url').slice(0, 200 * 1024 - 64);
  const statuses = new Map<string, number>();
  const fiveXX: string[] = [];
  let errors = 0;
  let sent = 0;
  let done = 0;
  const t0 = Date.now();
  const deadline = t0 + (ci ? 150_000 : 300_000);
  try {
    await lanes(16, async () => {
      if (sent >= count || !node.alive()) return false;
      const i = sent++;
      const username = `${i.toString(36)}-${base}@${DEMO.domain}`;
      try {
        const res = await request(node.origin, { method: 'POST', path: TOKEN, headers: FORM, body: form({ grant_type: 'password', client_id: DEMO.cli.appId, username, password: 'x', scope: `${DEMO.apiUri}/access_as_user` }), timeoutMs: 30_000 });
        const key = short(res);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (res.status >= 500 && fiveXX.length < 5) fiveXX.push(`HTTP ${key} ← POST ${TOKEN} grant_type=password username=<${username.length} chars #${i}>`);
      } catch {
        errors++;
        if (!node.alive()) return false;
      }
      if (++done % 500 === 0) log(`${done} requests answered, RSS ${mib(node.rssKiB())} MiB`);
      return true;
    }, deadline);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (Date.now() - t0) / 1000;
  await sleep(500);
  const alive = node.alive();
  const after = node.rssKiB();
  const cc = alive ? await clientCredentials(node.origin, 15_000).catch(() => undefined) : undefined;
  const limitMiB = 400;
  const failures: string[] = [];
  if (!alive) failures.push('the node died');
  if (sent < count) failures.push(`only ${sent} of ${count} requests sent`);
  if ([...statuses.keys()].some((k) => k.startsWith('5'))) failures.push('5xx answers');
  if (cc?.status !== 200) failures.push(`client credentials afterwards: ${short(cc)}`);
  if (peak / 1024 > limitMiB) failures.push(`peak RSS ${mib(peak)} MiB > ${limitMiB}`);
  const details = [`answers: ${[...statuses.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}`, ...fiveXX];
  if (!alive) details.push(`output tail: ${node.output().slice(-800).replace(/\s+/g, ' ')}`);
  return [{
    name: 'memory-exhaustion',
    ok: failures.length === 0,
    summary: `${sent} ROPC requests with distinct 200 KiB user names in ${seconds.toFixed(0)} s, heap limit ${heapMiB} MB: alive ${alive ? 'yes' : 'NO'}, RSS ${mib(before)}→${mib(after)} MiB (peak ${mib(peak)}, limit ${limitMiB}), ${errors} network errors, client credentials afterwards ${short(cc)}${failures.length ? ` — ${failures.join('; ')}` : ''}`,
    details,
  }];
};

// ---------------------------------------------------------------------------------------------
// Finding 2: NUL bytes on PostgreSQL

const nulPostgres: Check = async ({ log }) => {
  const schema = await pgSchema('rel_nul');
  const node = await startNode({ databaseUrl: schema.url, miPort: true });
  const results: CheckResult[] = [];

  // (a) One bad request among 40 legitimate ones: all 41 reach the sign-in log.
  {
    const ids: string[] = [];
    const answers: string[] = [];
    const send = async (body: string) => {
      const id = randomUUID();
      const index = ids.push(id) - 1;
      const res = await request(node.origin, { method: 'POST', path: TOKEN, headers: { ...FORM, 'client-request-id': id }, body });
      answers[index] = short(res);
      return res;
    };
    const good = form({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, scope: `${DEMO.apiUri}/.default` });
    const bad = `grant_type=x%00y&client_id=${DEMO.daemon.appId}&client_secret=${encodeURIComponent(DEMO.daemon.secret)}&scope=${encodeURIComponent(`${DEMO.apiUri}/.default`)}`;
    // All in flight together so that they share a batch.
    const sends: Promise<Response>[] = [];
    for (let i = 0; i < 40; i++) {
      if (i === 20) sends.push(send(bad));
      sends.push(send(good));
    }
    const res = await Promise.all(sends);
    const badAnswer = answers[20];
    let logged = 0;
    await waitFor(async () => {
      const rows = await pgQuery<{ n: string }>(`select count(*) as n from "${schema.schema}".sign_in_log where correlation_id = any($1)`, [ids]);
      logged = Number(rows[0].n);
      return logged >= ids.length;
    }, 5_000, 200);
    const badLogged = Number((await pgQuery<{ n: string }>(`select count(*) as n from "${schema.schema}".sign_in_log where correlation_id = $1`, [ids[20]]))[0].n);
    const fiveXX = res.filter((r) => r.status >= 500).length;
    const ok = logged === 41 && fiveXX === 0 && badAnswer.startsWith('4');
    results.push({
      name: 'nul-postgres-log',
      ok,
      summary: `${logged} of 41 requests in the sign-in log (1 with grant_type=x%00y, answered ${badAnswer}; logged ${badLogged ? 'yes' : 'NO'}), ${fiveXX} 5xx`,
      details: ok ? undefined : [`request: POST ${TOKEN} body ${bad.slice(0, 60)}… among 40 client-credentials requests`, `answers: ${tally(answers)}`],
    });
    log(`log case: ${logged}/41 logged`);
  }

  // (b) NUL in other values: 4xx, never 5xx.
  {
    const cases: Array<{ label: string; origin: string; method: string; path: string; headers?: Record<string, string>; body?: string }> = [
      { label: 'ROPC username', origin: node.origin, method: 'POST', path: TOKEN, headers: FORM, body: `grant_type=password&client_id=${DEMO.cli.appId}&username=alice%00@${DEMO.domain}&password=x&scope=openid` },
      { label: 'ROPC username (organizations)', origin: node.origin, method: 'POST', path: '/organizations/oauth2/v2.0/token', headers: FORM, body: `grant_type=password&client_id=${DEMO.cli.appId}&username=alice%00@${DEMO.domain}&password=x&scope=openid` },
      { label: 'ROPC username (organizations, NUL in domain)', origin: node.origin, method: 'POST', path: '/organizations/oauth2/v2.0/token', headers: FORM, body: `grant_type=password&client_id=${DEMO.cli.appId}&username=alice@entrada%00.localhost&password=x&scope=openid` },
      { label: 'client-credentials scope', origin: node.origin, method: 'POST', path: TOKEN, headers: FORM, body: `grant_type=client_credentials&client_id=${DEMO.daemon.appId}&client_secret=${encodeURIComponent(DEMO.daemon.secret)}&scope=api://entrada%00-demo-api/.default` },
      { label: 'ROPC scope', origin: node.origin, method: 'POST', path: TOKEN, headers: FORM, body: `grant_type=password&client_id=${DEMO.cli.appId}&username=${encodeURIComponent(DEMO.users[0].upn)}&password=${DEMO.users[0].password}&scope=api://entrada-demo-api/access%00_as_user` },
      { label: 'v1 resource', origin: node.origin, method: 'POST', path: `/${T}/oauth2/token`, headers: FORM, body: `grant_type=client_credentials&client_id=${DEMO.daemon.appId}&client_secret=${encodeURIComponent(DEMO.daemon.secret)}&resource=api://entrada%00-demo-api` },
      { label: 'device-code scope', origin: node.origin, method: 'POST', path: `/${T}/oauth2/v2.0/devicecode`, headers: FORM, body: `client_id=${DEMO.cli.appId}&scope=openid%00profile` },
      { label: 'device-code scope (organizations)', origin: node.origin, method: 'POST', path: `/organizations/oauth2/v2.0/devicecode`, headers: FORM, body: `client_id=${DEMO.cli.appId}&scope=api://entrada-demo-api/x%00` },
      { label: 'user realm (organizations user name)', origin: node.origin, method: 'GET', path: `/common/userrealm/alice%00@${DEMO.domain}?api-version=2.0` },
      { label: 'GetUserRealm.srf login', origin: node.origin, method: 'GET', path: `/GetUserRealm.srf?login=alice%00@${DEMO.domain}` },
      { label: 'authorize login_hint (organizations)', origin: node.origin, method: 'GET', path: `/organizations/oauth2/v2.0/authorize?client_id=${DEMO.cli.appId}&response_type=code&redirect_uri=http%3A%2F%2Flocalhost&scope=openid&login_hint=alice%00@${DEMO.domain}` },
      { label: 'client_id', origin: node.origin, method: 'POST', path: TOKEN, headers: FORM, body: `grant_type=client_credentials&client_id=e7ada000-0000-4000-8000-00000000000%00&client_secret=x&scope=x` },
      { label: 'MI IMDS resource', origin: node.miOrigin!, method: 'GET', path: '/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://entrada%00-demo-api', headers: { Metadata: 'true' } },
      { label: 'MI IMDS client_id', origin: node.miOrigin!, method: 'GET', path: `/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent(DEMO.apiUri)}&client_id=e7ada000%00`, headers: { Metadata: 'true' } },
      { label: 'MI App Service resource', origin: node.miOrigin!, method: 'GET', path: '/msi/token?api-version=2019-08-01&resource=api://entrada%00-demo-api', headers: { 'X-IDENTITY-HEADER': node.identityHeader } },
    ];
    const bad: string[] = [];
    const lines: string[] = [];
    for (const c of cases) {
      const res = await request(c.origin, { method: c.method, path: c.path, headers: c.headers, body: c.body }).catch((e: Error) => ({ status: 0, headers: {}, body: e.message }) as Response);
      lines.push(`${c.label}: ${short(res)}`);
      if (res.status < 400 || res.status >= 500) bad.push(`${c.label}: HTTP ${short(res)} ← ${c.method} ${c.path.slice(0, 140)}${c.body ? ` body ${c.body.slice(0, 140)}` : ''}`);
    }
    const cc = await clientCredentials(node.origin);
    results.push({
      name: 'nul-postgres-4xx',
      ok: bad.length === 0 && cc.status === 200 && node.alive(),
      summary: `${cases.length - bad.length} of ${cases.length} NUL values answered 4xx${bad.length ? ` (${bad.length} not)` : ''}, client credentials afterwards ${short(cc)}`,
      details: bad.length ? bad : undefined,
    });
    log(lines.join('; '));
  }
  await node.kill();
  await schema.drop();
  return results;
};

// ---------------------------------------------------------------------------------------------
// Finding 5: the sign-in log fills the disk

function dbBytes(home: string): number {
  let total = 0;
  for (const f of ['entrada.db', 'entrada.db-wal', 'entrada.db-shm']) {
    const p = join(home, f);
    if (existsSync(p)) total += statSync(p).size;
  }
  return total;
}

const signInLogDisk: Check = async ({ log }) => {
  const node = await startNode();
  // Warm up (first writes, WAL created) so that only the hostile requests are measured.
  for (let i = 0; i < 20; i++) await clientCredentials(node.origin);
  await sleep(1_000);
  const before = dbBytes(node.home);
  const big = `https://localhost:3000/${'a'.repeat(250 * 1024)}`;
  const statuses = new Map<string, number>();
  let i = 0;
  const t0 = Date.now();
  await lanes(8, async () => {
    if (i >= 200) return false;
    const k = i++;
    let res: Response;
    if (k % 2 === 0) {
      res = await request(node.origin, { method: 'POST', path: TOKEN, headers: { ...FORM, origin: `https://${'o'.repeat(2000)}.example` }, body: form({ grant_type: 'authorization_code', client_id: DEMO.webApp.appId, client_secret: DEMO.webApp.secret, code: `code-${k}`, redirect_uri: big, scope: 'openid' }) });
    } else {
      res = await request(node.origin, { method: 'POST', path: `/${T}/oauth2/v2.0/authorize`, headers: FORM, body: form({ client_id: DEMO.webApp.appId, response_type: 'code', redirect_uri: big, scope: 'openid', state: String(k) }) });
    }
    const key = short(res);
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    return true;
  });
  const seconds = (Date.now() - t0) / 1000;
  await sleep(1_500); // the recorder's flush interval, and then some
  const after = dbBytes(node.home);
  const grownMiB = (after - before) / 1024 / 1024;
  const limitMiB = 4;
  const fiveXX = [...statuses.keys()].filter((k) => k.startsWith('5'));
  const ok = grownMiB < limitMiB && fiveXX.length === 0 && node.alive();
  log(`answers: ${[...statuses.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  await node.kill();
  return [{
    name: 'signin-log-disk',
    ok,
    summary: `200 requests with a 250 KiB redirect_uri (token and authorize POST) in ${seconds.toFixed(1)} s: database ${(before / 1024 / 1024).toFixed(2)}→${(after / 1024 / 1024).toFixed(2)} MiB (+${grownMiB.toFixed(2)}, limit ${limitMiB})${fiveXX.length ? `, 5xx: ${fiveXX.join(', ')}` : ''}`,
    details: ok ? undefined : [`requests: POST ${TOKEN} grant_type=authorization_code&redirect_uri=<250 KiB> (Origin: 2 KB), POST /${T}/oauth2/v2.0/authorize redirect_uri=<250 KiB>`, `answers: ${[...statuses.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}`],
  }];
};

// ---------------------------------------------------------------------------------------------
// Finding 6: the managed identity endpoint and Host / X-Forwarded-For

const miHost: Check = async () => {
  const node = await startNode({ miPort: true });
  const mi = node.miOrigin!;
  const port = new URL(mi).port;
  const imds = `/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent(DEMO.apiUri)}`;
  const appService = `/msi/token?api-version=2019-08-01&resource=${encodeURIComponent(DEMO.apiUri)}`;
  const cases: Array<{ label: string; path: string; headers: Record<string, string>; expect: 'ok' | 'refused' }> = [
    { label: 'IMDS, loopback Host', path: imds, headers: { Metadata: 'true' }, expect: 'ok' },
    { label: 'App Service, loopback Host', path: appService, headers: { 'X-IDENTITY-HEADER': node.identityHeader }, expect: 'ok' },
    { label: 'IMDS, Host localhost', path: imds, headers: { Metadata: 'true', Host: `localhost:${port}` }, expect: 'ok' },
    { label: 'IMDS, Host attacker.example:9644', path: imds, headers: { Metadata: 'true', Host: 'attacker.example:9644' }, expect: 'refused' },
    { label: 'IMDS, Host attacker.example', path: imds, headers: { Metadata: 'true', Host: 'attacker.example' }, expect: 'refused' },
    // IMDS's own address is accepted on purpose (a client pointed at it through a local forward).
    { label: 'IMDS, Host 169.254.169.254', path: imds, headers: { Metadata: 'true', Host: '169.254.169.254' }, expect: 'ok' },
    { label: 'IMDS, Host [::1]', path: imds, headers: { Metadata: 'true', Host: `[::1]:${port}` }, expect: 'ok' },
    { label: 'IMDS, Host localhost.attacker.example', path: imds, headers: { Metadata: 'true', Host: `localhost.attacker.example:${port}` }, expect: 'refused' },
    { label: 'IMDS, Host 127.0.0.1.nip.io', path: imds, headers: { Metadata: 'true', Host: '127.0.0.1.nip.io' }, expect: 'refused' },
    { label: 'App Service, Host attacker.example:9644', path: appService, headers: { 'X-IDENTITY-HEADER': node.identityHeader, Host: 'attacker.example:9644' }, expect: 'refused' },
    { label: 'IMDS, X-Forwarded-For 1.2.3.4', path: imds, headers: { Metadata: 'true', 'X-Forwarded-For': '1.2.3.4' }, expect: 'refused' },
    { label: 'IMDS, X-Forwarded-For 127.0.0.1', path: imds, headers: { Metadata: 'true', 'X-Forwarded-For': '127.0.0.1' }, expect: 'refused' },
    { label: 'IMDS, Forwarded for=1.2.3.4', path: imds, headers: { Metadata: 'true', Forwarded: 'for=1.2.3.4' }, expect: 'refused' },
    { label: 'App Service, X-Forwarded-For 1.2.3.4', path: appService, headers: { 'X-IDENTITY-HEADER': node.identityHeader, 'X-Forwarded-For': '1.2.3.4' }, expect: 'refused' },
  ];
  const bad: string[] = [];
  const lines: string[] = [];
  for (const c of cases) {
    const res = await request(mi, { path: c.path, headers: c.headers });
    const got = res.status === 200 && /access_token/.test(res.body) ? 'ok' : res.status >= 400 && res.status < 500 ? 'refused' : `HTTP ${res.status}`;
    lines.push(`${c.label}: ${res.status}`);
    if (got !== c.expect) bad.push(`${c.label}: expected ${c.expect}, got ${short(res)} ← GET ${mi}${c.path} [${Object.entries(c.headers).map(([k, v]) => `${k}: ${v}`).join('; ')}]`);
  }
  await node.kill();
  return [{
    name: 'mi-host',
    ok: bad.length === 0,
    summary: `${cases.length - bad.length} of ${cases.length} as expected (foreign Host and X-Forwarded-For refused, loopback served)`,
    details: bad.length ? [...bad, `all: ${lines.join('; ')}`] : undefined,
  }];
};

// ---------------------------------------------------------------------------------------------
// Finding 3: password hashing vs token issuance

async function ccThroughput(node: NodeHandle, ms: number, concurrency: number): Promise<{ perSecond: number; p50: number; p95: number; ok: number; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const t0 = Date.now();
  await lanes(concurrency, async () => {
    const s = performance.now();
    const res = await clientCredentials(node.origin, 20_000).catch(() => undefined);
    if (res?.status === 200) latencies.push(performance.now() - s);
    else failed++;
    return true;
  }, t0 + ms);
  const seconds = (Date.now() - t0) / 1000;
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), ok: latencies.length, failed };
}

const passwordFlood: Check = async ({ ci, log }) => {
  const node = await startNode();
  const ms = Number(process.env.RELIABILITY_FLOOD_MS ?? '') || (ci ? 4_000 : 5_000);
  await ccThroughput(node, 1_000, 8); // warm-up
  const before = await ccThroughput(node, ms, 8);
  log(`baseline before: ${before.perSecond.toFixed(0)} tokens/s, p50 ${before.p50.toFixed(0)} ms`);
  let stop = false;
  const flood = { sent: 0, statuses: new Map<string, number>() };
  const floodDone = lanes(16, async () => {
    if (stop) return false;
    const res = await request(node.origin, { method: 'POST', path: TOKEN, headers: FORM, body: form({ grant_type: 'password', client_id: DEMO.cli.appId, username: DEMO.users[flood.sent % 2].upn, password: `wrong-${flood.sent}`, scope: 'openid' }), timeoutMs: 60_000 }).catch(() => undefined);
    flood.sent++;
    const key = short(res);
    flood.statuses.set(key, (flood.statuses.get(key) ?? 0) + 1);
    return true;
  });
  await sleep(500); // let the flood reach its steady state
  const under = await ccThroughput(node, ms, 8);
  stop = true;
  const floodSeconds = (ms + 500) / 1000;
  const floodRate = flood.sent / floodSeconds;
  await floodDone; // the requests still queued finish (or are refused at the queue's deadline)
  await sleep(500);
  // The machine is shared and noisy: the baseline is the mean of a run before and one after.
  const afterRun = await ccThroughput(node, ms, 8);
  log(`baseline after: ${afterRun.perSecond.toFixed(0)} tokens/s, p50 ${afterRun.p50.toFixed(0)} ms`);
  const baseline = { perSecond: (before.perSecond + afterRun.perSecond) / 2, p50: (before.p50 + afterRun.p50) / 2 };
  const ratio = under.perSecond / baseline.perSecond;
  const floor = ci ? 0.5 : 0.8;
  const fiveXX = [...flood.statuses.keys()].filter((k) => k.startsWith('5'));
  const ok = ratio >= floor && fiveXX.length === 0 && under.failed === 0 && node.alive();
  await node.kill();
  return [{
    name: 'password-flood',
    ok,
    summary: `client credentials ${baseline.perSecond.toFixed(0)} tokens/s (p50 ${baseline.p50.toFixed(0)} ms) without (${before.perSecond.toFixed(0)} before, ${afterRun.perSecond.toFixed(0)} after), ${under.perSecond.toFixed(0)} tokens/s (p50 ${under.p50.toFixed(0)} ms, p95 ${under.p95.toFixed(0)} ms) under 16 connections of wrong passwords: ${(ratio * 100).toFixed(0)}% (target 80%, fails below ${(floor * 100).toFixed(0)}%); flood answered ${floodRate.toFixed(1)} req/s during the measurement, ${flood.sent} in all: ${[...flood.statuses.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}${under.failed ? `; ${under.failed} token requests failed` : ''}`,
    details: ok ? undefined : [`flood request: POST ${TOKEN} grant_type=password&client_id=${DEMO.cli.appId}&username=alice@…&password=wrong-N ×16 connections`],
  }];
};

function tally(xs: string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].map(([k, n]) => `${k} ×${n}`).join(', ');
}

const errorTracePrivate: Check = async () => [{
  name: 'error-trace-private',
  ok: true,
  skipped: true,
  summary: 'skipped — /error?trace_id= from a non-loopback caller cannot be made on loopback (unit tests cover finding 7)',
}];

export const regressionChecks: Array<{ name: string; names: string[]; run: Check }> = [
  { name: 'memory-exhaustion', names: ['memory-exhaustion'], run: memoryExhaustion },
  { name: 'nul-postgres', names: ['nul-postgres-log', 'nul-postgres-4xx'], run: nulPostgres },
  { name: 'signin-log-disk', names: ['signin-log-disk'], run: signInLogDisk },
  { name: 'mi-host', names: ['mi-host'], run: miHost },
  { name: 'error-trace-private', names: ['error-trace-private'], run: errorTracePrivate },
  { name: 'password-flood', names: ['password-flood'], run: passwordFlood },
];
