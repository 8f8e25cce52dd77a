// Operations on the HTTPS listener, over app.inject(): /healthz and /readyz, /metrics (who may read
// it, what it counts, that no traffic grows its series) and the request log (--log pretty|json),
// which must never carry a secret or a query string.

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { DAEMON, TENANT } from '../support/demo-seed.js';
import { inProcessEntrada, useEntrada } from '../support/in-process.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';
import { tokenClient } from '../support/token-client.js';
import { form } from '../support/wire.js';

const TOKEN = `/${TENANT}/oauth2/v2.0/token`;
const TOKEN_ROUTE = '/{tenant}/oauth2/v2.0/token';
const SCOPE = 'api://entrada-demo-api/.default';
const WRONG_SECRET = 'not~the~secret~0002';

/** A request log sink that keeps its lines. */
function captured() {
  const lines: string[] = [];
  return { lines, sink: { write: (line: string) => void lines.push(line) } };
}

/** The series in an exposition text (`name{labels} value` lines), without comments. */
function seriesOf(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

function tokenRequests(target: Parameters<typeof tokenClient>[0]) {
  const { send } = tokenClient(target);
  return {
    success: () => send(TOKEN, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: SCOPE })),
    refused: () => send(TOKEN, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: WRONG_SECRET, scope: SCOPE })),
  };
}

describe('/healthz and /readyz', () => {
  const entrada = useEntrada();

  it('/healthz answers 200 {"status":"ok"} to GET and HEAD, uncached, without authentication', async () => {
    const get = await entrada.app.inject({ url: '/healthz' });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ status: 'ok' });
    expect(get.headers['cache-control']).toBe('no-store');
    const head = await entrada.app.inject({ method: 'HEAD', url: '/healthz' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('/readyz answers 200 and names each check when storage answers and the keys are loaded', async () => {
    const get = await entrada.app.inject({ url: '/readyz' });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ status: 'ready', checks: { storage: 'ok', signingKeys: 'ok', migrations: 'ok' } });
    expect((await entrada.app.inject({ method: 'HEAD', url: '/readyz' })).statusCode).toBe(200);
  });

  it('/readyz answers 503 naming the storage when the database is gone, and /healthz still 200', async () => {
    const broken = await inProcessEntrada();
    try {
      await broken.storage.close();
      const ready = await broken.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      const body = ready.json() as { status: string; failed: string[]; checks: Record<string, string> };
      expect(body.status).toBe('not ready');
      expect(body.failed).toEqual(['storage']);
      expect(body.checks.storage).toMatch(/^failed/);
      expect(body.checks.signingKeys).toBe('ok');
      expect((await broken.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await broken.dispose();
    }
  });
});

describe('/metrics', () => {
  const entrada = useEntrada();
  const tokens = tokenRequests(entrada);

  const scrape = async (remoteAddress?: string) => entrada.app.inject({ url: '/metrics', remoteAddress });

  it('counts a successful and a refused token request by endpoint, method, status, grant, outcome and code', async () => {
    expect((await tokens.success()).statusCode).toBe(200);
    const refused = await tokens.refused();
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error_codes).toEqual([7000215]);

    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const series = seriesOf(res.body);
    expect(series).toContain(
      `entrada_http_requests_total{endpoint="${TOKEN_ROUTE}",method="POST",status="200",grant_type="client_credentials",outcome="success",code=""} 1`,
    );
    expect(series).toContain(
      `entrada_http_requests_total{endpoint="${TOKEN_ROUTE}",method="POST",status="401",grant_type="client_credentials",outcome="refused",code="7000215"} 1`,
    );
    expect(series).toContain(`entrada_http_request_duration_seconds_count{endpoint="${TOKEN_ROUTE}"} 2`);
    expect(series.some((s) => s.startsWith(`entrada_http_request_duration_seconds_bucket{le="0.005",endpoint="${TOKEN_ROUTE}"}`))).toBe(true);
    // The sign-in log's queue, Node's process figures; no pool on SQLite.
    expect(series.some((s) => /^entrada_sign_in_log_queue_depth \d+$/.test(s))).toBe(true);
    expect(series).toContain('entrada_sign_in_log_dropped_total 0');
    expect(series.some((s) => s.startsWith('process_cpu_user_seconds_total '))).toBe(true);
    expect(series.some((s) => s.startsWith('nodejs_eventloop_lag_seconds '))).toBe(true);
    expect(series.some((s) => s.startsWith('entrada_storage_pool_'))).toBe(false);
  });

  it('labels a request no route matched "unmatched", and a discovery request by its route template', async () => {
    await entrada.app.inject({ url: `/no/such/${randomUUID()}` });
    await entrada.app.inject({ url: `/${TENANT}/v2.0/.well-known/openid-configuration` });
    const series = seriesOf((await scrape()).body);
    expect(series.some((s) => s.startsWith('entrada_http_requests_total{endpoint="unmatched",method="GET",status="404"'))).toBe(true);
    expect(series.some((s) => s.startsWith('entrada_http_requests_total{endpoint="/{tenant}/v2.0/.well-known/openid-configuration",method="GET",status="200"'))).toBe(true);
  });

  it('counts the managed identity endpoint (its own listener) in the same figures', async () => {
    const mi = entrada.managedIdentity;
    expect(mi).toBeDefined();
    const res = await mi!.app.inject({ url: '/metadata/identity/oauth2/token?resource=api://entrada-demo-api', headers: { metadata: 'true' } });
    expect(res.statusCode).toBe(400);
    const series = seriesOf((await scrape()).body);
    expect(series).toContain('entrada_http_requests_total{endpoint="/metadata/identity/oauth2/token",method="GET",status="400",grant_type="",outcome="refused",code=""} 1');
  });

  it('is a 404 for any peer but this host by default (as if the path did not exist)', async () => {
    const notFound = await entrada.app.inject({ url: `/not-a-path-${randomUUID()}` });
    for (const peer of ['10.0.0.7', '192.168.1.20', '2001:db8::1', '2002:7f00:1::1', '::ffff:10.0.0.7']) {
      const res = await scrape(peer);
      expect(res.statusCode, peer).toBe(404);
      expect(res.body).toBe(notFound.body);
      expect(res.body).not.toContain('entrada_');
    }
    for (const peer of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect((await scrape(peer)).statusCode, peer).toBe(200);
    }
  });

  it('does not grow its series whatever the paths, methods, tenants and grant types sent', async () => {
    const random = () => randomBytes(6).toString('hex');
    const { send } = tokenClient(entrada);
    const kinds = [
      () => entrada.app.inject({ url: `/${random()}/${random()}?${random()}=${random()}` }),
      () => entrada.app.inject({ method: 'POST', url: `/${random()}`, payload: random() }),
      () => entrada.app.inject({ method: 'DELETE', url: `/${random()}/oauth2/${random()}` }),
      () => send(`/${randomUUID()}/oauth2/v2.0/token`, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: random(), scope: SCOPE })),
      () => send(TOKEN, form({ grant_type: `urn:${random()}`, client_id: DAEMON.id, client_secret: random(), scope: SCOPE })),
    ];
    for (const kind of kinds) await kind(); // each kind's series exists before counting
    const before = seriesOf((await scrape()).body).filter((s) => s.startsWith('entrada_http_'));
    for (let i = 0; i < 1000; i++) await kinds[i % kinds.length]();
    const after = seriesOf((await scrape()).body).filter((s) => s.startsWith('entrada_http_'));
    expect(after.length).toBe(before.length);
    expect(after.map((s) => s.replace(/ [^ ]+$/, ''))).toEqual(before.map((s) => s.replace(/ [^ ]+$/, '')));
    expect(after.join('\n')).toContain('grant_type="other"');
  });
});

describe('--metrics any and off', () => {
  const open = useEntrada({ env: { ENTRADA_METRICS: 'any' } });
  const off = useEntrada({ env: { ENTRADA_METRICS: 'off' } });

  it('any: served to every peer', async () => {
    const res = await open.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('# TYPE entrada_http_requests_total counter');
  });

  it('off: no route, not even for this host; /healthz and /readyz stay', async () => {
    expect((await off.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    expect((await off.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('two Entradas in one process count apart (each its own registry)', async () => {
    await open.app.inject({ url: '/healthz' });
    await open.app.inject({ url: '/healthz' });
    const other = await inProcessEntrada();
    try {
      await other.app.inject({ url: '/healthz' });
      const count = (text: string) => seriesOf(text).find((s) => s.startsWith('entrada_http_requests_total{endpoint="/healthz",method="GET"'));
      expect(count((await other.app.inject({ url: '/metrics' })).body)).toMatch(/ 1$/);
      expect(count((await open.app.inject({ url: '/metrics' })).body)).toMatch(/ [2-9]\d*$/);
    } finally {
      await other.dispose();
    }
  });
});

describe('the request log', () => {
  const pretty = captured();
  const json = captured();
  const prettyEntrada = useEntrada({ env: { ENTRADA_LOG: 'pretty' }, requestLog: pretty.sink });
  const jsonEntrada = useEntrada({ env: { ENTRADA_LOG: 'json' }, requestLog: json.sink });

  /** A refused token request whose body holds a secret and whose URL a query string, and an /authorize with login_hint and state. */
  async function sendSensitive(target: Parameters<typeof tokenClient>[0]) {
    const { send } = tokenClient(target);
    const token = await send(`${TOKEN}?leak=query-marker`, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: WRONG_SECRET, scope: SCOPE }));
    const success = await send(TOKEN, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: SCOPE }));
    const access = (success.json() as { access_token: string }).access_token;
    await target.app.inject({
      url: `/${TENANT}/oauth2/v2.0/authorize?client_id=${DAEMON.id}&login_hint=hint-marker%40example.com&state=state-marker&response_type=code&scope=openid`,
    });
    return { traceId: String(token.headers['x-ms-request-id']), access };
  }

  const secrets = (access: string) => [WRONG_SECRET, DAEMON.secret, access, 'query-marker', 'hint-marker', 'state-marker', '?'];

  it('pretty: one short line per request, never a secret, a token or a query string; probes left out', async () => {
    const { traceId, access } = await sendSensitive(prettyEntrada);
    await prettyEntrada.app.inject({ url: '/healthz' });
    const line = pretty.lines.find((l) => l.includes(traceId));
    expect(line).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} POST /\\{tenant\\}/oauth2/v2\\.0/token 401 AADSTS7000215 client_credentials \\d+\\.\\d ms trace=${traceId}\\n$`),
    );
    expect(pretty.lines.some((l) => / POST \/\{tenant\}\/oauth2\/v2\.0\/token 200 client_credentials /.test(l))).toBe(true);
    expect(pretty.lines.some((l) => l.includes(' GET /{tenant}/oauth2/v2.0/authorize '))).toBe(true);
    for (const l of pretty.lines) {
      expect(l.endsWith('\n') && l.indexOf('\n') === l.length - 1).toBe(true);
      for (const s of secrets(access)) expect(l).not.toContain(s);
    }
    expect(pretty.lines.some((l) => l.includes('/healthz'))).toBe(false);
  });

  it('json: one pino object per line with trace id, endpoint, path, outcome, code and duration; never a secret', async () => {
    const { traceId, access } = await sendSensitive(jsonEntrada);
    await jsonEntrada.app.inject({ url: '/healthz' });
    const records = json.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.traceId === traceId)).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'POST',
      endpoint: TOKEN_ROUTE,
      path: TOKEN,
      status: 401,
      outcome: 'refused',
      code: 7000215,
      grantType: 'client_credentials',
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const authorize = records.find((r) => r.endpoint === '/{tenant}/oauth2/v2.0/authorize');
    expect(authorize?.path).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
    expect(records.some((r) => r.endpoint === '/healthz' && r.status === 200 && r.outcome === 'success')).toBe(true);
    for (const l of json.lines) for (const s of secrets(access)) expect(l).not.toContain(s);
  });

  it('off: no line at all', async () => {
    const quiet = captured();
    const entrada = await inProcessEntrada({ env: { ENTRADA_LOG: 'off' }, requestLog: quiet.sink });
    try {
      await tokenRequests(entrada).success();
      expect(quiet.lines).toEqual([]);
    } finally {
      await entrada.dispose();
    }
  });
});

describe('configuration', () => {
  const load = (flags: Record<string, string>, env: NodeJS.ProcessEnv = {}) => loadConfig(env, { home: '/tmp/x', ...flags });

  it('defaults to pretty logs and loopback-only metrics; flags win over the environment', () => {
    expect(load({})).toMatchObject({ ok: true, config: { log: 'pretty', metrics: 'loopback' } });
    expect(load({}, { ENTRADA_LOG: 'json', ENTRADA_METRICS: 'any' })).toMatchObject({ ok: true, config: { log: 'json', metrics: 'any' } });
    expect(load({ log: 'off', metrics: 'off' }, { ENTRADA_LOG: 'json', ENTRADA_METRICS: 'any' })).toMatchObject({ ok: true, config: { log: 'off', metrics: 'off' } });
  });

  it('names the setting and the values it takes when a value is wrong', () => {
    expect(load({ log: 'yaml' })).toEqual({ ok: false, errors: ['log: must be pretty, json or off (--log, ENTRADA_LOG), not "yaml"'] });
    expect(load({}, { ENTRADA_METRICS: 'public' })).toEqual({
      ok: false,
      errors: ['metrics: must be loopback, any or off (--metrics, ENTRADA_METRICS), not "public"'],
    });
  });
});

const unreachable = await probe();
if (unreachable !== undefined && !IN_CI) console.warn(`[ops] PostgreSQL part skipped: not reachable (${unreachable})`);

describe.skipIf(unreachable !== undefined && !IN_CI)('on PostgreSQL', () => {
  const schemas = schemaFactory('entrada_ops');
  afterAll(() => schemas.dispose());

  it('/readyz pings through the pool, and /metrics shows the pool', async () => {
    const entrada = await inProcessEntrada({ database: await schemas.fresh() });
    try {
      expect((await entrada.app.inject({ url: '/readyz' })).json()).toMatchObject({ status: 'ready', checks: { storage: 'ok' } });
      const series = seriesOf((await entrada.app.inject({ url: '/metrics' })).body);
      expect(series.some((s) => /^entrada_storage_pool_connections [1-9]\d*$/.test(s))).toBe(true);
      expect(series.some((s) => /^entrada_storage_pool_idle_connections \d+$/.test(s))).toBe(true);
      expect(series).toContain('entrada_storage_pool_waiting_queries 0');
      expect(series).toContain('entrada_storage_pool_max_connections 10');

      // Every pooled connection held by a transaction: /readyz answers 503 within its timeout
      // rather than waiting for one, and the scrape shows the queue.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const transactions = Array.from({ length: 10 }, () => entrada.storage.directoryAdmin.transact(() => held));
      await new Promise((resolve) => setTimeout(resolve, 200));
      // It answers while the connections are still held (they are released only below): it did not wait.
      const stalled = await entrada.app.inject({ url: '/readyz' });
      expect(stalled.statusCode).toBe(503);
      expect(stalled.json()).toMatchObject({ failed: ['storage'], checks: { storage: 'failed (no answer within 500 ms)' } });
      expect(seriesOf((await entrada.app.inject({ url: '/metrics' })).body).some((s) => /^entrada_storage_pool_waiting_queries [1-9]\d*$/.test(s))).toBe(true);
      release();
      await Promise.all(transactions);
      expect((await entrada.app.inject({ url: '/readyz' })).statusCode).toBe(200);

      await entrada.storage.close();
      expect((await entrada.app.inject({ url: '/readyz' })).statusCode).toBe(503);
    } finally {
      await entrada.dispose();
    }
  });
});
