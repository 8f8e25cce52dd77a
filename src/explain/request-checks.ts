// Problems visible in the request itself, with or without an error from Entra: a placeholder or
// mistyped client_id, a single-tenant app addressed through /common or /organizations, a login
// host that is not the public cloud's, an authority with a path appended twice, v1/v2 parameters
// on the other version's endpoint, a secret in the URL, and an error wrapped in generic codes.

import { isGuid } from '../core/guid.js';
import { OIDC_SCOPES, splitScope, tokenizeScope } from '../core/policy/scope.js';
import type { Ctx } from './findings.js';
import { GENERIC_WRAPPER_CODES } from './generic-codes.js';
import { distance } from './redirect-diff.js';
import { describeSecret } from './secrets.js';

// ───────────────────────── client_id ─────────────────────────

/** Values samples and templates leave in client_id [O: Microsoft quickstarts, SDK samples]. */
const PLACEHOLDER_ID = /[{}<>$%]|enter[_ ]the|your[_ -]?(client|app)|client[_ -]?id|app(lication)?[_ -]?id|^(undefined|null|none|string|todo|changeme|x+)$/i;
const SHOWN = 80;

export function checkClientId(ctx: Ctx): void {
  const { s, manifest, observed } = ctx;
  const sent = s.clientId;
  if (sent === null || s.notes.some((n) => n.startsWith('client_id holds what looks like a client secret'))) return;
  const shown = sent.length > SHOWN ? `${sent.slice(0, SHOWN)}…` : sent;
  const app = manifest?.read.app;
  const target = app ? `send client_id=${app.appId}, the Application (client) ID of '${app.displayName}'` : 'send the Application (client) ID';
  if (!isGuid(sent.trim()) || /^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(sent.trim())) {
    const placeholder = PLACEHOLDER_ID.test(sent) || /^0{8}-/.test(sent.trim());
    // Entra answers a client_id that is not an application identifier with 700038
    // (unauthorized_client, "<id> is not a valid application identifier.") [O: issue 13 part 1].
    ctx.f.add(s.index, 700038, 'client-id', observed, {
      title: 'client_id is not an Application (client) ID',
      why: [
        placeholder
          ? `client_id is '${shown}', a placeholder left from a sample or template, not an Application (client) ID`
          : `client_id '${shown}' is not a GUID; Entra identifies the app by its Application (client) ID, 8-4-4-4-12 hexadecimal digits`,
      ],
      fix: [`${target} — App registrations → <app> → Overview → Application (client) ID — in the app's configuration (MSAL: clientId; ASP.NET: AzureAd:ClientId)`],
    });
    return;
  }
  if (!app) return;
  const id = sent.trim().toLowerCase();
  // 700016 and 7000215 already say it, and the Object ID case is checkAppInTenant's.
  if (id === app.appId || id === app.id.toLowerCase() || observed === 700016 || observed === 7000215) return;
  const d = distance(id, app.appId);
  ctx.f.add(s.index, null, 'client-id-mismatch', observed, {
    title: "client_id is not the manifest's app",
    why: [
      `the request's client_id is ${id}; the manifest is '${app.displayName}', appId ${app.appId}${d <= 4 ? ` — they differ in ${d} character${d === 1 ? '' : 's'}, a typo or a mis-copied ID` : ''}`,
    ],
    fix: [`if '${app.displayName}' is the app you mean, ${target} (App registrations → '${app.displayName}' → Overview); otherwise pass the manifest of app ${id}`],
  });
}

// ───────────────────────── single-tenant app on /common or /organizations ─────────────────────────

export function checkSingleTenantAlias(ctx: Ctx): void {
  const { s, manifest, observed } = ctx;
  const tenant = s.endpoint?.tenant?.toLowerCase() ?? null;
  const onAlias = tenant === 'common' || tenant === 'organizations';
  const app = manifest?.read.app;
  if (observed === 700016) return; // checkAppInTenant explains the alias there
  if (observed !== 50194 && !(onAlias && app?.signInAudience === 'AzureADMyOrg')) return;
  const host = s.endpoint?.host ?? 'login.microsoftonline.com';
  const home = manifest?.publisherDomain ?? '<Directory (tenant) ID>';
  const why = [
    app
      ? `the request goes to /${tenant ?? 'common'}, and '${app.displayName}' is single-tenant (Supported account types: Accounts in this organizational directory only; manifest "signInAudience": "AzureADMyOrg")`
      : `the request went to /${tenant ?? 'common'} for a single-tenant app (Supported account types: Accounts in this organizational directory only)`,
    '/common and /organizations mean "whichever tenant the user belongs to"; Entra refuses them for single-tenant apps registered after October 2018',
  ];
  ctx.f.add(s.index, 50194, 'single-tenant-alias', observed, {
    title: 'Single-tenant app addressed through /common or /organizations',
    why,
    fix: [
      `use the tenant-specific authority https://${host}/${home} (MSAL: authority; ASP.NET: AzureAd:TenantId)`,
      'or, if people from other organizations must sign in: Authentication → Supported account types → Accounts in any organizational directory (manifest: "signInAudience": "AzureADMultipleOrgs")',
    ],
  });
}

// ───────────────────────── which cloud the login host is ─────────────────────────

interface Cloud {
  name: string;
  graph?: string;
  retired?: boolean;
}

// [D: learn.microsoft.com/entra/identity-platform/authentication-national-cloud, Graph deployments]
const CLOUDS: Record<string, Cloud> = {
  'login.microsoftonline.us': { name: 'Azure Government (the US government cloud)', graph: 'https://graph.microsoft.us' },
  'login.chinacloudapi.cn': { name: 'Azure operated by 21Vianet (Azure China)', graph: 'https://microsoftgraph.chinacloudapi.cn' },
  'login.partner.microsoftonline.cn': { name: 'Azure operated by 21Vianet (Azure China)', graph: 'https://microsoftgraph.chinacloudapi.cn' },
  'login.microsoftonline.de': { name: 'Microsoft Cloud Deutschland, closed in October 2021 (its tenants moved to the global cloud)', retired: true },
};

export function checkLoginHost(ctx: Ctx): void {
  const { s, observed } = ctx;
  const host = s.endpoint?.host ?? null;
  if (host === null) return;
  if (host === 'login.windows-ppe.net') {
    ctx.f.add(s.index, null, 'login-host', observed, {
      title: 'Not the production login host',
      why: [
        "the request went to login.windows-ppe.net, Microsoft's pre-production (PPE) Entra, where Entra itself is tested: production tenants and app registrations do not exist there, so it answers 'not found' for them",
      ],
      fix: ['use https://login.microsoftonline.com in the authority (MSAL: authority / AzureCloudInstance; ASP.NET: AzureAd:Instance)'],
    });
    return;
  }
  const cloud = CLOUDS[host];
  if (!cloud) return;
  const why = [`the request went to ${host}, the login host of ${cloud.name}: apps, tenants and APIs exist only in the cloud they were created in`];
  const fix: string[] = [];
  if (cloud.retired) {
    fix.push('use https://login.microsoftonline.com: the tenants of Microsoft Cloud Deutschland now sign in there');
  } else {
    const globalGraph = (s.scope ?? '').toLowerCase().includes('graph.microsoft.com') || (s.resource ?? '').toLowerCase().includes('graph.microsoft.com');
    if (globalGraph && cloud.graph) {
      why.push(`the request asks for https://graph.microsoft.com, the global cloud's Microsoft Graph; in ${cloud.name} Microsoft Graph is ${cloud.graph}`);
      fix.push(`ask for ${cloud.graph}/.default (or ${cloud.graph}/<permission>) and call ${cloud.graph}`);
    }
    fix.push(`this host is right when the app is registered in ${cloud.name}; its APIs then have that cloud's hosts too. If the app is registered in the global cloud instead, its authority is https://login.microsoftonline.com/<tenant>`);
  }
  ctx.f.add(s.index, null, 'cloud', observed, { title: `A national cloud: ${cloud.name}`, why, fix });
}

// ───────────────────────── an authority with a path appended twice ─────────────────────────

export function checkAuthorityPath(ctx: Ctx): void {
  const { s, observed } = ctx;
  if (!s.url) return;
  const m = /^(https?:\/\/[^/?#]+)(\/[^?#]*)$/i.exec(s.url);
  if (!m) return;
  const [, origin, path] = m;
  const segments = path.split('/').filter(Boolean);
  const lower = segments.map((x) => x.toLowerCase());
  const count = (name: string) => lower.filter((x) => x === name).length;
  const problems: string[] = [];
  if (count('v2.0') > 1) problems.push('/v2.0 appears twice');
  if (count('oauth2') > 1) problems.push('/oauth2/… appears twice');
  const wk = lower.indexOf('.well-known');
  if (wk > 0 && lower.slice(0, wk).includes('oauth2')) problems.push('the metadata address was appended to an /oauth2/… endpoint');
  if (lower[1] === 'v2.0' && lower[2] === 'oauth2') problems.push('/v2.0 comes before /oauth2/ (the v2.0 endpoints are /oauth2/v2.0/…)');
  if (problems.length === 0 || lower[0] === undefined) return;
  const authority = `${origin}/${segments[0]}`;
  ctx.f.add(s.index, null, 'authority-path', observed, {
    title: 'The authority has a path the library appends itself',
    why: [`the request went to ${s.url}: ${problems.join('; ')} — the configured authority already ended in a path the library adds`],
    fix: [
      `set the authority to ${authority} (MSAL appends /oauth2/v2.0/authorize and /oauth2/v2.0/token itself)`,
      `where an OpenID Connect library wants the metadata address instead: ${authority}/v2.0/.well-known/openid-configuration`,
    ],
  });
}

// ───────────────────────── v2.0 scope on the v1 endpoint ─────────────────────────

export function checkScopeOnV1(ctx: Ctx): void {
  const { s, observed } = ctx;
  const e = s.endpoint;
  if (e?.version !== 'v1' || (e.kind !== 'token' && e.kind !== 'authorize') || s.scope === null || s.resource !== null) return;
  const apiScopes = tokenizeScope(s.scope).filter((t) => !OIDC_SCOPES.has(t.toLowerCase()));
  if (apiScopes.length === 0) return;
  const resource = splitScope(apiScopes[0]).identifier || apiScopes[0].replace(/\/\.default$/, '');
  const v2 = (s.url ?? '').replace(/\/oauth2\//i, '/oauth2/v2.0/');
  ctx.f.add(s.index, null, 'v1-scope', observed, {
    title: "v2.0 'scope' sent to the v1 endpoint",
    why: [`the request went to the v1 endpoint (${s.url}) with scope=${s.scope} and no resource: v1 picks the API from resource and does not read the permissions named in scope`],
    fix: [`call the v2.0 endpoint, where scope is read: ${v2 || '/<tenant>/oauth2/v2.0/token'}`, `or, staying on v1, send resource=${resource} (the API's Application ID URI) instead of scope`],
  });
}

// ───────────────────────── secrets in the URL ─────────────────────────

const URL_SECRETS = ['password', 'passwd', 'client_secret', 'client_assertion', 'refresh_token'];

export function checkSecretInUrl(ctx: Ctx): void {
  const { s, x, observed } = ctx;
  const q = x.request?.query ?? {};
  const found = URL_SECRETS.filter((name) => Object.keys(q).some((k) => k.toLowerCase() === name));
  if (found.length === 0) return;
  const described = found.map((name) => `${name} ${describeSecret(q[Object.keys(q).find((k) => k.toLowerCase() === name)!], { fingerprint: name !== 'password' && name !== 'passwd' })}`);
  const why = [`the URL's query string carries ${described.join(', ')}: URLs are written to server and proxy logs, browser history and HAR files, so treat ${found.length === 1 ? 'it' : 'them'} as exposed`];
  if (x.request?.method === 'POST' && s.endpoint?.kind === 'token') why.push('the token endpoint reads parameters only from the form body, so Entra did not see them there either');
  const fix: string[] = [];
  if (found.some((n) => n === 'password' || n === 'passwd')) fix.push("change that user's password");
  if (found.includes('client_secret')) fix.push('Certificates & secrets → Client secrets: create a new secret and delete the exposed one');
  fix.push("send these parameters in the application/x-www-form-urlencoded body (curl: -d / --data-urlencode), never in the URL");
  ctx.f.add(s.index, null, 'secret-in-url', observed, { title: 'A secret in the URL', why, fix });
}

// ───────────────────────── a generic code listed before the specific one ─────────────────────────

export function checkWrappedCodes(ctx: Ctx): void {
  const { s, observed } = ctx;
  const codes = s.response?.codes ?? [];
  if (observed === null || codes.length < 2 || codes[0] === observed) return;
  const wrappers = codes.filter((c) => GENERIC_WRAPPER_CODES.has(c));
  if (wrappers.length === 0) return;
  ctx.f.add(s.index, observed, 'wrapped-codes', observed, {
    why: [`error_codes lists ${codes.join(', ')}: ${wrappers.map((c) => `AADSTS${c} ('${GENERIC_WRAPPER_CODES.get(c)}') is a generic wrapper`).join('; ')}; AADSTS${observed} names the cause`],
  });
}
