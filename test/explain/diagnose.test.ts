// Diagnoses the corpus does not pin down, on small hand-made inputs; and the helpers they use.

import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/explain/diagnose.js';
import { parseInput } from '../../src/explain/parse/index.js';
import { closestRegistered, redirectDifferences } from '../../src/explain/redirect-diff.js';
import type { ManifestContext } from '../../src/explain/report.js';
import { renderJson, renderText } from '../../src/explain/render.js';
import { classifyAssertion, describeSecret, secretShape } from '../../src/explain/secrets.js';
import { readManifest } from '../../src/manifest/read.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const APP = '0c8e3b5a-1f2d-4e6a-9b7c-3d4e5f6a7b8c';
const TOKEN = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';

function errBody(error: string, code: number, message: string) {
  return JSON.stringify({ error, error_description: `AADSTS${code}: ${message}\r\nTrace ID: 6f6c4645-0202-4486-b625-fa957dfc4700\r\nCorrelation ID: 5fc87507-4086-4e77-b415-cee677eb232e\r\nTimestamp: 2026-11-25 06:03:00Z`, error_codes: [code], timestamp: '2026-11-25 06:03:00Z' });
}

function manifest(json: Record<string, unknown>): ManifestContext {
  const r = readManifest(json, '00000000-0000-0000-0000-000000000000');
  if (!r.ok) throw new Error(r.errors.join());
  const { ok: _ok, ...read } = r;
  return { read, publisherDomain: typeof json['publisherDomain'] === 'string' ? json['publisherDomain'] : null };
}

const run = (text: string, m?: ManifestContext) => diagnose({ parsed: parseInput(text), manifest: m ?? null, now: NOW });

describe('the client-type decision without a manifest', () => {
  it('lists Web / SPA / Mobile and desktop / unregistered for a code redemption, and marks the ones that explain the error', () => {
    const r = run(`curl ${TOKEN} -d grant_type=authorization_code -d client_id=${APP} -d code=abcdefgh -d redirect_uri=http://localhost:8400/ -d code_verifier=xyzxyzxyz\n${errBody('invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")}`);
    const d = r.requests[0].decision!;
    expect(d.basis).toBe('scenarios');
    expect(d.scenarios.map((s) => [s.registration, s.code, s.matchesObserved])).toEqual([
      ['redirect URI registered under Web', 7000218, true],
      ['redirect URI registered under Single-page application', 9002327, false],
      ['redirect URI registered under Mobile and desktop applications', null, false],
      ['redirect URI not registered', 50011, false],
    ]);
    expect(r.findings[0].fix.join('\n')).toContain('Mobile and desktop applications');
  });

  it('says so when no registration explains the error, without blaming a proxy', () => {
    // A secret was sent, yet Entra says none was: the request it received was not this one.
    const r = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${APP} -d client_secret=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -d scope=https://graph.microsoft.com/.default\n${errBody('invalid_client', 7000218, 'x')}`);
    const why = r.findings[0].why.join('\n');
    expect(why).toContain("differs from what Entrada's model of Entra's client-type rules predicts");
    expect(why).toContain('yet Entra says it received none');
    expect(why).not.toContain('proxy');
    expect(r.findings[0].fix.length).toBeGreaterThan(0);
  });
});

describe('specific diagnoses', () => {
  it('a secret in the query string or a custom header is not read', () => {
    const r = run(`curl '${TOKEN}?client_secret=abc' -H 'client_secret: abc' -d grant_type=client_credentials -d client_id=${APP} -d scope=https://graph.microsoft.com/.default`);
    const f = r.findings.find((x) => x.tags.includes('misplaced-credential'))!;
    expect(f.code).toBe(7000218);
    expect(f.observed).toBe(false);
    expect(f.why.join('\n')).toContain("query string");
    expect(f.why.join('\n')).toContain("'client_secret' request header");
  });

  it('two authentication methods at once', () => {
    const r = run(`curl -u ${APP}:abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ${TOKEN} -d grant_type=client_credentials -d client_secret=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -d scope=x/.default`);
    expect(r.findings.some((f) => f.tags.includes('several-credentials'))).toBe(true);
  });

  it("a '+' in a secret sent unencoded", () => {
    const r = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${APP} -d 'client_secret=Ab+cd/ef==' -d scope=https://graph.microsoft.com/.default\n${errBody('invalid_client', 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'x'.")}`);
    expect(r.findings[0].code).toBe(7000215);
    expect(r.findings[0].why.join('\n')).toContain("literal '+' in client_secret");
  });

  it('a GUID secret without a manifest is still recognised as a Secret ID', () => {
    const r = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${APP} -d client_secret=f0e1d2c3-b4a5-4968-8776-655443322110 -d scope=https://graph.microsoft.com/.default`);
    const f = r.findings.find((x) => x.tags.includes('secret-id-sent'))!;
    expect(f.code).toBe(7000215);
    expect(f.observed).toBe(false);
    expect(f.why.join()).toContain('most likely sent the secret ID');
  });

  it('50011 without a manifest names the URI and the likely platform', () => {
    const r = run(`AADSTS50011: The redirect URI 'http://localhost:3000/' specified in the request does not match the redirect URIs configured for the application '${APP}'.`);
    expect(r.findings[0].code).toBe(50011);
    expect(r.findings[0].fix.join()).toContain("add 'http://localhost:3000/' exactly");
  });

  it('700016 on /common with a single-tenant app', () => {
    const m = manifest({ appId: APP, id: '5b1d5e7e-8c3b-4a52-9f5e-0f6f3c1d2a10', displayName: 'Orders', signInAudience: 'AzureADMyOrg', web: { redirectUris: [] }, publisherDomain: 'contoso.onmicrosoft.com' });
    const r = run(`curl https://login.microsoftonline.com/common/oauth2/v2.0/token -d grant_type=authorization_code -d client_id=${APP} -d code=abcdefgh -d redirect_uri=https://x.test/cb\n${errBody('unauthorized_client', 700016, `Application with identifier '${APP}' was not found in the directory 'Fabrikam'.`)}`, m);
    const f = r.findings.find((x) => x.code === 700016)!;
    expect(f.why.join()).toContain('single-tenant (signInAudience AzureADMyOrg)');
    expect(f.fix.join()).toContain('https://login.microsoftonline.com/contoso.onmicrosoft.com');
  });

  it('90002 / 900023: a malformed GUID and a placeholder', () => {
    const bad = run(errBody('invalid_request', 900023, "Specified tenant identifier '4a7f3c2e-86f1-41af-91ab-2d7cd011db4' is neither a valid DNS name, nor a valid external domain."));
    expect(bad.findings[0].code).toBe(900023);
    expect(bad.findings[0].why.join()).toContain('groups have 8-4-4-4-11 characters');
    const placeholder = run(`curl https://login.microsoftonline.com/%7Btenant_id%7D/oauth2/v2.0/token -d grant_type=client_credentials`);
    expect(placeholder.findings.find((f) => f.tags.includes('tenant-not-found'))!.why.join()).toContain('placeholder');
  });

  it('an expired secret predicted from the manifest, before Entra said anything', () => {
    const m = manifest({ appId: APP, displayName: 'Nightly', web: { redirectUris: [] }, passwordCredentials: [{ keyId: 'f0e1d2c3-b4a5-4968-8776-655443322110', hint: 'n8T', displayName: 'old', startDateTime: '2024-01-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' }] });
    const r = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${APP} -d client_secret=n8T8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -d scope=https://graph.microsoft.com/.default`, m);
    const f = r.findings.find((x) => x.code === 7000222)!;
    expect(f.observed).toBe(false);
    expect(f.why.join()).toContain('begins with the hint of that expired secret');
  });

  it('a manifest that contradicts the error is called out', () => {
    const m = manifest({ appId: APP, displayName: 'CLI', isFallbackPublicClient: true, web: { redirectUris: [] } });
    const r = run(`curl ${TOKEN} -d grant_type=password -d client_id=${APP} -d username=a@b.test -d password=pw12345678\n${errBody('invalid_client', 7000218, 'x')}`, m);
    const d = r.requests[0].decision!;
    expect(d.matchesObserved).toBe(false);
    expect(d.notes.join()).toContain('differs from this manifest');
    expect(d.scenarios.find((s) => s.matchesObserved)!.registration).toBe('Allow public client flows = No');
  });

  it('an unregistered redirect URI is predicted from the manifest with the closest one', () => {
    const m = manifest({ appId: APP, displayName: 'Web', web: { redirectUris: ['https://app.contoso.com/signin-oidc'] } });
    const r = run(`curl ${TOKEN} -d grant_type=authorization_code -d client_id=${APP} -d code=abcdefgh -d redirect_uri=http://app.contoso.com/signin-oidc -d client_secret=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, m);
    const f = r.findings.find((x) => x.code === 50011)!;
    expect(f.observed).toBe(false);
    expect(f.why.join()).toContain('scheme: http sent, https registered');
  });
});

describe('secrets in unexpected places are not printed either', () => {
  it('a secret pasted into client_id, a bare token in Authorization', () => {
    const secret = 'Qf38Q~vR2mXo0sT5LwKp9_bN4cYd7eFgHhJ.kL1z';
    const token = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const r = run(`curl ${TOKEN} -H 'Authorization: ${token}' -d grant_type=client_credentials -d client_id=${secret} -d scope=https://graph.microsoft.com/.default`);
    for (const out of [renderText(r, []), renderJson(r, [])]) {
      expect(out).not.toContain(secret);
      expect(out).not.toContain(token);
    }
    expect(renderText(r, [])).toContain('client_id holds what looks like a client secret value');
  });
});

describe('helpers', () => {
  it('redirect URI differences in Entra terms', () => {
    expect(redirectDifferences('https://a.test/cb/', 'https://a.test/cb')).toEqual(["trailing slash: sent with one ('/cb/'), registered without ('/cb')"]);
    expect(redirectDifferences('https://a.test/CB', 'https://a.test/cb')[0]).toMatch(/^path case/);
    expect(redirectDifferences('https://a.test:8443/cb', 'https://a.test/cb')).toEqual(['port: 8443 sent, 443 registered']);
    expect(redirectDifferences('http://localhost:3001/cb', 'http://localhost:3000/cb')).toEqual([]); // loopback: port ignored
    expect(redirectDifferences('https://b.test/cb', 'https://a.test/cb')).toEqual(['host: b.test sent, a.test registered']);
    const m = manifest({ appId: APP, displayName: 'x', web: { redirectUris: ['https://a.test/other', 'https://a.test/cb'] }, spa: { redirectUris: ['https://z.test/'] } });
    expect(closestRegistered(m.read.app, 'https://a.test/CB')).toMatchObject({ uri: 'https://a.test/cb', platform: 'web' });
  });

  it('secret shapes and descriptions', () => {
    expect(secretShape('f0e1d2c3-b4a5-4968-8776-655443322110')).toBe('guid');
    expect(secretShape('Xy88Q~abcdefghijklmnopqrstuvwxyz01234567')).toBe('entra-secret');
    expect(secretShape(' ')).toBe('empty');
    expect(describeSecret('abcdef')).toMatch(/^\(present, 6 characters, fingerprint [0-9a-f]{8}\)$/);
    expect(describeSecret('hunter2', { fingerprint: false })).toBe('(present, 7 characters)');
    expect(describeSecret('')).toBe('(present but empty)');
  });

  it('tells a certificate assertion from a federated one', () => {
    const jwt = (h: object, c: object) => `${Buffer.from(JSON.stringify(h)).toString('base64url')}.${Buffer.from(JSON.stringify(c)).toString('base64url')}.sig`;
    expect(classifyAssertion(jwt({ alg: 'RS256', x5t: 'abc' }, { iss: APP, sub: APP, aud: TOKEN }), APP)).toMatchObject({ kind: 'certificate', thumbprint: { name: 'x5t', value: 'abc' } });
    expect(classifyAssertion(jwt({ alg: 'RS256', kid: 'k' }, { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:ref:refs/heads/main', aud: 'api://AzureADTokenExchange' }), APP)).toMatchObject({ kind: 'federated', subject: 'repo:o/r:ref:refs/heads/main' });
    expect(classifyAssertion('not-a-jwt', APP).kind).toBe('not-a-jwt');
  });
});

describe('issue 13: advice that fits the real Entra, in the person\'s words', () => {
  it('the specific code wins over a generic wrapper listed first', async () => {
    const { primaryCode } = await import('../../src/explain/generic-codes.js');
    expect(primaryCode([70002, 50126])).toBe(50126);
    expect(primaryCode([50126, 70002])).toBe(50126);
    expect(primaryCode([70002])).toBe(70002);
    expect(primaryCode([])).toBeNull();
  });

  it('drops what concerns Entrada only from catalogue texts', async () => {
    const { entraOnly } = await import('../../src/explain/advice.js');
    expect(entraOnly('Assign the user: Users and groups → Add user/group (in a seed file: an appRoleAssignments entry); or set Assignment required? → No.')).toBe(
      'Assign the user: Users and groups → Add user/group; or set Assignment required? → No.',
    );
    expect(entraOnly('Use the Directory (tenant) ID. With Entrada, check that the tenant is in the seed.')).toBe('Use the Directory (tenant) ID.');
    expect(entraOnly('Retry. Look up the trace ID in the Entrada server log.')).toBe('Retry.');
  });

  it('names the manifest property of the format the manifest uses', async () => {
    const { inTheirWords } = await import('../../src/explain/advice.js');
    const aad = manifest({ appId: APP, name: 'A', allowPublicClient: false, replyUrlsWithType: [] });
    const graph = manifest({ appId: APP, displayName: 'G', isFallbackPublicClient: false, web: { redirectUris: [] } });
    const flows = 'Authentication → Advanced settings → Allow public client flows → No';
    expect(inTheirWords(flows, aad)).toBe(`${flows} (manifest: "allowPublicClient": false)`);
    expect(inTheirWords(flows, graph)).toBe(`${flows} (manifest: "isFallbackPublicClient": false)`);
    expect(inTheirWords(flows, null)).toContain('"allowPublicClient": false in an AAD Graph manifest, "isFallbackPublicClient": false in a Microsoft Graph one');
    const move = "Authentication → Web → delete 'x', then Add a platform → Single-page application → add 'x'";
    expect(inTheirWords(move, graph)).toBe(`${move} (SPA = Single-page application; manifest: web.redirectUris → spa.redirectUris)`);
    expect(inTheirWords(move, aad)).toBe(`${move} (SPA = Single-page application; manifest: replyUrlsWithType with "type": "Web" → replyUrlsWithType with "type": "Spa")`);
    expect(inTheirWords('grant_type=client_credentials cannot be made public', null)).toBe('grant_type=client_credentials (client credentials) cannot be made public');
  });

  it('a placeholder or mistyped client_id is found without any error', () => {
    for (const id of ['Enter_the_Application_Id_here', '<client-id>', 'YOUR_CLIENT_ID', '00000000-0000-0000-0000-000000000000']) {
      const r = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${id} -d client_secret=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -d scope=https://graph.microsoft.com/.default`);
      const f = r.findings.find((x) => x.tags.includes('client-id'));
      expect(f, id).toMatchObject({ code: 700038, observed: false });
      expect(f!.why.join(), id).toContain('placeholder');
    }
    const notGuid = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=my-app -d client_secret=x -d scope=x/.default`);
    expect(notGuid.findings.find((x) => x.tags.includes('client-id'))!.why.join()).toContain('is not a GUID');
  });

  it('a single-tenant app on /common or /organizations is 50194, whatever answered; not on a tenant', () => {
    const m = manifest({ appId: APP, displayName: 'S', signInAudience: 'AzureADMyOrg', publisherDomain: 'contoso.onmicrosoft.com', spa: { redirectUris: ['https://s.test/'] } });
    for (const alias of ['common', 'organizations']) {
      const r = run(`https://login.microsoftonline.com/${alias}/oauth2/v2.0/authorize?client_id=${APP}&redirect_uri=https%3A%2F%2Fs.test%2F&response_type=code`, m);
      expect(r.findings[0]).toMatchObject({ code: 50194, observed: false });
      expect(r.findings[0].fix[0]).toContain('https://login.microsoftonline.com/contoso.onmicrosoft.com');
    }
    const own = run(`https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=${APP}&redirect_uri=https%3A%2F%2Fs.test%2F&response_type=code`, m);
    expect(own.findings.some((f) => f.code === 50194)).toBe(false);
  });

  it('says what a sovereign cloud is, and that a retired one moved', () => {
    const de = run(`curl https://login.microsoftonline.de/contoso.de/oauth2/token -d grant_type=client_credentials -d client_id=${APP} -d client_secret=x -d resource=https://graph.microsoft.de`);
    expect(de.findings.find((f) => f.tags.includes('cloud'))!.why[0]).toContain('Microsoft Cloud Deutschland, closed in October 2021');
    const cn = run(`curl https://login.chinacloudapi.cn/contoso.partner.onmschina.cn/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=${APP} -d client_secret=x -d scope=https://graph.microsoft.com/.default`);
    expect(cn.findings.find((f) => f.tags.includes('cloud'))!.fix[0]).toContain('https://microsoftgraph.chinacloudapi.cn/.default');
    const global = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${APP} -d client_secret=x -d scope=https://graph.microsoft.com/.default`);
    expect(global.findings.some((f) => f.tags.includes('cloud') || f.tags.includes('login-host'))).toBe(false);
  });

  it('an authority with /oauth2/authorize appended: the authority to use', () => {
    const r = run('GET https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize/v2.0/.well-known/openid-configuration failed');
    const f = r.findings.find((x) => x.tags.includes('authority-path'))!;
    expect(f.why[0]).toContain('the metadata address was appended to an /oauth2/… endpoint');
    expect(f.fix[0]).toBe('set the authority to https://login.microsoftonline.com/contoso.onmicrosoft.com (MSAL appends /oauth2/v2.0/authorize and /oauth2/v2.0/token itself)');
  });

  it('a 901002 from a token request keeps the token-endpoint advice', () => {
    const r = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${APP} -d client_secret=x -d resource=https://graph.microsoft.com`);
    expect(r.findings[0].fix.join('\n')).toContain('or keep resource and call the v1 endpoint https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token');
  });

  it('a redirect URI placeholder is never suggested for registration', () => {
    for (const uri of ['https://replyUrlNotSet', '{redirect_uri}', 'undefined']) {
      const r = run(`AADSTS50011: The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${APP}'.`);
      const text = JSON.stringify(r.findings);
      expect(r.findings[0].tags, uri).toContain('placeholder-redirect-uri');
      expect(text, uri).not.toContain(`add '${uri}'`);
    }
  });

  it('an answer that differs from the model names the setting it is about, never an empty fix', () => {
    // A confidential grant refused as public: the app's "Allow public client flows" is Yes.
    const m = manifest({ appId: APP, displayName: 'D', isFallbackPublicClient: true, web: { redirectUris: [] } });
    const r = run(`curl ${TOKEN} -d grant_type=client_credentials -d client_id=${APP} -d client_secret=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -d scope=https://graph.microsoft.com/.default\n${errBody('invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.")}`, m);
    const f = r.findings[0];
    expect(f).toMatchObject({ code: 700025, observed: true });
    expect(f.tags).toContain('model-differs');
    expect(f.why.join('\n')).toContain('"Allow public client flows" is Yes (manifest "isFallbackPublicClient": true)');
    expect(f.fix[0]).toContain('Allow public client flows → No (manifest: "isFallbackPublicClient": false)');
    for (const x of r.findings) expect(x.fix.length, x.title).toBeGreaterThan(0);
  });
});

describe('issue 13: a native app is pointed to Mobile and desktop applications', () => {
  it('50011 for a custom-scheme or MSAL.Desktop redirect URI: register it under Mobile and desktop applications', () => {
    for (const [uri, sku] of [['msauth.com.fabrikam.app://auth', 'MSAL.iOS'], ['http://localhost', 'MSAL.Desktop']]) {
      const url = `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=${APP}&response_type=code&redirect_uri=${encodeURIComponent(uri)}&x-client-SKU=${sku}`;
      const r = run(`${url}\nAADSTS50011: The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${APP}'.`);
      expect(r.findings[0].fix.join('\n'), uri).toContain('Authentication → Mobile and desktop applications → Redirect URIs');
    }
  });
});
