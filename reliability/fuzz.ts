// Seeded fuzz of hostile requests across every endpoint family (token v1/v2 with every grant,
// device code, authorize GET/POST, the sign-in and device-login form posts, user realm, discovery,
// /error, Graph sign-ins, logout, the managed identity endpoint, unknown paths and methods,
// malformed URLs), mixed with valid requests from the demo seed so deeper code paths run.
// Asserts: no response >= 500, the node alive at the end, RSS growth bounded, and a valid
// client-credentials request still answered 200 afterwards.
//
// The same seed gives the same sequence of requests per lane (each lane has its own PRNG, seeded
// from the run's seed and the lane number); the interleaving between lanes is up to the server.

import {
  clientCredentials,
  DEMO,
  form,
  lanes,
  mib,
  pgSchema,
  prng,
  request,
  retries,
  sleep,
  startNode,
  type Check,
  type CheckResult,
  type NodeHandle,
  type Response,
} from './harness.js';

type Rng = () => number;

/** One generated request. `mi` targets the managed identity endpoint. */
export interface FuzzRequest {
  family: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  mi?: boolean;
  /** A follow-up built from the answer (two-step flows: sign-in page then form post). */
  followUp?: (res: Response) => FuzzRequest | undefined;
}

const CONCURRENCY = 32;
const RSS_GROWTH_LIMIT_MIB = 150;
const T = DEMO.tenantId;

// ---------------------------------------------------------------------------------------------
// Values

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng: Rng, p: number) => rng() < p;

const enc = encodeURIComponent;

/** A size for an oversized value: mostly 1-16 KiB, sometimes up to 300 KiB. */
function bigSize(rng: Rng): number {
  const r = rng();
  if (r < 0.7) return int(rng, 1024, 16 * 1024);
  if (r < 0.95) return int(rng, 16 * 1024, 100 * 1024);
  return int(rng, 100 * 1024, 300 * 1024);
}

function randomText(rng: Rng, n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

/**
 * A hostile value for a form/query parameter, already in its wire (percent-encoded or deliberately
 * broken) form. `valid` is the legitimate value (wire-encoded by the caller when chosen).
 */
function hostile(rng: Rng, valid: string): string {
  const k = int(rng, 0, 21);
  switch (k) {
    case 0: return '';
    case 1: return enc(valid) + '%00';
    case 2: return enc(valid.slice(0, Math.max(1, valid.length >> 1))) + '%00' + enc(valid.slice(valid.length >> 1));
    case 3: return '%00';
    case 4: return enc(valid) + pick(rng, ['%01', '%07', '%08', '%0B', '%0C', '%1B', '%7F', '%0D%0A', '%0A', '%09']);
    case 5: return pick(rng, ['%FF%FE', '%C0%80', '%ED%A0%80', '%F4%90%80%80', '%E2%82', '%80', '%C3%28']) + enc(valid);
    case 6: return pick(rng, ['%', '%Z', '%ZZ', '%%%', '%2', '%u0041', '%G0']) + enc(valid);
    case 7: return enc(valid) + enc(randomText(rng, bigSize(rng)));
    case 8: return 'x'.repeat(bigSize(rng));
    case 9: return pick(rng, ['[]', '{}', '%5B%5D', '%7B%22a%22%3A1%7D', 'null', 'true', '0', '-1', '1e309', 'NaN', '9'.repeat(400)]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal Log4Shell-style probe, not a template
    case 10: return enc(pick(rng, ["' OR 1=1 --", '"><script>alert(1)</script>', '../../../../etc/passwd', '${jndi:ldap://x}', '{{7*7}}', '\\u0000', 'Robert\'); DROP TABLE users;--']));
    case 11: return enc(pick(rng, ['😀', 'ａｌｉｃｅ', 'ä\u0308', '\u202Eevil', '\uFEFF', 'İ', 'ß', '\u0000'.repeat(3), '\uD800'.replace(/\uD800/, '\uFFFD')]) + enc(valid));
    case 12: return enc(valid.toUpperCase());
    case 13: return enc(` ${valid} `);
    case 14: return enc(valid) + '+' + enc(valid);
    case 15: return enc(valid).replace(/%/g, '%25');
    case 16: return '+'.repeat(int(rng, 1, 50));
    case 17: return enc(valid) + '&' + enc(valid) + '=';
    case 18: return enc('\u0000' + valid);
    case 19: return enc(valid) + '%E2%80%AE%00%FF';
    case 20: return enc(randomText(rng, int(rng, 1, 64)));
    default: return enc(valid);
  }
}

type Param = [string, string];

/**
 * Mutates a parameter list into a wire-encoded query/form string: each parameter is kept, dropped,
 * emptied, repeated or replaced by a hostile value; sometimes junk parameters are added (up to
 * thousands of them).
 */
function mutateParams(rng: Rng, params: Param[], intensity = 0.35): string {
  const out: string[] = [];
  for (const [key, value] of params) {
    if (!chance(rng, intensity)) { out.push(`${enc(key)}=${enc(value)}`); continue; }
    const m = int(rng, 0, 6);
    if (m === 0) continue; // missing
    else if (m === 1) out.push(`${enc(key)}=`); // empty
    else if (m === 2) out.push(`${enc(key)}=${enc(value)}`, `${enc(key)}=${chance(rng, 0.5) ? enc(value) : hostile(rng, value)}`); // repeated
    else if (m === 3) out.push(enc(key)); // no '='
    else if (m === 4) out.push(`${hostile(rng, key)}=${enc(value)}`); // hostile key
    else out.push(`${enc(key)}=${hostile(rng, value)}`);
  }
  if (chance(rng, 0.08)) {
    const n = pick(rng, [20, 200, 1000, 5000]);
    for (let i = 0; i < n; i++) out.push(`p${i}=${i}`);
  }
  if (chance(rng, 0.05)) out.push(pick(rng, ['__proto__=x', 'constructor=x', 'constructor[prototype][x]=1', '__proto__[polluted]=1', 'hasOwnProperty=1', 'toString=1']));
  if (chance(rng, 0.1)) for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out.join(chance(rng, 0.03) ? ';' : '&');
}

/** A body for `params`: mostly form-encoded, sometimes JSON, multipart, wrong types or raw garbage. */
function bodyFor(rng: Rng, params: Param[], intensity = 0.35): { headers: Record<string, string>; body: string | Buffer } {
  const r = rng();
  if (r < 0.8) {
    const ct = chance(rng, 0.9) ? 'application/x-www-form-urlencoded' : pick(rng, ['application/x-www-form-urlencoded; charset=utf-8', 'application/x-www-form-urlencoded; charset=latin1', 'APPLICATION/X-WWW-FORM-URLENCODED', 'application/x-www-form-urlencoded;;;', 'application/x-www-form-urlencoded; charset=']);
    return { headers: { 'content-type': ct }, body: mutateParams(rng, params, intensity) };
  }
  if (r < 0.87) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of params) obj[k] = chance(rng, 0.2) ? pick(rng, [[v, v], { v }, 12, null, true]) : v;
    const text = chance(rng, 0.2) ? JSON.stringify(obj).slice(0, -3) : JSON.stringify(obj);
    return { headers: { 'content-type': 'application/json' }, body: text };
  }
  if (r < 0.92) {
    const boundary = 'xYz' + randomText(rng, 8);
    const parts = params.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + (chance(rng, 0.5) ? `--${boundary}--\r\n` : '');
    return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: parts };
  }
  if (r < 0.96) return { headers: { 'content-type': pick(rng, ['text/plain', 'application/xml', 'application/octet-stream', '', 'x/y', '*/*', 'application/x-www-form-urlencoded;\tx']) }, body: mutateParams(rng, params, intensity) };
  // Raw binary garbage (invalid UTF-8, NULs) as a form.
  const n = chance(rng, 0.8) ? int(rng, 1, 512) : bigSize(rng);
  const buf = Buffer.alloc(n);
  for (let i = 0; i < n; i++) buf[i] = Math.floor(rng() * 256);
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: buf };
}

function tenantSegment(rng: Rng): string {
  if (chance(rng, 0.75)) return pick(rng, [T, T, T, DEMO.domain, 'organizations', 'common', 'consumers']);
  return pick(rng, ['00000000-0000-0000-0000-000000000000', 'ENTRADA.LOCALHOST', 'nope.example', '%00', '%FF', 'a'.repeat(2000), '..', '%2e%2e', T + '%00', 'common%20', '%C0%AE', '8eaef023-2b34-4da1-9baa-8bc8c9d6a49']);
}

function basicGarbage(rng: Rng): Record<string, string> {
  if (!chance(rng, 0.12)) return {};
  const v = pick(rng, [
    'Basic ' + Buffer.from(`${DEMO.daemon.appId}:${DEMO.daemon.secret}`).toString('base64'),
    'Basic ' + Buffer.from(`${DEMO.daemon.appId}:wrong`).toString('base64'),
    'Basic !!!notbase64!!!',
    'Basic ',
    'Basic ' + Buffer.from('no-colon').toString('base64'),
    'Basic ' + Buffer.from(':').toString('base64'),
    'Basic ' + Buffer.from('%ZZ:%00').toString('base64'),
    'Basic ' + Buffer.from('\u0000:\u0000').toString('base64'),
    'Basic ' + Buffer.from('a'.repeat(6000) + ':' + 'b').toString('base64'),
    'Bearer x',
    'Digest username="x"',
    'basic ' + Buffer.from(`${DEMO.webApp.appId}:${DEMO.webApp.secret}`).toString('base64'),
  ]);
  return { authorization: v };
}

const SCOPES = [`${DEMO.apiUri}/.default`, 'https://graph.microsoft.com/.default', `${DEMO.apiUri}/access_as_user openid offline_access`, 'openid profile', 'User.Read', `${DEMO.apiAppId}/.default`];
const CLIENTS = [DEMO.daemon.appId, DEMO.webApp.appId, DEMO.cli.appId, DEMO.spa.appId, DEMO.apiAppId, '00000000-0000-0000-0000-000000000000', 'not-a-guid'];
const FAKE_JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ4In0.c2ln';

// ---------------------------------------------------------------------------------------------
// Families

function tokenRequest(rng: Rng): FuzzRequest {
  const v1 = chance(rng, 0.3);
  const path = `/${tenantSegment(rng)}/oauth2/${v1 ? '' : 'v2.0/'}token`;
  const scopeParam: Param = v1 ? ['resource', pick(rng, [DEMO.apiUri, 'https://graph.microsoft.com', DEMO.apiAppId])] : ['scope', pick(rng, SCOPES)];
  const client = pick(rng, CLIENTS);
  const grants: Array<() => Param[]> = [
    () => [['grant_type', 'client_credentials'], ['client_id', DEMO.daemon.appId], ['client_secret', DEMO.daemon.secret], scopeParam],
    () => [['grant_type', 'client_credentials'], ['client_id', client], ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'], ['client_assertion', pick(rng, [FAKE_JWT, 'a.b.c', '...', 'x'])], scopeParam],
    () => [['grant_type', 'password'], ['client_id', DEMO.cli.appId], ['username', pick(rng, DEMO.users).upn], ['password', pick(rng, ['wrong', DEMO.users[0].password, ''])], scopeParam],
    () => [['grant_type', 'authorization_code'], ['client_id', pick(rng, [DEMO.cli.appId, DEMO.webApp.appId, DEMO.spa.appId])], ['code', pick(rng, ['0.AAAA', randomText(rng, 40), FAKE_JWT])], ['redirect_uri', pick(rng, [DEMO.cli.redirectUri, DEMO.webApp.redirectUri, DEMO.spa.redirectUri, 'https://evil.example/'])], ['code_verifier', randomText(rng, 43)], scopeParam],
    () => [['grant_type', 'refresh_token'], ['client_id', DEMO.cli.appId], ['refresh_token', pick(rng, ['1.AAAA', randomText(rng, 200), FAKE_JWT, ''])], scopeParam],
    () => [['grant_type', pick(rng, ['urn:ietf:params:oauth:grant-type:device_code', 'device_code'])], ['client_id', DEMO.cli.appId], [pick(rng, ['device_code', 'code']), randomText(rng, int(rng, 1, 140))]],
    () => [['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'], ['client_id', DEMO.webApp.appId], ['client_secret', DEMO.webApp.secret], ['assertion', pick(rng, [FAKE_JWT, 'x', ''])], ['requested_token_use', 'on_behalf_of'], scopeParam],
    () => [['grant_type', pick(rng, ['urn:ietf:params:oauth:grant-type:saml2-bearer', 'urn:ietf:params:oauth:grant-type:saml1_1-bearer'])], ['client_id', DEMO.cli.appId], ['assertion', Buffer.from(pick(rng, ['<Assertion/>', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', 'not xml', '<a>' + '<b>'.repeat(2000)])).toString('base64url')], scopeParam],
    () => [['grant_type', pick(rng, ['x\u0000y', 'implicit', 'token', '', 'CLIENT_CREDENTIALS', 'urn:ietf:params:oauth:grant-type:token-exchange'])], ['client_id', client], scopeParam],
  ];
  const params = pick(rng, grants)();
  const { headers, body } = bodyFor(rng, params);
  return { family: 'token', method: chance(rng, 0.03) ? pick(rng, ['GET', 'PUT', 'DELETE', 'PATCH']) : 'POST', path, headers: { ...headers, ...basicGarbage(rng), ...(chance(rng, 0.05) ? { origin: pick(rng, ['http://localhost:5173', 'null', 'https://evil.example', 'x'.repeat(4000)]) } : {}) }, body };
}

function deviceCodeRequest(rng: Rng): FuzzRequest {
  const v1 = chance(rng, 0.3);
  const params: Param[] = [['client_id', pick(rng, [DEMO.cli.appId, DEMO.cli.appId, ...CLIENTS])], v1 ? ['resource', DEMO.apiUri] : ['scope', pick(rng, SCOPES)]];
  const { headers, body } = bodyFor(rng, params, 0.5);
  return { family: 'devicecode', method: chance(rng, 0.05) ? 'GET' : 'POST', path: `/${tenantSegment(rng)}/oauth2/${v1 ? '' : 'v2.0/'}devicecode`, headers, body };
}

function authorizeParams(rng: Rng): Param[] {
  const app = pick(rng, [DEMO.cli, DEMO.webApp, DEMO.spa] as const);
  return [
    ['client_id', app.appId],
    ['response_type', pick(rng, ['code', 'code', 'id_token', 'token', 'code id_token', 'id_token token', 'none', 'x'])],
    ['redirect_uri', chance(rng, 0.8) ? app.redirectUri : pick(rng, ['https://evil.example/cb', 'javascript:alert(1)', 'http://localhost:1/', '//evil.example', 'http://localhost\u0000.evil', 'data:text/html,x', 'http://[::1]:80/', DEMO.webApp.redirectUri + '#frag'])],
    ['scope', pick(rng, ['openid profile offline_access', `${DEMO.apiUri}/access_as_user openid`, 'openid', 'User.Read'])],
    ['state', randomText(rng, 16)],
    ['nonce', randomText(rng, 16)],
    ['response_mode', pick(rng, ['query', 'fragment', 'form_post', 'web_message', 'x'])],
    ['code_challenge', randomText(rng, 43)],
    ['code_challenge_method', pick(rng, ['S256', 'plain', 'S512', ''])],
    ['prompt', pick(rng, ['login', 'none', 'consent', 'select_account', 'create', 'x'])],
    ['login_hint', pick(rng, [DEMO.users[0].upn, 'nobody@nowhere', ''])],
    ['client_info', '1'],
  ].filter(() => chance(rng, 0.92)) as Param[];
}

function authorizeRequest(rng: Rng): FuzzRequest {
  const v1 = chance(rng, 0.25);
  const path = `/${tenantSegment(rng)}/oauth2/${v1 ? '' : 'v2.0/'}authorize`;
  if (chance(rng, 0.65)) return { family: 'authorize', method: 'GET', path: `${path}?${mutateParams(rng, authorizeParams(rng))}`, headers: cookieGarbage(rng) };
  const { headers, body } = bodyFor(rng, authorizeParams(rng));
  return { family: 'authorize', method: 'POST', path: chance(rng, 0.2) ? `${path}?${mutateParams(rng, authorizeParams(rng))}` : path, headers: { ...headers, ...cookieGarbage(rng) }, body };
}

function cookieGarbage(rng: Rng): Record<string, string> {
  if (!chance(rng, 0.15)) return {};
  return { cookie: pick(rng, ['__Host-entrada-signin=x', '__Host-entrada-session=' + 'A'.repeat(3000), '__Host-entrada-session=%00%FF', 'a=b; a=c; ;;; =', '__Host-entrada-signin=' + FAKE_JWT, '__Host-entrada-devicelogin=x']) };
}

/** The sign-in page (a real authorize request), then a mutated post of its form. */
function signInFormRequest(rng: Rng): FuzzRequest {
  const query = form({ client_id: DEMO.cli.appId, response_type: 'code', redirect_uri: DEMO.cli.redirectUri, scope: 'openid offline_access', state: 's', code_challenge: 'abcdefghijabcdefghijabcdefghijabcdefghij123', code_challenge_method: 'S256', prompt: 'login' });
  const seedRng = prng(Math.floor(rng() * 2 ** 32));
  return {
    family: 'signin-form',
    method: 'GET',
    path: `/${T}/oauth2/v2.0/authorize?${query}`,
    headers: {},
    followUp: (res) => {
      const r = seedRng;
      const csrf = /name="csrf" value="([^"]*)"/.exec(res.body)?.[1] ?? '';
      const ctx = /name="ctx" value="([^"]*)"/.exec(res.body)?.[1] ?? '';
      const cookie = [res.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0]).join('; ');
      const user = pick(r, DEMO.users);
      const params: Param[] = [
        ['csrf', chance(r, 0.9) ? csrf : 'forged'],
        ['ctx', chance(r, 0.85) ? ctx : pick(r, ['', 'eyJ2Ijoidj', Buffer.from('{"v":"v2","p":{"client_id":"' + DEMO.cli.appId + '","redirect_uri":"https://evil.example"}}').toString('base64url'), 'A'.repeat(50_000)])],
        ['step', pick(r, ['signin', 'signin', 'consent', 'pick', 'x'])],
        ['username', chance(r, 0.5) ? user.upn : pick(r, ['nobody@entrada.localhost', 'x', 'a@b@c', ''])],
        ['password', chance(r, 0.3) ? user.password : 'wrong-password'],
        ['action', pick(r, ['signin', 'accept', 'cancel', 'x'])],
        ['account', pick(r, ['', user.upn])],
      ];
      const { headers, body } = bodyFor(r, params, 0.3);
      return { family: 'signin-form', method: 'POST', path: chance(r, 0.9) ? `/${T}/login` : `/${tenantSegment(r)}/login`, headers: { ...headers, ...(chance(r, 0.9) && cookie ? { cookie } : cookieGarbage(r)) }, body };
    },
  };
}

/** /devicelogin: the code page, then a mutated post (code step or sign-in step). */
function deviceLoginRequest(rng: Rng): FuzzRequest {
  const seedRng = prng(Math.floor(rng() * 2 ** 32));
  if (chance(rng, 0.2)) {
    const { headers, body } = bodyFor(rng, [['otc', randomText(rng, 9)], ['step', 'code'], ['csrf', 'x']]);
    return { family: 'devicelogin', method: chance(rng, 0.5) ? 'POST' : 'GET', path: chance(rng, 0.5) ? '/devicelogin' : `/devicelogin?${mutateParams(rng, [['otc', 'ABCDEFGHJ']])}`, headers: { ...headers, ...cookieGarbage(rng) }, body };
  }
  return {
    family: 'devicelogin',
    method: 'GET',
    path: '/devicelogin',
    headers: {},
    followUp: (res) => {
      const r = seedRng;
      const csrf = /name="csrf" value="([^"]*)"/.exec(res.body)?.[1] ?? '';
      const cookie = [res.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0]).join('; ');
      const params: Param[] = [
        ['csrf', chance(r, 0.9) ? csrf : 'forged'],
        ['step', pick(r, ['code', 'signin', 'x'])],
        ['otc', pick(r, ['W3YN7FWD7', randomText(r, 9).toUpperCase(), 'a'.repeat(40), ''])],
        ['username', pick(r, [DEMO.users[0].upn, 'x'])],
        ['password', 'wrong'],
        ['action', pick(r, ['approve', 'decline'])],
      ];
      const { headers, body } = bodyFor(r, params, 0.35);
      return { family: 'devicelogin', method: 'POST', path: '/devicelogin', headers: { ...headers, ...(cookie ? { cookie } : {}) }, body };
    },
  };
}

function realmRequest(rng: Rng): FuzzRequest {
  const user = pick(rng, [DEMO.users[0].upn, 'x@nope.example', 'nobody', '']);
  if (chance(rng, 0.55)) {
    const seg = chance(rng, 0.6) ? enc(user) : hostile(rng, user);
    return { family: 'userrealm', method: 'GET', path: `/common/userrealm/${seg}?${mutateParams(rng, [['api-version', pick(rng, ['1.0', '2.0', '3', ''])], ['checkForMicrosoftAccount', 'true']])}`, headers: {} };
  }
  return { family: 'userrealm', method: 'GET', path: `/GetUserRealm.srf?${mutateParams(rng, [['login', user], ['xml', '1']], 0.6)}`, headers: {} };
}

function discoveryRequest(rng: Rng): FuzzRequest {
  const ten = tenantSegment(rng);
  const path = pick(rng, [
    `/${ten}/v2.0/.well-known/openid-configuration`,
    `/${ten}/.well-known/openid-configuration`,
    `/${ten}/discovery/v2.0/keys`,
    `/${ten}/discovery/keys`,
    `/common/discovery/instance?${mutateParams(rng, [['api-version', '1.1'], ['authorization_endpoint', `https://localhost/${T}/oauth2/v2.0/authorize`]], 0.6)}`,
    `/${ten}/v2.0/.well-known/openid-configuration?${mutateParams(rng, [['appid', DEMO.cli.appId], ['p', 'x']], 0.7)}`,
  ]);
  return { family: 'discovery', method: chance(rng, 0.05) ? pick(rng, ['POST', 'HEAD', 'OPTIONS']) : 'GET', path, headers: {} };
}

function errorPageRequest(rng: Rng): FuzzRequest {
  const params: Param[] = [['code', pick(rng, ['50126', '7000215', '0', '-1', '99999999999999999999', 'AADSTS50126', ''])], ['trace_id', pick(rng, ['00000000-0000-0000-0000-000000000000', randomText(rng, 36), ''])]];
  return { family: 'error', method: 'GET', path: chance(rng, 0.1) ? '/error' : `/error?${mutateParams(rng, params, 0.5)}`, headers: {} };
}

function graphRequest(rng: Rng, token: () => string | undefined): FuzzRequest {
  const good = token();
  const auth = chance(rng, 0.35) && good ? `Bearer ${good}` : pick(rng, ['Bearer ' + FAKE_JWT, 'Bearer ', 'Bearer x.y.z', 'Basic abc', '', 'Bearer ' + 'A'.repeat(20_000), good ? `Bearer ${good.slice(0, -4)}AAAA` : 'Bearer q', good ? `bearer ${good}\u0000` : 'x']);
  const params: Param[] = [
    ['$filter', pick(rng, [`appId eq '${DEMO.daemon.appId}'`, 'status/errorCode ne 0', "correlationId eq 'x'", "appId eq '", 'createdDateTime ge 2020-01-01', "appId eq 'a' or 1 eq 1", '((((((((((', "appId eq '" + 'x'.repeat(5000) + "'"])],
    ['$top', pick(rng, ['5', '0', '-1', '1000000', 'abc', '1e3'])],
    ['$skiptoken', pick(rng, ['x', FAKE_JWT, '%00'])],
  ].filter(() => chance(rng, 0.6)) as Param[];
  const headers: Record<string, string> = auth ? { authorization: auth.replace(/\u0000/g, '') } : {};
  return { family: 'graph', method: chance(rng, 0.05) ? 'POST' : 'GET', path: `/v1.0/auditLogs/signIns${params.length ? '?' + mutateParams(rng, params, 0.4) : ''}`, headers };
}

function logoutRequest(rng: Rng): FuzzRequest {
  const v1 = chance(rng, 0.3);
  const params: Param[] = [['post_logout_redirect_uri', pick(rng, [DEMO.spa.redirectUri, 'https://evil.example/', 'javascript:alert(1)', ''])], ['client_id', pick(rng, CLIENTS)], ['state', randomText(rng, 8)], ['logout_hint', DEMO.users[0].upn], ['id_token_hint', FAKE_JWT]].filter(() => chance(rng, 0.7)) as Param[];
  const path = `/${tenantSegment(rng)}/oauth2/${v1 ? '' : 'v2.0/'}logout?${mutateParams(rng, params)}`;
  if (chance(rng, 0.3)) { const b = bodyFor(rng, params); return { family: 'logout', method: 'POST', path, headers: { ...b.headers, ...cookieGarbage(rng) }, body: b.body }; }
  return { family: 'logout', method: 'GET', path, headers: cookieGarbage(rng) };
}

function managedIdentityRequest(rng: Rng, identityHeader: string): FuzzRequest {
  const resource = pick(rng, [DEMO.apiUri, 'https://graph.microsoft.com', DEMO.apiAppId, 'https://management.azure.com/', 'nope']);
  const id: Param[] = chance(rng, 0.3) ? [[pick(rng, ['client_id', 'object_id', 'msi_res_id', 'mi_res_id', 'principal_id']), pick(rng, [DEMO.mi.userClientId, DEMO.mi.systemClientId, 'x', '/subscriptions/x'])]] : [];
  const headers: Record<string, string> = {};
  if (chance(rng, 0.05)) headers.host = pick(rng, ['attacker.example:9644', 'localhost', '169.254.169.254', 'x'.repeat(3000)]);
  if (chance(rng, 0.05)) headers['x-forwarded-for'] = pick(rng, ['1.2.3.4', '127.0.0.1', '%00']);
  if (chance(rng, 0.5)) {
    if (chance(rng, 0.85)) headers.metadata = pick(rng, ['true', 'true', 'True', 'false', '']);
    return { family: 'mi-imds', mi: true, method: chance(rng, 0.05) ? 'POST' : 'GET', path: `/metadata/identity/oauth2/token?${mutateParams(rng, [['api-version', pick(rng, ['2018-02-01', '2019-08-01', '1999-01-01'])], ['resource', resource], ...id])}`, headers };
  }
  if (chance(rng, 0.85)) headers['x-identity-header'] = chance(rng, 0.8) ? identityHeader : pick(rng, ['wrong', '', 'a'.repeat(5000)]);
  return { family: 'mi-appservice', mi: true, method: 'GET', path: `/msi/token?${mutateParams(rng, [['api-version', pick(rng, ['2019-08-01', '2017-09-01', 'x'])], ['resource', resource], ...id])}`, headers };
}

function unknownRequest(rng: Rng, hasMi: boolean): FuzzRequest {
  const path = pick(rng, [
    '/', '/favicon.ico', '/nope', '/%00', '/%FF%FE', '/%', '/..%2f..%2fetc%2fpasswd', '/' + 'a'.repeat(int(rng, 100, 8000)),
    `/${T}/oauth2/v2.0/`, `/${T}/oauth2/v3.0/token`, '//double//slashes', '/?' + 'a=1&'.repeat(3000), '/a?b=%ZZ', '/%E2%82', '/%C0%AE%C0%AE/',
    `/${T}/saml2`, '/common/oauth2/nativeclient', '/.env', '/v1.0/me', '/v1.0/auditLogs/signIns/x', '/v1.0/auditLogs/signIns%00', '/error/x',
    '/*', 'http://localhost/', '/\\\\evil.example', `/${T}/oauth2/v2.0/token/../../x`,
  ]);
  const method = pick(rng, ['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'M-SEARCH']);
  const headers: Record<string, string> = {};
  if (chance(rng, 0.2)) headers['x-ms-client-request-id'] = pick(rng, ['x'.repeat(5000), '%00', 'not-a-guid']);
  if (chance(rng, 0.1)) headers.accept = 'x'.repeat(int(rng, 100, 6000));
  if (chance(rng, 0.1)) headers['content-type'] = 'application/json';
  const body = method === 'GET' || method === 'HEAD' ? undefined : chance(rng, 0.5) ? '{"a":' : undefined;
  return { family: 'unknown', mi: hasMi && chance(rng, 0.15), method, path, headers, body };
}

/** Legitimate requests from the demo seed (deeper paths: tokens issued, codes, log rows). */
function validRequest(rng: Rng, token: () => string | undefined): FuzzRequest {
  const k = int(rng, 0, 6);
  if (k <= 1) return { family: 'valid', method: 'POST', path: `/${T}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, scope: `${DEMO.apiUri}/.default` }) };
  if (k === 2) return { family: 'valid', method: 'POST', path: `/${T}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, resource: DEMO.apiUri }) };
  if (k === 3) {
    const user = DEMO.users[int(rng, 0, 1)];
    return {
      family: 'valid', method: 'POST', path: `/${T}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'password', client_id: DEMO.cli.appId, username: user.upn, password: user.password, scope: `${DEMO.apiUri}/access_as_user openid offline_access` }),
      followUp: (res) => {
        if (res.status !== 200) return undefined;
        const rt = (JSON.parse(res.body) as { refresh_token?: string }).refresh_token;
        if (!rt) return undefined;
        return { family: 'valid', method: 'POST', path: `/${T}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ grant_type: 'refresh_token', client_id: DEMO.cli.appId, refresh_token: rt, scope: `${DEMO.apiUri}/access_as_user` }) };
      },
    };
  }
  if (k === 4) return { family: 'valid', method: 'POST', path: `/${T}/oauth2/v2.0/devicecode`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ client_id: DEMO.cli.appId, scope: 'openid offline_access' }) };
  if (k === 5) { const t = token(); return { family: 'valid', method: 'GET', path: `/v1.0/auditLogs/signIns?$top=5`, headers: t ? { authorization: `Bearer ${t}` } : {} }; }
  return { family: 'valid', method: 'GET', path: pick(rng, [`/${T}/v2.0/.well-known/openid-configuration`, `/${T}/discovery/v2.0/keys`, `/common/userrealm/${DEMO.users[0].upn}?api-version=2.0`, '/error?code=50126']), headers: {} };
}

/** The next request of a lane. */
export function generate(rng: Rng, env: { hasMi: boolean; identityHeader: string; graphToken: () => string | undefined }): FuzzRequest {
  const r = rng();
  if (r < 0.3) return tokenRequest(rng);
  if (r < 0.35) return deviceCodeRequest(rng);
  if (r < 0.45) return authorizeRequest(rng);
  if (r < 0.5) return signInFormRequest(rng);
  if (r < 0.53) return deviceLoginRequest(rng);
  if (r < 0.57) return realmRequest(rng);
  if (r < 0.62) return discoveryRequest(rng);
  if (r < 0.65) return errorPageRequest(rng);
  if (r < 0.7) return graphRequest(rng, env.graphToken);
  if (r < 0.73) return logoutRequest(rng);
  if (r < 0.82 && env.hasMi) return managedIdentityRequest(rng, env.identityHeader);
  if (r < 0.9) return unknownRequest(rng, env.hasMi);
  return validRequest(rng, env.graphToken);
}

// ---------------------------------------------------------------------------------------------
// Running

interface FuzzStats {
  requests: number;
  byFamily: Map<string, number>;
  byStatus: Map<number, number>;
  fiveXX: string[];
  fiveXXCount: number;
  networkErrors: number;
  networkErrorSamples: string[];
  peakRssKiB: Map<NodeHandle, number>;
}

function describe(req: FuzzRequest, nodeIndex: number): string {
  const body = req.body === undefined ? '' : Buffer.isBuffer(req.body) ? `<${req.body.length} bytes binary>` : req.body.length > 160 ? `${JSON.stringify(req.body.slice(0, 120))}…(${req.body.length} chars)` : JSON.stringify(req.body);
  const path = req.path.length > 160 ? `${req.path.slice(0, 140)}…(${req.path.length} chars)` : req.path;
  const hdrs = Object.entries(req.headers).filter(([k]) => k !== 'content-type' || !/urlencoded/.test(req.headers[k])).map(([k, v]) => `${k}: ${v.length > 60 ? v.slice(0, 50) + '…' : v}`).join('; ');
  return `node${nodeIndex}${req.mi ? ' mi' : ''} ${req.method} ${path}${hdrs ? ` [${hdrs}]` : ''}${body ? ` body ${body}` : ''}`;
}

async function fuzzNodes(nodes: NodeHandle[], total: number, seed: number, deadline: number, log: (l: string) => void): Promise<FuzzStats> {
  const stats: FuzzStats = { requests: 0, byFamily: new Map(), byStatus: new Map(), fiveXX: [], fiveXXCount: 0, networkErrors: 0, networkErrorSamples: [], peakRssKiB: new Map() };
  let graphTokenValue: string | undefined;
  const tok = await clientCredentialsFor(nodes[0], 'https://graph.microsoft.com/.default');
  graphTokenValue = tok;
  let issued = 0;
  const sampler = setInterval(() => { for (const n of nodes) stats.peakRssKiB.set(n, Math.max(stats.peakRssKiB.get(n) ?? 0, n.rssKiB())); }, 250);
  const progressEvery = Math.max(1000, Math.floor(total / 5));
  let nextProgress = progressEvery;
  const t0 = Date.now();
  try {
    await lanes(CONCURRENCY, async (lane) => {
      laneRngs[lane] ??= prng((seed ^ Math.imul(lane + 1, 0x9e3779b1)) >>> 0);
      const rng = laneRngs[lane];
      // `total` counts requests sent, follow-ups of two-step flows included.
      if (stats.requests >= total) return false;
      issued++;
      const nodeIndex = issued % nodes.length; // alternate between nodes
      const node = nodes[nodeIndex];
      let req: FuzzRequest | undefined = generate(rng, { hasMi: Boolean(node.miOrigin), identityHeader: node.identityHeader, graphToken: () => graphTokenValue });
      while (req) {
        const origin = req.mi ? node.miOrigin! : node.origin;
        stats.requests++;
        stats.byFamily.set(req.family, (stats.byFamily.get(req.family) ?? 0) + 1);
        let res: Response | undefined;
        try {
          res = await request(origin, { method: req.method, path: req.path, headers: req.headers, body: req.body, timeoutMs: 30_000 });
        } catch (error) {
          stats.networkErrors++;
          if (stats.networkErrorSamples.length < 10) stats.networkErrorSamples.push(`${(error as Error).message.slice(0, 100)} ← ${describe(req, nodeIndex)}`);
          if (!node.alive()) return false;
          break;
        }
        stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
        if (res.status >= 500) {
          stats.fiveXXCount++;
          if (stats.fiveXX.length < 10) stats.fiveXX.push(`HTTP ${res.status} ${res.body.replace(/\s+/g, ' ').slice(0, 160)} ← ${describe(req, nodeIndex)}`);
        }
        req = req.followUp?.(res);
      }
      if (stats.requests >= nextProgress) {
        nextProgress += progressEvery;
        log(`${stats.requests} requests, ${stats.fiveXXCount} 5xx, ${stats.networkErrors} network errors, ${((Date.now() - t0) / 1000).toFixed(0)} s, RSS ${nodes.map((n) => mib(n.rssKiB())).join('/')} MiB`);
      }
      return true;
    }, deadline);
  } finally {
    clearInterval(sampler);
    laneRngs.length = 0;
  }
  return stats;
}
const laneRngs: Rng[] = [];

async function clientCredentialsFor(node: NodeHandle, scope: string): Promise<string | undefined> {
  const res = await request(node.origin, { method: 'POST', path: `/${T}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, scope }) });
  return res.status === 200 ? (JSON.parse(res.body) as { access_token: string }).access_token : undefined;
}

/** A few valid requests so that lazy initialisation is not counted as growth. */
async function warmUp(node: NodeHandle): Promise<void> {
  for (let i = 0; i < 20; i++) await clientCredentials(node.origin);
  await request(node.origin, { path: `/${T}/v2.0/.well-known/openid-configuration` });
  await sleep(300);
}

async function runFuzz(name: string, nodes: NodeHandle[], total: number, seed: number, budgetMs: number, log: (l: string) => void): Promise<CheckResult> {
  for (const n of nodes) await warmUp(n);
  const before = nodes.map((n) => n.rssKiB());
  const retriesBefore = retries.staleSocket;
  const t0 = Date.now();
  const stats = await fuzzNodes(nodes, total, seed, t0 + budgetMs, log);
  const seconds = (Date.now() - t0) / 1000;
  await sleep(500);
  const alive = nodes.map((n) => n.alive());
  const after = nodes.map((n) => n.rssKiB());
  const after200 = await Promise.all(nodes.map(async (n) => (n.alive() ? (await clientCredentials(n.origin, 15_000).catch(() => undefined))?.status : undefined)));
  const growth = nodes.map((_, i) => (after[i] - before[i]) / 1024);
  const peak = nodes.map((n) => stats.peakRssKiB.get(n) ?? 0);

  const failures: string[] = [];
  if (stats.fiveXXCount > 0) failures.push(`${stats.fiveXXCount} responses >= 500`);
  if (alive.some((a) => !a)) failures.push(`node(s) died: ${alive.map((a, i) => (a ? '' : `node${i}`)).filter(Boolean).join(', ')}`);
  if (growth.some((g) => g > RSS_GROWTH_LIMIT_MIB)) failures.push(`RSS grew by ${growth.map((g) => g.toFixed(0)).join('/')} MiB (limit ${RSS_GROWTH_LIMIT_MIB})`);
  if (after200.some((s) => s !== 200)) failures.push(`client credentials afterwards: ${after200.map((s) => s ?? 'no answer').join('/')}`);
  if (stats.requests < total) failures.push(`only ${stats.requests} of ${total} requests sent within ${(budgetMs / 1000).toFixed(0)} s`);
  // A few connection errors are expected (oversized bodies answered 413 then closed); many are not.
  if (stats.networkErrors > Math.max(20, stats.requests * 0.01)) failures.push(`${stats.networkErrors} network errors`);

  const statusLine = [...stats.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  const familyLine = [...stats.byFamily.entries()].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ');
  const rss = nodes.map((_, i) => `${mib(before[i])}→${mib(after[i])}`).join(', ');
  const summary = `${stats.requests} requests in ${seconds.toFixed(0)} s (${(stats.requests / seconds).toFixed(0)}/s), ${stats.fiveXXCount} 5xx, ${stats.networkErrors} network errors (${retries.staleSocket - retriesBefore} stale keep-alive sockets retried), RSS ${rss} MiB (peak ${peak.map(mib).join('/')}, limit +${RSS_GROWTH_LIMIT_MIB}), alive ${alive.every(Boolean) ? 'yes' : 'NO'}, client credentials afterwards ${after200.join('/')}${failures.length ? ` — ${failures.join('; ')}` : ''}`;
  const details = [`statuses: ${statusLine}`, `families: ${familyLine}`, ...stats.fiveXX.map((l) => `5xx: ${l}`), ...stats.networkErrorSamples.map((l) => `network: ${l}`)];
  if (alive.some((a) => !a)) for (const [i, n] of nodes.entries()) if (!alive[i]) details.push(`node${i} output tail: ${n.output().slice(-600).replace(/\s+/g, ' ')}`);
  return { name, ok: failures.length === 0, summary, details };
}

export const FUZZ_SIZES = {
  sqlite: { full: 30_000, ci: 13_000 },
  postgres: { full: 15_000, ci: 7_000 },
};

export const fuzzChecks: Array<{ name: string; names: string[]; run: Check }> = [
  {
    name: 'fuzz-sqlite',
    names: ['fuzz-sqlite'],
    run: async ({ ci, seed, log }) => {
      const total = Number(process.env.RELIABILITY_FUZZ_SQLITE ?? '') || (ci ? FUZZ_SIZES.sqlite.ci : FUZZ_SIZES.sqlite.full);
      const node = await startNode({ miPort: true });
      log(`node ${node.origin} (mi ${node.miOrigin}), pid ${node.pid}, ${total} requests, concurrency ${CONCURRENCY}, seed ${seed}`);
      return [await runFuzz('fuzz-sqlite', [node], total, seed, (ci ? 150 : 600) * 1000, log)];
    },
  },
  {
    name: 'fuzz-postgres-2-nodes',
    names: ['fuzz-postgres-2-nodes'],
    run: async ({ ci, seed, log }) => {
      const total = Number(process.env.RELIABILITY_FUZZ_POSTGRES ?? '') || (ci ? FUZZ_SIZES.postgres.ci : FUZZ_SIZES.postgres.full);
      const schema = await pgSchema('rel_fuzz');
      const a = await startNode({ databaseUrl: schema.url, miPort: true });
      const b = await startNode({ databaseUrl: schema.url, miPort: true });
      log(`nodes ${a.origin} + ${b.origin} on schema ${schema.schema}, ${total} requests alternating, concurrency ${CONCURRENCY}, seed ${seed ^ 0x5a5a5a5a}`);
      const result = await runFuzz('fuzz-postgres-2-nodes', [a, b], total, (seed ^ 0x5a5a5a5a) >>> 0, (ci ? 120 : 600) * 1000, log);
      await a.kill();
      await b.kill();
      await schema.drop();
      return [result];
    },
  },
];
