// Entra's error envelope and client id checks on the wire (issue 13, items 3, 5 and 10): the body
// byte for byte, single spaces in error_description, error_uri bare and absent for 70003 and
// 700038, suberror bad_token on 700084, and the headers Entra sends on every token response.

import { describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { ALICE, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { Browser, pkcePair, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { HOST, ORIGIN } from '../support/wire.js';

const clock = new TestClock();
const entrada = useEntrada({ clock });
const { send, post } = tokenClient(entrada);

const V2 = `/${TENANT}/oauth2/v2.0/token`;
const NIL = '00000000-0000-0000-0000-000000000000';
const CORRELATION = '5fc87507-4086-4e77-b415-cee677eb232e';
/** The headers Entra sends on every token endpoint response, success or error [O: issue 13]. */
const STS_HEADERS = {
  'x-ms-ests-server': '2.1.0.0 - Entrada',
  p3p: 'CP="DSP CUR OTPi IND OTRi ONL FIN"',
  'x-xss-protection': '0',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

const clientCredentials = (extra: Record<string, string>) =>
  send(`${V2}?client-request-id=${CORRELATION}`, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default', ...extra });

/** Entra's body as bytes, with this response's trace id and timestamp. */
function entraBody(fields: { error: string; code: number; message: string; traceId: string; timestamp: string; errorUri?: string; suberror?: string }): string {
  return JSON.stringify({
    error: fields.error,
    error_description: `AADSTS${fields.code}: ${fields.message} Trace ID: ${fields.traceId} Correlation ID: ${CORRELATION} Timestamp: ${fields.timestamp}`,
    error_codes: [fields.code],
    timestamp: fields.timestamp,
    trace_id: fields.traceId,
    correlation_id: CORRELATION,
    ...(fields.errorUri ? { error_uri: fields.errorUri } : {}),
    ...(fields.suberror ? { suberror: fields.suberror } : {}),
  });
}

describe('client_id that names no application: 400 unauthorized_client AADSTS700038, no error_uri [O]', () => {
  it.each<[string, string]>([
    ['the all-zero GUID', NIL],
    ['a placeholder', 'Enter_the_Application_Id_here'],
    ['an Application ID URI', 'api://entrada-demo-api'],
  ])('%s', async (_name, clientId) => {
    const res = await clientCredentials({ client_id: clientId });
    expect(res.statusCode).toBe(400);
    const { trace_id: traceId, timestamp } = res.json() as { trace_id: string; timestamp: string };
    expect(res.body).toBe(
      entraBody({ error: 'unauthorized_client', code: 700038, message: `${clientId} is not a valid application identifier.`, traceId, timestamp: String(timestamp) }),
    );
  });

  it('the all-zero GUID, exactly as Entra words it', async () => {
    const res = await clientCredentials({ client_id: NIL });
    expect(String(res.json().error_description)).toMatch(
      /^AADSTS700038: 00000000-0000-0000-0000-000000000000 is not a valid application identifier\. Trace ID: [0-9a-f-]{36} Correlation ID: 5fc87507-4086-4e77-b415-cee677eb232e Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
  });

  it('devicecode refuses the same ids alike', async () => {
    const r = await post(`/${TENANT}/oauth2/v2.0/devicecode`, { client_id: NIL, scope: 'openid' });
    expect([r.status, r.json.error, r.json.error_codes, 'error_uri' in r.json]).toEqual([400, 'unauthorized_client', [700038], false]);
  });

  it('/authorize shows the same AADSTS700038 on its error page (no redirect: the app is unknown) [O]', async () => {
    const query = new URLSearchParams({ client_id: NIL, response_type: 'code', redirect_uri: 'http://localhost:5173/', scope: 'openid' });
    const res = await entrada.app.inject({ method: 'GET', url: `/${TENANT}/oauth2/v2.0/authorize?${query}`, headers: HOST });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain(`<strong>AADSTS700038:</strong> ${NIL} is not a valid application identifier.`);
  });

  it('a GUID no app has is still looked up: 700016 with its error_uri', async () => {
    const r = await post(V2, { grant_type: 'client_credentials', client_id: '00000000-0000-0000-0000-00000000dead', client_secret: 'x', scope: 'api://entrada-demo-api/.default' });
    expect([r.json.error, r.json.error_codes, r.json.error_uri]).toEqual(['unauthorized_client', [700016], `${ORIGIN}/error?code=700016`]);
  });
});

describe('the envelope [O]', () => {
  it("AADSTS70003: single spaces, and no error_uri (the issue's own example)", async () => {
    const res = await clientCredentials({ grant_type: 'x' });
    const { trace_id: traceId, timestamp } = res.json() as { trace_id: string; timestamp: string };
    expect(res.body).toBe(entraBody({ error: 'unsupported_grant_type', code: 70003, message: "The app requested an unsupported grant type 'x'.", traceId, timestamp }));
  });

  it('error_uri is https://{host}/error?code=N with nothing else; the request explained is one Link away', async () => {
    const res = await clientCredentials({ client_secret: 'wrong' });
    const json = res.json() as Record<string, string>;
    expect(res.statusCode).toBe(401);
    expect(json.error_uri).toBe(`${ORIGIN}/error?code=7000215`);
    expect(res.headers.link).toBe(`<${ORIGIN}/error?code=7000215&trace_id=${json.trace_id}>; rel="help"`);
    // A trace id alone finds the logged request and its code (found by id before it is written).
    const page = await entrada.app.inject({ method: 'GET', url: `/error?trace_id=${json.trace_id}`, headers: HOST });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('AADSTS7000215');
    expect(page.body).toContain('<h2 id="this-request">');
  });

  it('AADSTS700084: "cannot be extended", suberror bad_token, byte for byte', async () => {
    const SPA_ID = 'e7ada000-0000-4000-8000-000000000005';
    const SPA_REDIRECT = 'http://localhost:5173/';
    const origin = { origin: 'http://localhost:5173' };
    const signedInAt = clock.now();
    const browser = new Browser(entrada.app);
    const { verifier, challenge } = pkcePair();
    const params = { client_id: SPA_ID, response_type: 'code', redirect_uri: SPA_REDIRECT, scope: 'openid offline_access api://entrada-demo-api/access_as_user', code_challenge: challenge, code_challenge_method: 'S256' };
    const page = await browser.get(`/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams(params)}`);
    const after = await browser.submit(page, { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    const code = redirectParams(String(after.headers.location)).get('code') ?? '';
    const signedIn = await post(V2, { grant_type: 'authorization_code', client_id: SPA_ID, code, redirect_uri: SPA_REDIRECT, code_verifier: verifier }, origin);
    expect(signedIn.status, signedIn.description).toBe(200);

    clock.advance(24 * 3600 * 1000 + 1000);
    const res = await send(`${V2}?client-request-id=${CORRELATION}`, { grant_type: 'refresh_token', client_id: SPA_ID, refresh_token: String(signedIn.json.refresh_token) }, origin);
    expect(res.statusCode).toBe(400);
    const { trace_id: traceId, timestamp } = res.json() as { trace_id: string; timestamp: string };
    const issued = signedInAt.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
    expect(res.body).toBe(
      entraBody({
        error: 'invalid_grant',
        code: 700084,
        message: `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${issued}.`,
        traceId,
        timestamp,
        errorUri: `${ORIGIN}/error?code=700084`,
        suberror: 'bad_token',
      }),
    );
  });
});

describe('headers Entra sends on every token response [O]', () => {
  it('on a success and on a refusal', async () => {
    const ok = await clientCredentials({});
    expect(ok.statusCode).toBe(200);
    expect(ok.headers).toMatchObject(STS_HEADERS);
    const refused = await clientCredentials({ client_secret: 'wrong' });
    expect(refused.headers).toMatchObject(STS_HEADERS);
    const devicecode = await send(`/${TENANT}/oauth2/v2.0/devicecode`, { client_id: CLI_ID, scope: 'openid' });
    expect(devicecode.headers).toMatchObject(STS_HEADERS);
  });
});
