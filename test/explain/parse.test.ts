import { describe, expect, it } from 'vitest';
import { parseCurl, shellWords } from '../../src/explain/parse/curl.js';
import { parseErrorJson, parseErrorText } from '../../src/explain/parse/error-body.js';
import { errorFromText, parseBasic, parseForm } from '../../src/explain/parse/exchange.js';
import { parseHar } from '../../src/explain/parse/har.js';
import { parseInput } from '../../src/explain/parse/index.js';
import { parseRawHttp } from '../../src/explain/parse/raw-http.js';

const TOKEN = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';
const BODY_7000218 = JSON.stringify({
  error: 'invalid_client',
  error_description: "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\r\nTrace ID: 6f6c4645-0202-4486-b625-fa957dfc4700\r\nCorrelation ID: 5fc87507-4086-4e77-b415-cee677eb232e\r\nTimestamp: 2023-05-06 06:03:00Z",
  error_codes: [7000218],
  timestamp: '2023-05-06 06:03:00Z',
  trace_id: '6f6c4645-0202-4486-b625-fa957dfc4700',
  correlation_id: '5fc87507-4086-4e77-b415-cee677eb232e',
  error_uri: 'https://login.microsoftonline.com/error?code=7000218',
});

describe('shell words (curl quoting)', () => {
  it('joins backslash-continued lines and keeps quoted spaces', () => {
    const { words } = shellWords(`curl -X POST \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  -d "a=b c"`);
    expect(words).toEqual(['curl', '-X', 'POST', '-H', 'Content-Type: application/x-www-form-urlencoded', '-d', 'a=b c']);
  });

  it('handles escapes in double quotes, literal single quotes, and adjacent quoted parts', () => {
    const { words } = shellWords(`curl -d "x=\\"q\\" \\$HOME" -d 'y=$HOME \\n' -d a'b'"c"`);
    expect(words).toEqual(['curl', '-d', 'x="q" $HOME', '-d', 'y=$HOME \\n', '-d', 'abc']);
  });

  it("decodes bash $'…' (Chrome's Copy as cURL)", () => {
    const { words } = shellWords(`curl --data-raw $'a=it\\'s&b=\\x41\\u00e9'`);
    expect(words).toEqual(['curl', '--data-raw', "a=it's&b=Aé"]);
  });

  it('stops at the end of the command and returns the rest', () => {
    const { words, rest } = shellWords(`curl https://x.test/a\n{"error":"invalid_client"}`);
    expect(words).toEqual(['curl', 'https://x.test/a']);
    expect(rest).toContain('"error"');
  });

  it('handles CRLF line continuations', () => {
    expect(shellWords('curl \\\r\n  -d a=1 \\\r\n  https://x.test/').words).toEqual(['curl', '-d', 'a=1', 'https://x.test/']);
  });
});

describe('curl commands', () => {
  it('joins -d pieces with &, decodes the form, lower-cases headers and defaults to POST', () => {
    const [x] = parseCurl(`curl ${TOKEN} -H 'X-Custom: 1' -d client_id=abc -d 'scope=openid%20profile' -d grant_type=password`);
    expect(x.request!.method).toBe('POST');
    expect(x.request!.headers['x-custom']).toBe('1');
    expect(x.request!.form).toEqual({ client_id: 'abc', scope: 'openid profile', grant_type: 'password' });
    expect(x.request!.rawBody).toBe('client_id=abc&scope=openid%20profile&grant_type=password');
  });

  it('--data-urlencode encodes the value of name=value, =value and value', () => {
    const [x] = parseCurl(`curl ${TOKEN} --data-urlencode 'password=a+b&c' --data-urlencode '=x y' --data-urlencode 'scope=openid profile'`);
    expect(x.request!.form['password']).toBe('a+b&c');
    expect(x.request!.form['scope']).toBe('openid profile');
    expect(x.request!.rawBody).toContain('password=a%2Bb%26c');
  });

  it('-d keeps a literal + (a space once decoded), as curl sends it', () => {
    const [x] = parseCurl(`curl ${TOKEN} -d 'password=a+b'`);
    expect(x.request!.form['password']).toBe('a b');
    expect(x.request!.rawBody).toBe('password=a+b');
  });

  it('-u becomes an HTTP Basic header; clustered short options and -XPOST work', () => {
    const [x] = parseCurl(`curl -sSXPOST -u 'client-1:s3cr3t~value' ${TOKEN} -d grant_type=client_credentials`);
    expect(x.request!.method).toBe('POST');
    expect(parseBasic(x.request!.headers['authorization'])).toEqual({ clientId: 'client-1', secret: 's3cr3t~value' });
  });

  it('--url, --request=, --header= and skipped options with values', () => {
    const [x] = parseCurl(`curl -o out.json --max-time 10 --request=PUT --header='Origin: https://a.test' --url ${TOKEN}`);
    expect(x.request!.method).toBe('PUT');
    expect(x.request!.url).toBe(TOKEN);
    expect(x.request!.headers['origin']).toBe('https://a.test');
  });

  it('-G moves the data into the query string', () => {
    const [x] = parseCurl(`curl -G https://login.microsoftonline.com/common/oauth2/v2.0/authorize -d client_id=abc -d redirect_uri=http%3A%2F%2Flocalhost`);
    expect(x.request!.method).toBe('GET');
    expect(x.request!.query).toEqual({ client_id: 'abc', redirect_uri: 'http://localhost' });
  });

  it('notes what it cannot see: a body from a file, a JSON or multipart body', () => {
    expect(parseCurl(`curl ${TOKEN} -d @body.txt`)[0].request!.notes.join()).toContain('body.txt');
    expect(parseCurl(`curl ${TOKEN} --json '{"grant_type":"password"}'`)[0].request!.notes.join()).toContain('JSON');
    expect(parseCurl(`curl ${TOKEN} -F grant_type=password`)[0].request!.notes.join()).toContain('multipart');
  });

  it('reads the response after the command: status line, headers and JSON body', () => {
    const [x] = parseCurl(`$ curl -i ${TOKEN} -d grant_type=password\nHTTP/2 401\ncontent-type: application/json\nx-ms-request-id: abc\n\n${BODY_7000218}\n`);
    expect(x.response!.status).toBe(401);
    expect(x.response!.headers['x-ms-request-id']).toBe('abc');
    expect(x.response!.body!['error_codes']).toEqual([7000218]);
  });

  it("reads cmd.exe's ^ escapes (Copy as cURL (cmd))", () => {
    const [x] = parseCurl(`curl ^"${TOKEN}^" ^\n  -H ^"origin: http://localhost:3000^" ^\n  --data-raw ^"grant_type=password^&client_id=abc^"`);
    expect(x.request!.url).toBe(TOKEN);
    expect(x.request!.form).toEqual({ grant_type: 'password', client_id: 'abc' });
    expect(x.request!.headers['origin']).toBe('http://localhost:3000');
  });
});

describe('HAR files', () => {
  const entry = (postData: unknown, extra: Record<string, unknown> = {}) => ({
    startedDateTime: '2026-11-25T10:00:00.000Z',
    request: { method: 'POST', url: TOKEN, headers: [{ name: ':authority', value: 'login.microsoftonline.com' }, { name: 'Origin', value: 'http://localhost:3000' }], postData },
    response: { status: 400, headers: [], content: { mimeType: 'application/json', text: BODY_7000218 } },
    ...extra,
  });
  const har = (...entries: unknown[]) => ({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, entries } });

  it('prefers postData.text over params, and skips HTTP/2 pseudo-headers', () => {
    const r = parseHar(har(entry({ mimeType: 'application/x-www-form-urlencoded', text: 'grant_type=password&scope=a%20b', params: [{ name: 'grant_type', value: 'IGNORED' }] })));
    const req = r.exchanges[0].request!;
    expect(req.form).toEqual({ grant_type: 'password', scope: 'a b' });
    expect(req.headers).toEqual({ origin: 'http://localhost:3000' });
    expect(r.exchanges[0].response!.body!['error_codes']).toEqual([7000218]);
  });

  it('decodes params left URL-encoded (Chrome) and keeps decoded ones (Firefox, Fiddler) as they are', () => {
    const chrome = parseHar(har(entry({ mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'redirect_uri', value: 'http%3A%2F%2Flocalhost%3A3000%2F' }, { name: 'scope', value: 'openid+profile' }] })));
    expect(chrome.exchanges[0].request!.form).toEqual({ redirect_uri: 'http://localhost:3000/', scope: 'openid profile' });
    const firefox = parseHar(har(entry({ mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'redirect_uri', value: 'http://localhost:3000/' }, { name: 'password', value: 'p&ss=w0rd!' }] })));
    expect(firefox.exchanges[0].request!.form).toEqual({ redirect_uri: 'http://localhost:3000/', password: 'p&ss=w0rd!' });
    expect(firefox.exchanges[0].request!.rawBody).toBeNull();
  });

  it('ignores preflights and non-login traffic, and counts them', () => {
    const r = parseHar(
      har(
        { request: { method: 'GET', url: 'http://localhost:3000/app.js', headers: [] }, response: { status: 200, content: {} } },
        { request: { method: 'OPTIONS', url: TOKEN, headers: [] }, response: { status: 200, content: {} } },
        entry({ mimeType: 'application/x-www-form-urlencoded', text: 'grant_type=password' }),
      ),
    );
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0].source).toBe('HAR entry 3');
    expect(r.ignored).toBe(2);
  });

  it('reads base64 content, errors in a redirect Location, and AADSTS messages in the sign-in page', () => {
    const b64 = entry({ mimeType: 'application/x-www-form-urlencoded', text: 'grant_type=password' });
    (b64.response as { content: unknown }).content = { mimeType: 'application/json', encoding: 'base64', text: Buffer.from(BODY_7000218).toString('base64') };
    const redirect = {
      request: { method: 'GET', url: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc&redirect_uri=http%3A%2F%2Flocalhost', headers: [] },
      response: { status: 302, headers: [{ name: 'Location', value: 'http://localhost/?error=invalid_request&error_description=AADSTS700054%3A+response_type+%27id_token%27+is+not+enabled+for+the+application.' }], content: { text: '' } },
    };
    const page = {
      request: { method: 'GET', url: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc', headers: [] },
      response: { status: 200, headers: [], content: { mimeType: 'text/html', text: '<script>$Config={"strServiceExceptionMessage":"AADSTS50011: The redirect URI \\u0027http://x\\u0027 specified in the request does not match","x":1}</script>' } },
    };
    const r = parseHar(har(b64, redirect, page));
    expect(r.exchanges[0].response!.body!['error_codes']).toEqual([7000218]);
    expect(r.exchanges[1].response!.body).toMatchObject({ error: 'invalid_request', error_codes: [700054] });
    expect(r.exchanges[2].response!.body!['error_description']).toBe("AADSTS50011: The redirect URI 'http://x' specified in the request does not match");
    expect(r.exchanges[2].response!.fromText).toBe(true);
  });

  it('notes a missing response body (CORS)', () => {
    const e = entry({ mimeType: 'application/x-www-form-urlencoded', text: 'grant_type=authorization_code' });
    (e.response as { content: unknown }).content = { size: 0, mimeType: 'x-unknown' };
    const r = parseHar(har(e));
    expect(r.exchanges[0].response).toMatchObject({ status: 400, body: null });
    expect(r.exchanges[0].request!.notes.join()).toContain('CORS');
  });
});

describe('raw HTTP', () => {
  const basic = Buffer.from('11111111-2222-3333-4444-555555555555:f0e1d2c3-b4a5-4968-8776-655443322110').toString('base64');
  const request = [
    'POST /contoso.onmicrosoft.com/oauth2/v2.0/token HTTP/1.1',
    'Host: login.microsoftonline.com',
    `Authorization: Basic ${basic}`,
    'Content-Type: application/x-www-form-urlencoded',
    '',
    'grant_type=client_credentials&scope=api%3A%2F%2Forders%2F.default',
  ].join('\r\n');

  it('reads the request line, Host, headers (lower-cased) and the form body; decodes HTTP Basic', () => {
    const [x] = parseRawHttp(request);
    expect(x.request!.url).toBe(TOKEN);
    expect(x.request!.form).toEqual({ grant_type: 'client_credentials', scope: 'api://orders/.default' });
    expect(parseBasic(x.request!.headers['authorization'])).toEqual({ clientId: '11111111-2222-3333-4444-555555555555', secret: 'f0e1d2c3-b4a5-4968-8776-655443322110' });
    expect(x.response).toBeNull();
  });

  it('reads the response that follows, including a chunked body', () => {
    const chunked = `${request}\r\n\r\nHTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n${BODY_7000218.length.toString(16)}\r\n${BODY_7000218}\r\n0\r\n\r\n`;
    const [x] = parseRawHttp(chunked);
    expect(x.response!.status).toBe(401);
    expect(x.response!.body!['error_codes']).toEqual([7000218]);
  });

  it('takes absolute-form targets, and several requests in a row', () => {
    const two = `POST ${TOKEN} HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=a\n\nPOST /common/oauth2/token HTTP/1.1\nHost: login.windows.net\n\ngrant_type=b\nHTTP/1.1 400 Bad Request\n\n{"error":"invalid_grant","error_codes":[54005]}`;
    const xs = parseRawHttp(two);
    expect(xs.map((x) => [x.request!.url, x.request!.form['grant_type']])).toEqual([
      [TOKEN, 'a'],
      ['https://login.windows.net/common/oauth2/token', 'b'],
    ]);
    expect(xs[0].response).toBeNull();
    expect(xs[1].response!.status).toBe(400);
  });

  it('notes a JSON body, which Entra does not read', () => {
    const [x] = parseRawHttp(`POST /common/oauth2/v2.0/token HTTP/1.1\nHost: login.microsoftonline.com\nContent-Type: application/json\n\n{"grant_type":"client_credentials"}`);
    expect(x.request!.form).toEqual({});
    expect(x.request!.notes.join()).toContain('AADSTS900144');
  });
});

describe('error bodies and text', () => {
  it("takes Entra's JSON body as is", () => {
    const [x] = parseErrorJson(JSON.parse(BODY_7000218));
    expect(x.request).toBeNull();
    expect(x.response!.body!['trace_id']).toBe('6f6c4645-0202-4486-b625-fa957dfc4700');
  });

  it("reads MSAL's serialised ServerError", () => {
    const [x] = parseErrorJson({ errorCode: 'invalid_client', errorMessage: "Error(s): 7000215 - Timestamp: 2026-11-25 05:42:18Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'abc'.\r\nTrace ID: 6f6c4645-0202-4486-b625-fa957dfc4700\r\n", subError: '' });
    expect(x.response!.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215], trace_id: '6f6c4645-0202-4486-b625-fa957dfc4700' });
  });

  it("reads a Python dict repr: the message ends at the escaped \\r\\n", () => {
    const body = errorFromText(`{'error': 'invalid_grant', 'error_description': "AADSTS65001: The user or administrator has not consented to use the application with ID 'a' named 'b'. Send an interactive authorization request for this user and resource.\\r\\nTrace ID: 6f6c4645-0202-4486-b625-fa957dfc4700\\r\\nTimestamp: 2026-11-25 05:42:18Z", 'suberror': 'consent_required'}`);
    expect(body).toMatchObject({ error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required', timestamp: '2026-11-25 05:42:18Z' });
    expect(body!['error_description']).toBe("AADSTS65001: The user or administrator has not consented to use the application with ID 'a' named 'b'. Send an interactive authorization request for this user and resource.");
  });

  it('pairs the login URL in a text with the AADSTS message', () => {
    const xs = parseErrorText(`I open https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=abc&redirect_uri=http%3A%2F%2Flocalhost%3A3000 and get\nAADSTS50011: The redirect URI 'http://localhost:3000' specified in the request does not match the redirect URIs configured for the application 'abc'.`);
    expect(xs).toHaveLength(1);
    expect(xs[0].request!.query['redirect_uri']).toBe('http://localhost:3000');
    expect(xs[0].response!.body!['error_codes']).toEqual([50011]);
  });

  it('reads the error in a redirect URL', () => {
    const [x] = parseErrorText('http://localhost:3000/#error=interaction_required&error_description=AADSTS50079%3a+Due+to+a+configuration+change+made+by+your+administrator.&error_uri=https%3a%2f%2flogin.microsoftonline.com%2ferror%3fcode%3d50079');
    expect(x.response!.body).toMatchObject({ error: 'interaction_required', error_codes: [50079] });
  });
});

describe('input detection', () => {
  it('tells the formats apart', () => {
    expect(parseInput(BODY_7000218).kind).toBe('error-body');
    expect(parseInput(JSON.stringify({ log: { entries: [] } })).kind).toBe('har');
    expect(parseInput(`curl ${TOKEN} -d a=b`).kind).toBe('curl');
    expect(parseInput(`POST /common/oauth2/v2.0/token HTTP/1.1\nHost: login.microsoftonline.com\n\na=b`).kind).toBe('raw-http');
    expect(parseInput('AADSTS90002: Tenant x not found.').kind).toBe('text');
  });

  it('says when the JSON is a manifest', () => {
    const r = parseInput(JSON.stringify({ appId: 'abc', web: { redirectUris: [] }, signInAudience: 'AzureADMyOrg' }));
    expect(r.exchanges).toHaveLength(0);
    expect(r.notes.join()).toContain('--manifest');
  });

  it('form decoding keeps malformed escapes and notes repeats', () => {
    const notes: string[] = [];
    expect(parseForm('a=%zz&b=1&b=2', notes)).toEqual({ a: '%zz', b: '1' });
    expect(notes.join()).toContain('repeated parameters');
  });
});

describe('what people paste (issue 13)', () => {
  it("reads Entra's HTML error page: the code without a colon, 'Message:', 'Request Id', 'Correlation Id'", () => {
    const page = `<html><body><div><span class="error-code">AADSTS50011</span></div>
<div><span>Request Id</span>: <span>2b7e0c94-3f1a-4d58-a6e2-9c0d5b8f1e73</span></div>
<div><span>Correlation Id</span>: <span>e4a1c7d2-8b3f-4e06-9d5a-71c2f0b8e6a4</span></div>
<div><span>Timestamp</span>: <span>2026-11-20T09:14:02.551Z</span></div>
<div><span>Message:</span> <span>AADSTS50011 The redirect URI &#39;https://a.test/cb&#39; specified in the request does not match.</span></div></body></html>`;
    expect(errorFromText(page)).toEqual({
      error_description: "AADSTS50011: The redirect URI 'https://a.test/cb' specified in the request does not match.",
      error_codes: [50011],
      timestamp: '2026-11-20T09:14:02.551Z',
      trace_id: '2b7e0c94-3f1a-4d58-a6e2-9c0d5b8f1e73',
      correlation_id: 'e4a1c7d2-8b3f-4e06-9d5a-71c2f0b8e6a4',
    });
  });

  it("reads the page's $Config inside a CDATA script", () => {
    const page = `<!DOCTYPE html><html><head><script>//<![CDATA[\n$Config={"iErrorCode":50011,"strServiceExceptionMessage":"AADSTS50011: The redirect URI \\u0027x\\u0027 does not match.","strTraceId":"8634de88-17e2-4b3d-83d8-eea5cfcbcb3a","correlationId":"de719ffe-b4d0-4694-8fc0-88eff59e973e"};\n//]]></script></head></html>`;
    expect(errorFromText(page)).toMatchObject({ error_codes: [50011], trace_id: '8634de88-17e2-4b3d-83d8-eea5cfcbcb3a', correlation_id: 'de719ffe-b4d0-4694-8fc0-88eff59e973e' });
  });

  it('a bare mention of a code is an error without a message', () => {
    expect(errorFromText('Getting AADSTS50011 when signing in')).toEqual({ error_description: 'AADSTS50011:', error_codes: [50011] });
    expect(errorFromText('AADSTS is the prefix of every code')).toBeNull();
  });

  it('an error carried in a redirect belongs to the /authorize URL of the text, punctuation after a URL is not part of it', () => {
    const x = parseErrorText(
      'auth_url = https://login.microsoftonline.com/t.test/oauth2/v2.0/authorize, token_url = https://login.microsoftonline.com/t.test/oauth2/v2.0/token.\n' +
        'https://app.test/cb?error=invalid_request&error_description=AADSTS901002%3a+The+%27resource%27+request+parameter+is+not+supported.',
    );
    expect(x.map((e) => e.request?.url)).toEqual(['https://login.microsoftonline.com/t.test/oauth2/v2.0/authorize', 'https://login.microsoftonline.com/t.test/oauth2/v2.0/token']);
    expect(x[0].response).toMatchObject({ redirect: true, body: { error_codes: [901002] } });
    expect(x[1].response).toBeNull();
  });

  it('keeps a malformed authority on a login host (any cloud) as a login request', () => {
    for (const url of [
      'https://login.microsoftonline.com/t.test/v2.0/v2.0/.well-known/openid-configuration',
      'https://login.microsoftonline.com/t.test/oauth2/v2.0/authorize/oauth2/v2.0/token',
      'https://login.windows-ppe.net/t.test/oauth2/v2.0/token',
      'https://login.microsoftonline.us/t.test/v2.0/oauth2/v2.0/token',
    ]) {
      expect(parseErrorText(url).length, url).toBe(1);
    }
    expect(parseErrorText('https://example.test/v2.0/oauth2/x').length).toBe(0);
  });

  it('broken JSON says where (never quoting it); a truncated HAR says it is cut off; a Python repr and JSON followed by text still parse', () => {
    const har = '{"log": {"version": "1.2", "entries": [{"request": {"method": "POST", "url": "https://login.microsoftonline.com/t/oauth2/v2.0/token"';
    const truncated = parseInput(har);
    expect(truncated.exchanges).toEqual([]);
    expect(truncated.kind).toBe('har');
    expect(truncated.invalid).toContain('the HAR file is cut off after');
    const syntax = parseInput('{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret s3cr3t-value", }');
    // Not a HAR: said to be broken, and still read for its code as text.
    expect(syntax.invalid).toBeUndefined();
    expect(syntax.notes).toEqual(['the input is not valid JSON: the JSON has a syntax error at line 1, column 103 (edited by hand?)']);
    expect(syntax.notes.join()).not.toContain('s3cr3t');
    expect(syntax.exchanges[0].response?.body?.['error_codes']).toEqual([7000215]);
    expect(parseInput(`${BODY_7000218}\n    at ServerError.createError (msal-node.js:1:2)`).exchanges[0].response?.body?.['error_codes']).toEqual([7000218]);
    const python = parseInput("{'error': 'invalid_client', 'error_description': 'AADSTS7000215: Invalid client secret provided.'}");
    expect(python.invalid).toBeUndefined();
    expect(python.exchanges).toHaveLength(1);
  });
});

describe('pasted pages of any shape are read in linear time', () => {
  it('long runs of whitespace, unclosed scripts and comments', () => {
    for (const text of [
      `AADSTS50011 ${' '.repeat(1_000_000)}x`,
      `AADSTS50011${'\n'.repeat(1_000_000)}x`,
      `<html>${'<script>'.repeat(100_000)} AADSTS50011`,
      `<html>${'<!--'.repeat(200_000)} AADSTS50011`,
      `<div>${'<span>'.repeat(200_000)}AADSTS50011</div>`,
    ]) {
      expect(errorFromText(text)?.['error_codes']).toEqual([50011]);
    }
    // Spaces between a code's colon and the rest of the message (the "Trace ID:" lookahead).
    expect(errorFromText(`AADSTS7000215: x${' '.repeat(1_000_000)}y Trace ID: 1`)?.['error_codes']).toEqual([7000215]);
    // Quadratic backtracking on these would take minutes, beyond the test timeout; linear takes
    // milliseconds (no timed assertion: the harness's timeout is the bound).
  });
});
